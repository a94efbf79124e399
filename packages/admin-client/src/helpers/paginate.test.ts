import { describe, expect, it } from "vitest";
import {
  fakeFetch,
  galleryError,
  json,
  type RecordedRequest,
  testClient,
} from "../../test/fake-fetch.js";
import { AlteryxApiError, AlteryxPagingError } from "../http/errors.js";
import { type LooseGet, paginate, paginatePages, walk } from "./paginate.js";

/** A fake server over `total` items answering both paging styles, as the spec describes. */
function pagedServer(total: number) {
  const item = (i: number) => ({ id: `id-${i}` });
  return fakeFetch((request: RecordedRequest) => {
    const q = new URL(request.url).searchParams;
    let start: number;
    let size: number;
    if (q.has("offset") || q.has("limit")) {
      start = Number(q.get("offset") ?? 0);
      size = Number(q.get("limit") ?? total);
    } else {
      size = Number(q.get("pageSize") ?? 0) || total;
      start = Number(q.get("page") ?? 0) * size;
    }
    const items = [];
    for (let i = start; i < Math.min(total, start + size); i++) items.push(item(i));
    return json(items);
  });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = [];
  for await (const value of iterable) result.push(value);
  return result;
}

const queryOf = (r: RecordedRequest) => new URL(r.url).search;

describe("paginate", () => {
  it("walks a page/pageSize route from page 0 and stops at a short page", async () => {
    const fetch = pagedServer(25);
    const users = await collect(paginate(testClient(fetch), "/users/", { pageSize: 10 }));
    expect(users.map((u) => u.id)).toEqual(Array.from({ length: 25 }, (_, i) => `id-${i}`));
    expect(fetch.calls.map(queryOf)).toEqual([
      "?page=0&pageSize=10",
      "?page=1&pageSize=10",
      "?page=2&pageSize=10",
    ]);
  });

  it("walks an offset/limit route and keeps the other query parameters", async () => {
    const fetch = pagedServer(20);
    const admin = testClient(fetch);
    const workflows = await collect(
      paginate(admin, "/workflows/", { pageSize: 10, query: { search: "sales report" } }),
    );
    expect(workflows).toHaveLength(20);
    // A full last page costs one more request, which comes back empty.
    expect(fetch.calls.map(queryOf)).toEqual([
      "?search=sales%20report&offset=0&limit=10",
      "?search=sales%20report&offset=10&limit=10",
      "?search=sales%20report&offset=20&limit=10",
    ]);
  });

  it("passes required parameters of the audit log and can start at page 1", async () => {
    const fetch = pagedServer(3);
    const events = await collect(
      paginate(testClient(fetch), "/auditlog/", { query: { entity: "User" }, start: 1 }),
    );
    expect(events).toHaveLength(0);
    expect(fetch.calls.map(queryOf)).toEqual(["?entity=User&page=1&pageSize=100"]);
  });

  it("starts an offset route at the offset given", async () => {
    const fetch = pagedServer(25);
    const pages = await collect(
      paginatePages(testClient(fetch), "/workflows/", { pageSize: 10, start: 20 }),
    );
    expect(pages.map((p) => p.length)).toEqual([5]);
    expect(fetch.calls.map(queryOf)).toEqual(["?offset=20&limit=10"]);
  });

  it("requests the next page only when the consumer gets there", async () => {
    const fetch = pagedServer(1000);
    for await (const user of paginate(testClient(fetch), "/users/", { pageSize: 10 })) {
      if (user.id === "id-12") break;
    }
    expect(fetch.calls).toHaveLength(2);
  });

  it("stops with a clear error when the server ignores paging", async () => {
    const fetch = fakeFetch(() => json([{ id: "a" }, { id: "b" }]));
    const seen: string[] = [];
    const walk = async () => {
      for await (const user of paginate(testClient(fetch), "/users/", { pageSize: 2 })) {
        seen.push(user.id);
      }
    };
    await expect(walk()).rejects.toThrow(AlteryxPagingError);
    await expect(walk()).rejects.toThrow(/same 2 items for page 1.*ignores the page\/pageSize/);
    expect(seen.slice(0, 2)).toEqual(["a", "b"]);
  });

  it("detects repeated pages of data connections by connectionId", async () => {
    const fetch = fakeFetch(() => json([{ connectionId: "c1" }]));
    await expect(
      collect(paginate(testClient(fetch), "/systemdataconnections/", { pageSize: 1 })),
    ).rejects.toThrow(/offset 1 .*offset\/limit/);
  });

  it("throws AlteryxApiError when a page fails", async () => {
    const fetch = fakeFetch((_, n) =>
      n === 1 ? json([{ id: "a" }]) : galleryError(401, "UnauthorizedException", "bad signature"),
    );
    const walk = collect(paginate(testClient(fetch), "/collections/", { pageSize: 1 }));
    await expect(walk).rejects.toThrow(AlteryxApiError);
    await expect(walk).rejects.toMatchObject({
      status: 401,
      exceptionName: "UnauthorizedException",
    });
  });

  it("rejects an answer that is not an array, and bad options", async () => {
    const notArray = fakeFetch(() => json({ items: [] }));
    await expect(collect(paginate(testClient(notArray), "/users/"))).rejects.toThrow(
      /answered a JSON object instead of an array/,
    );
    const admin = testClient(pagedServer(1));
    await expect(collect(paginate(admin, "/users/", { pageSize: 0 }))).rejects.toThrow(
      /pageSize must be an integer >= 1/,
    );
    await expect(collect(paginate(admin, "/health/" as "/users/"))).rejects.toThrow(
      /cannot walk "\/health\/"; list routes: \/users\//,
    );
    await expect(collect(paginate(admin, "/workflows/jobs/", { pageSize: 5 }))).rejects.toThrow(
      "/workflows/jobs/ answers the whole list at once: pageSize and start do not apply",
    );
  });

  it("gives a route that answers the whole list at once as one page", async () => {
    const fetch = fakeFetch(() => json([{ id: "a" }, { id: "b" }]));
    const pages = await collect(
      paginatePages(testClient(fetch), "/workflows/jobs/", { query: { includeMessages: false } }),
    );
    expect(pages).toEqual([[{ id: "a" }, { id: "b" }]]);
    expect(fetch.calls.map(queryOf)).toEqual(["?includeMessages=false"]);
  });

  it("yields pages with paginatePages", async () => {
    const pages = await collect(
      paginatePages(testClient(pagedServer(5)), "/schedules/", { pageSize: 2 }),
    );
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
  });
});

