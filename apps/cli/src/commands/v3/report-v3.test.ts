import pc from "picocolors";
import { describe, expect, it } from "vitest";
import { collectCurrentSection, formatCurrentSection } from "./report-v3.js";
import type { ServerClient } from "./server-client.js";

const now = new Date("2026-12-02T12:00:00Z");

/** A client answering the three calls from fixed data, recording each path and query. */
function fakeClient() {
  const calls: Array<{ path: string; query: Record<string, unknown> }> = [];
  const answers: Record<string, unknown> = {
    "/v3/users": [
      { id: "1", email: "ada@example.com", lastLoginDateTime: "2026-12-01T00:00:00Z" },
      { id: "2", email: "grace@example.com", lastLoginDateTime: "2026-01-01T00:00:00Z" },
      { id: "3", email: "alan@example.com", lastLoginDateTime: null },
    ],
    "/v3/schedules": [
      { id: "s2", name: "Weekly", runDateTime: "2026-12-07T06:00:00Z" },
      { id: "s1", name: "Nightly", runDateTime: "2026-12-03T02:00:00Z" },
      { id: "s3", name: "Orphan", runDateTime: null },
    ],
    "/v3/jobs": {
      data: [
        {
          jobId: "j1",
          status: "Running",
          workflowName: "Sales",
          submittedBy: "ada@example.com",
          queueTime: "2026-12-02T11:58:00Z",
        },
      ],
      pagination: { totalItems: 7 },
    },
  };
  const client = {
    GET: async (path: string, init: { params?: { query?: Record<string, unknown> } }) => {
      calls.push({ path, query: init.params?.query ?? {} });
      return { data: answers[path], response: new Response(null, { status: 200 }) };
    },
  } as unknown as ServerClient;
  return { client, calls };
}

describe("report's v3 section", () => {
  it("reads inactive users, the next runs in one window and the queue in three calls", async () => {
    const { client, calls } = fakeClient();
    const s = await collectCurrentSection(client, {
      inactiveDays: 90,
      forecastDays: 7,
      recent: 5,
      now,
    });
    expect(calls.map((c) => c.path)).toEqual(["/v3/users", "/v3/schedules", "/v3/jobs"]);
    expect(calls[1]?.query).toEqual({
      runsAfter: "2026-12-02T12:00:00.000Z",
      runsBefore: "2026-12-09T12:00:00.000Z",
    });
    expect(calls[2]?.query).toMatchObject({
      allUsers: true,
      statuses: ["Queued", "Initializing", "Running"],
    });
    expect(s.inactiveUsers).toEqual({
      total: 2,
      activeUsers: 3,
      longest: [
        { email: "alan@example.com", lastLogin: null },
        { email: "grace@example.com", lastLogin: "2026-01-01T00:00:00Z" },
      ],
    });
    expect(s.nextRuns.map((r) => r.schedule)).toEqual(["Nightly", "Weekly"]);
    expect(s.queue.total).toBe(7);
    const text = formatCurrentSection(s, pc.createColors(false)).join("\n");
    expect(text).toContain("2 of 3 active users");
    expect(text).toContain("2026-12-03 02:00Z  Nightly");
    expect(text).toContain("7 queued or running");
    expect(text).toContain("alan@example.com  last sign-in never");
  });
});
