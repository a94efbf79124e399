/**
 * Paging against the mock: a walk over a whole collection yields exactly what one big read
 * returns, in the same order, for every route style.
 */
import { DATASET_SIZES } from "@alteryx-admin/mock-gallery";
import { beforeAll, describe, expect, it } from "vitest";
import { type AdminClient, paginate, paginatePages, unwrap } from "../../src/index.js";
import { mockClient } from "./mock-client.js";

async function ids(iterable: AsyncIterable<{ id: string } | { connectionId: string }>) {
  const result: string[] = [];
  for await (const item of iterable) result.push("id" in item ? item.id : item.connectionId);
  return result;
}

describe("paginate against the mock", () => {
  let admin: AdminClient;
  beforeAll(() => {
    admin = mockClient();
  });

  it("walks /users/ (page/pageSize) and matches one pageSize=0 read", async () => {
    const everything = unwrap(await admin.GET("/users/", { params: { query: { pageSize: 0 } } }));
    expect(everything).toHaveLength(DATASET_SIZES.users);
    const walked = await ids(paginate(admin, "/users/", { pageSize: 7 }));
    expect(walked).toEqual(everything.map((u) => u.id));
  });

  it("walks /workflows/ (offset/limit) and matches one large read", async () => {
    const everything = unwrap(
      await admin.GET("/workflows/", { params: { query: { limit: 100_000 } } }),
    );
    // Deleted workflows are listed only by /workflows/all/.
    expect(everything.length).toBeGreaterThan(100);
    const walked = await ids(
      paginate(admin, "/workflows/", {
        pageSize: 25,
        query: { sortField: "name", direction: "asc" },
      }),
    );
    const sorted = unwrap(
      await admin.GET("/workflows/", {
        params: { query: { sortField: "name", direction: "asc", limit: 100_000 } },
      }),
    );
    expect(walked).toEqual(sorted.map((w) => w.id));
  });

  it("walks /workflows/all/ (zero-based pages) and matches pageSize=0", async () => {
    const everything = unwrap(
      await admin.GET("/workflows/all/", { params: { query: { pageSize: 0 } } }),
    );
    let pages = 0;
    const walked: string[] = [];
    for await (const page of paginatePages(admin, "/workflows/all/", { pageSize: 50 })) {
      pages++;
      expect(page.length).toBeLessThanOrEqual(50);
      for (const w of page) walked.push(w.id);
    }
    expect(walked).toEqual(everything.map((w) => w.id));
    expect(pages).toBe(Math.ceil(everything.length / 50));
  });

  it("walks the audit log of one entity", async () => {
    const everything = unwrap(
      await admin.GET("/auditlog/", {
        params: { query: { entity: "User", page: 0, pageSize: 100_000 } },
      }),
    );
    expect(everything.length).toBeGreaterThan(10);
    const walked = await ids(
      paginate(admin, "/auditlog/", { query: { entity: "User" }, pageSize: 10 }),
    );
    expect(walked).toEqual(everything.map((e) => e.id));
  });

  it("walks the data connections and insights (offset/limit)", async () => {
    const connections = unwrap(await admin.GET("/serverdataconnections/"));
    expect(await ids(paginate(admin, "/serverdataconnections/", { pageSize: 3 }))).toEqual(
      connections.map((c) => c.connectionId),
    );
    const insights = unwrap(await admin.GET("/insights/", { params: { query: { limit: 0 } } }));
    expect(insights).toHaveLength(DATASET_SIZES.insights);
    expect(await ids(paginate(admin, "/insights/", { pageSize: 5 }))).toEqual(
      insights.map((i) => i.id),
    );
  });
});
