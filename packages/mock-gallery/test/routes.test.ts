import { unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KNOWN_CURATOR, type MockGallery, startMockGallery } from "../src/index.js";
import { json, signedFetch } from "./sign.js";

let gallery: MockGallery;
beforeAll(async () => {
  gallery = await startMockGallery({ seed: 7 });
});
afterAll(() => gallery.close());

async function get<T = Array<Record<string, unknown>>>(path: string): Promise<T> {
  const res = await signedFetch(gallery.credentials, `${gallery.url}${path}`);
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return json<T>(res);
}

const ids = (items: Array<Record<string, unknown>>) => items.map((i) => i.id);
const metaName = (w: Record<string, unknown> | undefined) =>
  String((w?.metaInfo as { name?: string } | undefined)?.name);

describe("page/pageSize routes (zero-based; pageSize omitted or 0 = everything)", () => {
  it.each(["/users/", "/subscriptions/", "/collections/", "/schedules/"])("%s", async (route) => {
    const all = await get(route);
    expect(all.length).toBeGreaterThan(4);
    expect(ids(await get(`${route}?pageSize=0`))).toEqual(ids(all));
    const first = await get(`${route}?page=0&pageSize=3`);
    const second = await get(`${route}?page=1&pageSize=3`);
    expect(ids(first)).toEqual(ids(all.slice(0, 3)));
    expect(ids(second)).toEqual(ids(all.slice(3, 6)));
    const lastPage = Math.floor(all.length / 3);
    expect(await get(`${route}?page=${lastPage}&pageSize=3`)).toHaveLength(all.length % 3);
    expect(await get(`${route}?page=${lastPage + 5}&pageSize=3`)).toEqual([]);
  });

  it("has a few hundred users in several subscriptions, all cross-referenced", async () => {
    const users = await get("/users/");
    const subscriptions = await get("/subscriptions/");
    expect(users.length).toBe(300);
    expect(subscriptions.length).toBeGreaterThanOrEqual(5);
    const subscriptionIds = new Set(ids(subscriptions));
    for (const u of users) {
      expect(u.id).toMatch(/^[0-9a-f]{24}$/);
      expect(subscriptionIds.has(u.subscriptionId)).toBe(true);
    }
    expect(users[0]).toMatchObject({ email: KNOWN_CURATOR.email, curator: true });
  });
});

describe("offset/limit routes (limit omitted or 0 = everything from offset)", () => {
  it.each(["/insights/", "/serverdataconnections/", "/systemdataconnections/", "/workflows/"])(
    "%s",
    async (route) => {
      const all = await get(route);
      expect(all.length).toBeGreaterThan(5);
      const key = route.includes("dataconnections") ? "connectionId" : "id";
      const keys = (items: Array<Record<string, unknown>>) => items.map((i) => i[key]);
      expect(keys(await get(`${route}?offset=2&limit=3`))).toEqual(keys(all.slice(2, 5)));
      expect(keys(await get(`${route}?offset=4`))).toEqual(keys(all.slice(4)));
      expect(keys(await get(`${route}?offset=1&limit=0`))).toEqual(keys(all.slice(1)));
      expect(await get(`${route}?offset=${all.length}&limit=10`)).toEqual([]);
    },
  );

  it("/insights/ filters by search", async () => {
    const all = await get("/insights/");
    const word = String(all[0]?.name).split(" ")[0] ?? "";
    const found = await get(`/insights/?search=${encodeURIComponent(word.toLowerCase())}`);
    expect(found.length).toBeGreaterThan(0);
    expect(ids(found)).toEqual(
      ids(all.filter((i) => String(i.name).toLowerCase().includes(word.toLowerCase()))),
    );
  });
});

