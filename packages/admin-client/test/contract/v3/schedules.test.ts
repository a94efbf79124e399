/** Schedules: list (views, filters, the 45-day window), create, get, replace, patch, delete. */
import { describe, expect, it } from "vitest";
import { OBJECT_ID, ok, okEmpty, v3Client } from "./client.js";

const v3 = v3Client();
const MISSING = "5b1a3c2e8f0d4a6b9c7e5f10";

describe("schedules", () => {
  it("lists reduced schedules, whole ones with view=Full, and filters by owner and run window", async () => {
    const reduced = ok(await v3.GET("/v3/schedules"));
    expect(reduced.length).toBeGreaterThan(10);
    expect(reduced[0]).not.toHaveProperty("iteration");
    const full = ok(await v3.GET("/v3/schedules", { params: { query: { view: "Full" } } }));
    expect(full[0]).toHaveProperty("iteration");
    const owner = reduced[0]?.ownerId ?? "";
    const owned = ok(await v3.GET("/v3/schedules", { params: { query: { ownerId: owner } } }));
    expect(owned.every((s) => s.ownerId === owner)).toBe(true);
    const window = ok(
      await v3.GET("/v3/schedules", {
        params: {
          query: { runsAfter: "2021-09-30T00:00:00Z", runsBefore: "2021-11-10T00:00:00Z" },
        },
      }),
    );
    for (const s of window) {
      expect(Date.parse(s.runDateTime ?? "")).toBeGreaterThanOrEqual(
        Date.parse("2021-09-30T00:00:00Z"),
      );
    }
    const tooWide = await v3.GET("/v3/schedules", {
      params: { query: { runsAfter: "2021-01-01T00:00:00Z", runsBefore: "2021-06-01T00:00:00Z" } },
    });
    expect(tooWide.response.status).toBe(400);
  });

  it("creates, reads, replaces, patches and deletes a schedule", async () => {
    const workflows = ok(await v3.GET("/v3/workflows"));
    const workflowId = workflows[0]?.id ?? "";
    const id = ok(
      await v3.POST("/v3/schedules", {
        body: {
          workflowId,
          name: "Nightly contract run",
          priority: "High",
          iteration: {
            iterationType: "Weekly",
            startTime: "2030-01-01T02:00:00Z",
            weeklyContract: { daysOfWeek: ["Monday", "Thursday"] },
          },
          questions: [{ name: "Region", value: "West" }],
        },
      }),
    );
    expect(id).toMatch(OBJECT_ID);
    const created = ok(
      await v3.GET("/v3/schedules/{scheduleId}", { params: { path: { scheduleId: id } } }),
    );
    expect(created).toMatchObject({
      name: "Nightly contract run",
      priority: "High",
      frequency: "Weekly",
      enabled: true,
    });
    expect(created.questions).toEqual([{ name: "Region", value: "West" }]);
    const replaced = ok(
      await v3.PUT("/v3/schedules/{scheduleId}", {
        params: { path: { scheduleId: id } },
        body: {
          workflowId,
          ownerId: created.ownerId ?? "",
          iteration: {
            iterationType: "Cron",
            startTime: "2030-01-01T02:00:00Z",
            cronContract: { cronExpression: "0 2 * * *" },
          },
          name: "Cron contract run",
          comment: "replaced",
          priority: "Default",
          workerTag: "",
          enabled: true,
          credentialId: "",
        },
      }),
    );
    expect(replaced).toMatchObject({
      name: "Cron contract run",
      comment: "replaced",
      frequency: "Cron",
    });
    const patched = ok(
      await v3.PATCH("/v3/schedules/{scheduleId}", {
        params: { path: { scheduleId: id } },
        body: { enabled: false },
      }),
    );
    expect(patched).toMatchObject({ enabled: false, name: "Cron contract run", state: "Disabled" });
    okEmpty(
      await v3.DELETE("/v3/schedules/{scheduleId}", { params: { path: { scheduleId: id } } }),
    );
    expect(
      (await v3.GET("/v3/schedules/{scheduleId}", { params: { path: { scheduleId: id } } }))
        .response.status,
    ).toBe(404);
  });

  it("the documented refusals: a bad iteration (400), unknown schedules (404)", async () => {
    const workflows = ok(await v3.GET("/v3/workflows"));
    const bad = await v3.POST("/v3/schedules", {
      body: {
        workflowId: workflows[0]?.id ?? "",
        iteration: { iterationType: "Hourly", startTime: "2030-01-01T00:00:00Z" },
      },
    });
    expect(bad.response.status).toBe(400);
    const path = { params: { path: { scheduleId: MISSING } } };
    expect((await v3.GET("/v3/schedules/{scheduleId}", path)).response.status).toBe(404);
    expect(
      (await v3.PATCH("/v3/schedules/{scheduleId}", { ...path, body: { enabled: true } })).response
        .status,
    ).toBe(404);
    expect((await v3.DELETE("/v3/schedules/{scheduleId}", path)).response.status).toBe(404);
  });
});
