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
  notes: ["recent audit events of User come from its first 5000 events only (the log is longer)"],
};

async function* pagesOf(
  events: Array<{ timestamp: string }>,
  size: number,
): AsyncGenerator<Array<{ timestamp: string }>> {
  for (let i = 0; i < events.length; i += size) yield events.slice(i, i + size);
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

  it("shows refused sections as unavailable", () => {
    const text = formatSummary(summary, pc.createColors(false), "profile prod");
    expect(text).toContain("1 workflow, 1 app; ready for migration: unavailable");
    expect(text).toContain("(no jobs)");
    expect(text).toContain("(unavailable: GET /auditlog/ answered HTTP 403)");
    expect(text).toMatch(/^Users +3 {2}2 active, 1 curator, 0 locked$/m);
    expect(text).toMatch(/^note: recent audit events of User come from its first 5000 events/m);
  });

  it("keeps the newest audit events across pages in any order, and says when it stopped early", async () => {
    const day = (d: number) => ({ timestamp: `2024-01-${String(d).padStart(2, "0")}T00:00:00Z` });
    const log = [5, 1, 9, 3, 7, 2, 8, 4, 6].map(day);
    const all = await newestEvents(pagesOf(log, 2), 3, 100);
    expect(all).toEqual({ events: [day(9), day(8), day(7)], read: 9, truncated: false });
    const capped = await newestEvents(pagesOf(log, 2), 3, 5);
    expect(capped).toEqual({ events: [day(9), day(7), day(5)], read: 5, truncated: true });
  });
});