describe("/workflows/", () => {
  it("searches names and descriptions, spaces signed as %20", async () => {
    const all = await get("/workflows/");
    expect(all.length).toBeGreaterThan(100);
    const name = metaName(all[3]);
    const found = await get(`/workflows/?search=${encodeURIComponent(name.toUpperCase())}`);
    expect(found.map((w) => (w.metaInfo as { name: string }).name)).toContain(name);
    // exactly the workflows whose name or description holds the text, case-insensitively
    const word = name.split(" ")[0]?.toLowerCase() ?? "";
    const matches = (w: Record<string, unknown>) => {
      const meta = w.metaInfo as { name: string; description: string };
      return `${meta.name}\n${meta.description}`.toLowerCase().includes(word);
    };
    const byWord = await get(`/workflows/?search=${encodeURIComponent(word)}`);
    expect(byWord.length).toBeLessThan(all.length);
    expect(ids(byWord)).toEqual(ids(all.filter(matches)));
  });

  const sortKeys: Array<[string, (w: Record<string, unknown>) => string | number]> = [
    ["name", (w) => metaName(w).toLowerCase()],
    ["runcount", (w) => Number(w.runCount)],
    ["uploaddate", (w) => String(w.uploadDate)],
  ];
  it.each(sortKeys)("sorts by %s in both directions", async (field, key) => {
    const asc = (await get(`/workflows/?sortField=${field}&direction=asc`)).map((w) => key(w));
    const desc = (await get(`/workflows/?sortField=${field}&direction=desc`)).map((w) => key(w));
    expect(asc).toEqual([...asc].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(desc).toEqual([...desc].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    // the keys differ, so the two orders above are a real check (not a list of equal keys)
    expect(asc[0]).not.toEqual(asc.at(-1));
  });

  it("a sortField outside the spec's enum is a Prism 422", async () => {
    const res = await signedFetch(
      gallery.credentials,
      `${gallery.url}/workflows/?sortField=colour`,
    );
    expect(res.status).toBe(422);
  });
});

describe("/workflows/all/", () => {
  it("pageSize=0 returns everything, including deleted workflows, with revisions", async () => {
    const all = await get("/workflows/all/?pageSize=0");
    const live = await get("/workflows/");
    expect(all.length).toBeGreaterThanOrEqual(live.length);
    expect(all.some((w) => (w.revisions as unknown[]).length > 1)).toBe(true);
    expect(ids(await get("/workflows/all/?page=2&pageSize=10"))).toEqual(ids(all.slice(20, 30)));
  });

  it("startDate/endDate keep workflows changed in the inclusive window", async () => {
    const inWindow = await get(
      "/workflows/all/?startDate=2020-01-01T00:00:00Z&endDate=2020-12-31T23:59:59Z",
    );
    const all = await get("/workflows/all/");
    expect(inWindow.length).toBeGreaterThan(0);
    expect(inWindow.length).toBeLessThan(all.length);
    const latest = (w: Record<string, unknown>) =>
      Math.max(
        ...(w.revisions as Array<{ dateCreated: string }>).map((r) => Date.parse(r.dateCreated)),
        ...(w.events as Array<{ timestamp: string }>).map((e) => Date.parse(e.timestamp)),
      );
    // exactly the workflows whose last change falls in the window, no more and no fewer
    const start = Date.parse("2020-01-01T00:00:00Z");
    const end = Date.parse("2020-12-31T23:59:59Z");
    expect(ids(inWindow)).toEqual(ids(all.filter((w) => latest(w) >= start && latest(w) <= end)));
    // inclusive bounds: a window of exactly one workflow's last change still holds it
    const one = all.find((w) => Number.isFinite(latest(w)));
    const at = new Date(latest(one ?? {})).toISOString();
    expect(ids(await get(`/workflows/all/?startDate=${at}&endDate=${at}`))).toContain(one?.id);
  });
});

describe("/workflows/jobs/ and /workflows/migratable/", () => {
  it("appIds limits the jobs; includeMessages=false drops the messages", async () => {
    const jobs = await get("/workflows/jobs/");
    const wanted = jobs.slice(0, 2).map((j) => j.appId);
    const some = await get(`/workflows/jobs/?appIds=${wanted.join(",")}&includeMessages=false`);
    expect(some.map((j) => j.appId).sort()).toEqual([...wanted].sort());
    for (const j of some) expect(j.messages).toEqual([]);
    expect((jobs[0]?.messages as unknown[] | undefined)?.length).toBeGreaterThan(0);
  });

  it("subscriptionIds filters the migratable workflows", async () => {
    const all = await get("/workflows/migratable/");
    const sub = String(all[0]?.subscriptionId);
    const some = await get(`/workflows/migratable/?subscriptionIds=${sub}`);
    expect(some.length).toBeGreaterThan(0);
    expect(ids(some)).toEqual(ids(all.filter((w) => w.subscriptionId === sub)));
    const other = String(all.find((w) => w.subscriptionId !== sub)?.subscriptionId);
    const both = await get(`/workflows/migratable/?subscriptionIds=${sub},${other}`);
    expect(ids(both)).toEqual(
      ids(all.filter((w) => w.subscriptionId === sub || w.subscriptionId === other)),
    );
  });
});

describe("/auditlog/", () => {
  it("pages the events of one entity (over a thousand events in all)", async () => {
    let total = 0;
    for (const entity of [
      "AppInfo",
      "Collection",
      "Credential",
      "Subscription",
      "User",
      "UserGroup",
    ]) {
      const events = await get(`/auditlog/?entity=${entity}&page=0&pageSize=100000`);
      for (const e of events) expect(e.entity).toBe(entity);
      total += events.length;
    }
    expect(total).toBeGreaterThanOrEqual(1000);
    const all = await get("/auditlog/?entity=User&page=0&pageSize=100000");
    expect(ids(await get("/auditlog/?entity=User&page=1&pageSize=50"))).toEqual(
      ids(all.slice(50, 100)),
    );
  });

  it("without entity is a Prism 422 that reaches the client", async () => {
    const res = await signedFetch(
      gallery.credentials,
      `${gallery.url}/auditlog/?page=0&pageSize=10`,
    );
    expect(res.status).toBe(422);
    const problem = await json<{ validation: Array<{ message: string }> }>(res);
    expect(JSON.stringify(problem.validation)).toMatch(/entity/);
  });
});

describe("writes", () => {
  function form(fields: Record<string, string | Blob>) {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) {
      if (typeof v === "string") body.set(k, v);
      else body.set(k, v, "Uploaded Flow.yxzp");
    }
    return body;
  }
  const zip = zipSync({
    "Uploaded Flow.yxmd": new TextEncoder().encode("<AlteryxDocument/>\u00ff"),
  });

  it("POST /workflows/ stores the package, lists it and audits it", async () => {
    const before = await get("/auditlog/?entity=AppInfo&page=0&pageSize=100000");
    const res = await signedFetch(gallery.credentials, `${gallery.url}/workflows/`, {
      method: "POST",
      body: form({
        file: new Blob([zip]),
        name: "Uploaded Flow",
        owner: KNOWN_CURATOR.email.toUpperCase(),
        validate: "true",
        isPublic: "false",
        sourceId: "57acaca4065e3f26a82b2615",
      }),
    });
    expect(res.status).toBe(200);
    const id = await json<string>(res);
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    const listed = await get(`/workflows/?search=uploaded%20flow`);
    expect(listed.map((w) => w.id)).toContain(id);
    const after = await get("/auditlog/?entity=AppInfo&page=0&pageSize=100000");
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatchObject({ entityId: id, event: "insert" });
    const download = await signedFetch(gallery.credentials, `${gallery.url}/${id}/package/`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(zip))).toBe(true);
  });

  it("POST /workflows/ with an unknown owner is a Gallery-shaped 400", async () => {
    const res = await signedFetch(gallery.credentials, `${gallery.url}/workflows/`, {
      method: "POST",
      body: form({
        file: new Blob([zip]),
        name: "X",
        owner: "nobody@example.com",
        validate: "false",
        isPublic: "false",
      }),
    });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({
      data: null,
      exceptionName: "ArgumentException",
      message: "The owner nobody@example.com is not a user of this Gallery.",
    });
  });

  it("POST /workflows/ without a required field is rejected by Prism (422)", async () => {
    const res = await signedFetch(gallery.credentials, `${gallery.url}/workflows/`, {
      method: "POST",
      body: form({
        file: new Blob([zip]),
        owner: KNOWN_CURATOR.email,
        validate: "true",
        isPublic: "true",
      }),
    });
    expect(res.status).toBe(422);
  });

  it("PUT /workflows/migratable/{appId}/ flips the flag each call", async () => {
    const all = await get("/workflows/");
    const id = String(all.find((w) => w.id)?.id);
    const isMigratable = async () => ids(await get("/workflows/migratable/")).includes(id);
    const initially = await isMigratable();
    const put = () =>
      signedFetch(gallery.credentials, `${gallery.url}/workflows/migratable/${id}/`, {
        method: "PUT",
      });
    const first = await put();
    expect(first.status).toBe(200);
    expect(await first.text()).toBe("");
    expect(await isMigratable()).toBe(!initially);
    expect((await put()).status).toBe(200);
    expect(await isMigratable()).toBe(initially);
  });

  it("GET /{appId}/package/ is a real zip with a Content-Disposition file name", async () => {
    const [workflow] = await get("/workflows/?limit=1");
    const res = await signedFetch(gallery.credentials, `${gallery.url}/${workflow?.id}/package/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    const name = metaName(workflow);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${name}.yxzp"`);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const [file] = Object.entries(files);
    expect(file?.[0]).toBe(workflow?.fileName);
    expect(new TextDecoder().decode(file?.[1])).toContain(`<Name>${name}</Name>`);
  });

  it.each([
    "/ffffffffffffffffffffffff/package/",
    "/workflows/migratable/ffffffffffffffffffffffff/",
  ])("an unknown id is a Gallery-shaped 404 (%s)", async (path) => {
    const res = await signedFetch(gallery.credentials, `${gallery.url}${path}`, {
      method: path.includes("migratable") ? "PUT" : "GET",
    });
    expect(res.status).toBe(404);
    expect(await json(res)).toMatchObject({
      data: null,
      exceptionName: "NotFoundException",
      message: "The workflow ffffffffffffffffffffffff was not found.",
    });
  });
});

describe("Prism response validation", () => {
  it("a response that breaks the spec becomes a 500 listing the violations", async () => {
    gallery.faults.corruptNextResponse(1);
    const res = await signedFetch(gallery.credentials, `${gallery.url}/users/?pageSize=2`);
    expect(res.status).toBe(500);
    const problem = await json<{
      title: string;
      validation: Array<{ location: string[]; message: string }>;
    }>(res);
    expect(problem.title).toBe("Request/Response not valid");
    expect(problem.validation[0]?.location).toEqual(["response", "body", "0", "id"]);
    // the next response is fine again
    expect(
      (await signedFetch(gallery.credentials, `${gallery.url}/users/?pageSize=2`)).status,
    ).toBe(200);
  });
});