describe("the paging engine", () => {
  it("reads custom parameter names and an items envelope from the rule (Server API v3 style)", async () => {
    const asked: Array<Record<string, unknown>> = [];
    const get: LooseGet = async (_, init) => {
      asked.push(init.params.query);
      const page = Number(init.params.query.pageNumber);
      const data = page < 2 ? [{ id: `j${page}a` }, { id: `j${page}b` }] : [{ id: "last" }];
      return { data: { data, recordCount: 5 }, response: new Response(null, { status: 200 }) };
    };
    const request = { method: "GET", origin: "https://h", path: "/v3/jobs" };
    const rule = {
      style: "page",
      pageParam: "pageNumber",
      sizeParam: "pageSize",
      items: "data",
    } as const;
    const pages = await collect(
      walk(get, request, rule, { pageSize: 2, start: 0, query: { status: "Complete" } }),
    );
    expect(pages).toEqual([
      [{ id: "j0a" }, { id: "j0b" }],
      [{ id: "j1a" }, { id: "j1b" }],
      [{ id: "last" }],
    ]);
    expect(asked).toEqual([
      { status: "Complete", pageNumber: 0, pageSize: 2 },
      { status: "Complete", pageNumber: 1, pageSize: 2 },
      { status: "Complete", pageNumber: 2, pageSize: 2 },
    ]);
    const bare: LooseGet = async () => ({
      data: [1],
      response: new Response(null, { status: 200 }),
    });
    await expect(collect(walk(bare, request, rule, {}))).rejects.toThrow(
      'GET /v3/jobs answered a JSON array instead of an object with an array "data"',
    );
  });
});
