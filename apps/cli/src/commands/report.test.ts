import { AlteryxApiError } from "@alteryx-admin/client";
import pc from "picocolors";
import { describe, expect, it } from "vitest";
import { formatSummary, type GallerySummary, newestEvents, optional } from "./report.js";

const summary: GallerySummary = {
  gallery: "https://g.example.com/gallery/api/admin/v1",
  generatedAt: "2024-01-01T00:00:00.000Z",
  users: { total: 3, active: 2, curators: 1, locked: 0 },
  subscriptions: { total: 1, active: 1 },
  workflows: { total: 2, byType: { workflows: 1, apps: 1 }, readyForMigration: null },
  schedules: { total: 0, enabled: 0 },
  collections: 0,
  recentJobs: [],
  recentEvents: [],
  unavailable: { recentEvents: "GET /auditlog/ answered HTTP 403" },
};

/** A fake audit log read page by page, recording which pages were asked for. */
function logOf(events: Array<{ timestamp: string }>, pageSize: number) {
  const asked: number[] = [];
  const fetchPage = async (page: number) => {
    asked.push(page);
    return events.slice(page * pageSize, (page + 1) * pageSize);
  };
  return { asked, fetchPage };
}

describe("report", () => {
  it("keeps going when an optional section is refused, but not on 401 or network errors", async () => {
    const unavailable: Record<string, string> = {};
    const forbidden = new AlteryxApiError({
      status: 403,
      method: "GET",
      path: "/auditlog/?entity=User",
    });
    await expect(
      optional("recentEvents", Promise.reject(forbidden), unavailable),
    ).resolves.toBeUndefined();
    expect(unavailable).toEqual({ recentEvents: "GET /auditlog/ answered HTTP 403" });
    const unauthorized = new AlteryxApiError({ status: 401, method: "GET", path: "/users/" });
    await expect(optional("x", Promise.reject(unauthorized), {})).rejects.toBe(unauthorized);
    await expect(optional("x", Promise.reject(new TypeError("fetch failed")), {})).rejects.toThrow(
      "fetch failed",
    );
  });

  it("marks a job's or an event's entity that is no longer listed as deleted", () => {
    const text = formatSummary(
      {
        ...summary,
        recentJobs: [
          {
            workflow: "60a4f666c70daf68a0fb2fca",
            workflowDeleted: true,
            status: "Completed",
            disposition: "Success",
            createDate: "2024-01-02T00:00:00Z",
          },
          {
            workflow: "Weekly Sales Extract",
            workflowDeleted: false,
            status: "Completed",
            disposition: "Success",
            createDate: "2024-01-01T00:00:00Z",
          },
        ],
        recentEvents: [
          {
            what: "610b3b72ccd4c203dc6fbb94",
            whatDeleted: true,
            by: "ana@example.com",
            timestamp: "2024-01-02T00:00:00Z",
            entity: "AppInfo",
            event: "delete",
            entityId: "610b3b72ccd4c203dc6fbb94",
            userId: "5a0000000000000000000001",
          },
        ],
        unavailable: {},
      },
      pc.createColors(false),
      "profile prod",
    );
    expect(text).toContain("(deleted) 60a4f666c70daf68a0fb2fca");
    expect(text).toContain("(deleted) 610b3b72ccd4c203dc6fbb94");
    expect(text).not.toContain("(deleted) Weekly Sales Extract");
  });

  it("shows refused sections as unavailable", () => {
    const text = formatSummary(summary, pc.createColors(false), "profile prod");
    expect(text).toContain("1 workflow, 1 app; ready for migration: unavailable");
    expect(text).toContain("(no jobs)");
    expect(text).toContain("(unavailable: GET /auditlog/ answered HTTP 403)");
    expect(text).toMatch(/^Users +3 {2}2 active, 1 curator, 0 locked$/m);
  });

  it("keeps the newest audit events of a short log, whatever the order", async () => {
    const day = (d: number) => ({ timestamp: `2024-01-${String(d).padStart(2, "0")}T00:00:00Z` });
    const log = logOf([5, 1, 9, 3, 7, 2, 8, 4, 6].map(day), 2);
    expect(await newestEvents(log.fetchPage, 2, 3, 100)).toEqual({
      events: [day(9), day(8), day(7)],
      truncated: false,
    });
    expect(log.asked).toEqual([0, 1, 2, 3, 4]);
  });

  it("reads a long log from both ends, finding its end in a few requests", async () => {
    const at = (n: number) => ({
      timestamp: new Date(Date.UTC(2020, 0, 1) + n * 60_000).toISOString(),
    });
    // Oldest first, as the Gallery answers: the newest events are on the last page.
    for (const length of [601, 2_345, 2_400, 2_401, 100_003]) {
      const events = Array.from({ length }, (_, i) => at(i));
      const log = logOf(events, 100);
      const result = await newestEvents(log.fetchPage, 100, 5, 500);
      expect(result.events, String(length)).toEqual(events.slice(-5).reverse());
      expect(result.truncated).toBe(true);
      expect(log.asked.length).toBeLessThan(5 + 2 * Math.log2(length / 100) + 3);
      expect(new Set(log.asked).size, `pages asked twice: ${log.asked}`).toBe(log.asked.length);
      // Newest first works too: the first pages have them.
      const reversed = logOf([...events].reverse(), 100);
      expect((await newestEvents(reversed.fetchPage, 100, 5, 500)).events).toEqual(
        events.slice(-5).reverse(),
      );
    }
  });
});
