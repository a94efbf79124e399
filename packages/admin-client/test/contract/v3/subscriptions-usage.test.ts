/**
 * Subscriptions (studios): list (filters), create, get, update, move users in, and delete,
 * refused while users remain. Usage: download the records, then clean up the reported ones.
 */
import { describe, expect, it } from "vitest";
import { multipart, ok, okEmpty, v3Client } from "./client.js";

const v3 = v3Client();
const MISSING = "5b1a3c2e8f0d4a6b9c7e5f10";

describe("subscriptions", () => {
  it("lists studios with their counts and filters them", async () => {
    const all = ok(await v3.GET("/v3/subscriptions"));
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(all.reduce((n, s) => n + s.userCount, 0)).toBeGreaterThan(100);
    const big = ok(
      await v3.GET("/v3/subscriptions", { params: { query: { userCountGreaterThanEquals: 40 } } }),
    );
    expect(big.every((s) => s.userCount >= 40)).toBe(true);
  });

  it("creates a studio, moves a user in, updates it, and deletes it once empty", async () => {
    const created = await v3.POST("/v3/subscriptions", {
      body: { name: "Contract studio", canShareSchedule: false },
    });
    expect(created.response.status).toBe(201);
    const subscriptionId = (ok(created) as { id: string }).id;
    const [user] = ok(
      await v3.GET("/v3/users", { params: { query: { active: true, role: "Artisan" } } }),
    );
    if (!user) throw new Error("the seeded data lacks an active Artisan");
    const home = ok(await v3.GET("/v3/subscriptions")).find(
      (s) => s.userCount > 0 && s.id !== subscriptionId,
    );
    okEmpty(
      await v3.PUT("/v3/subscriptions/{subscriptionId}/users", {
        params: { path: { subscriptionId } },
        body: { userIds: [user.id] },
      }),
    );
    const details = ok(
      await v3.GET("/v3/subscriptions/{subscriptionId}", { params: { path: { subscriptionId } } }),
    );
    expect(details.users?.map((u) => u.id)).toEqual([user.id]);
    const updated = ok(
      await v3.PUT("/v3/subscriptions/{subscriptionId}", {
        params: { path: { subscriptionId } },
        body: { name: "Contract studio 2", credentialId: "", canShareSchedules: true },
      }),
    );
    expect(updated).toMatchObject({ name: "Contract studio 2", canShareSchedules: true });
    const refused = await v3.DELETE("/v3/subscriptions", { params: { query: { subscriptionId } } });
    expect(refused.response.status).toBe(400);
    okEmpty(
      await v3.PUT("/v3/subscriptions/{subscriptionId}/users", {
        params: { path: { subscriptionId: home?.id ?? "" } },
        body: { userIds: [user.id] },
      }),
    );
    okEmpty(await v3.DELETE("/v3/subscriptions", { params: { query: { subscriptionId } } }));
    expect(
      (await v3.GET("/v3/subscriptions/{subscriptionId}", { params: { path: { subscriptionId } } }))
        .response.status,
    ).toBe(404);
  });

  it("the documented refusals: an empty name (400), unknown studios (404)", async () => {
    expect((await v3.POST("/v3/subscriptions", { body: { name: " " } })).response.status).toBe(400);
    const path = { params: { path: { subscriptionId: MISSING } } };
    expect((await v3.GET("/v3/subscriptions/{subscriptionId}", path)).response.status).toBe(404);
    expect(
      (await v3.DELETE("/v3/subscriptions", { params: { query: { subscriptionId: MISSING } } }))
        .response.status,
    ).toBe(404);
  });
});

describe("usage", () => {
  it("downloads the records, deletes those reported, and answers 404 once none are left", async () => {
    const file = await v3.GET("/v3/usage", { parseAs: "text" });
    const lines = (ok(file) as unknown as string).trim().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    const ids = lines.map((line) => (JSON.parse(line) as { id: string }).id);
    const form = new FormData();
    form.set("file", new Blob([ids[0] ?? ""], { type: "text/plain" }), "ack.txt");
    okEmpty(await v3.POST("/v3/usage", multipart(form)));
    const rest = (ok(await v3.GET("/v3/usage", { parseAs: "text" })) as unknown as string)
      .trim()
      .split("\n");
    expect(rest).toHaveLength(lines.length - 1);
    const last = new FormData();
    last.set("file", new Blob([ids.at(-1) ?? ""], { type: "text/plain" }), "ack.txt");
    okEmpty(await v3.POST("/v3/usage", multipart(last)));
    expect((await v3.GET("/v3/usage", { parseAs: "text" })).response.status).toBe(404);
    const empty = new FormData();
    empty.set("file", new Blob([""], { type: "text/plain" }), "ack.txt");
    expect((await v3.POST("/v3/usage", multipart(empty))).response.status).toBe(400);
  });
});
