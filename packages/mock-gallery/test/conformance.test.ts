// The generated data must fit the spec for any seed: Prism validates every response and turns
// a violation into a 500, so a 200 on every route (all items, no paging) proves conformance.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockGallery, startMockGallery } from "../src/index.js";
import { json, signedFetch } from "./sign.js";

const SEEDS = [1, 2, 3, 42];
const galleries = new Map<number, MockGallery>();
beforeAll(async () => {
  for (const seed of SEEDS) galleries.set(seed, await startMockGallery({ seed }));
});
afterAll(async () => {
  await Promise.all([...galleries.values()].map((g) => g.close()));
});

const ROUTES = [
  "/users/",
  "/subscriptions/",
  "/collections/",
  "/schedules/",
  "/insights/",
  "/serverdataconnections/",
  "/systemdataconnections/",
  "/workflows/",
  "/workflows/all/?pageSize=0",
  "/workflows/jobs/",
  "/workflows/migratable/",
  ...["AppInfo", "Collection", "Credential", "Subscription", "User", "UserGroup"].map(
    (entity) => `/auditlog/?entity=${entity}&page=0&pageSize=5000`,
  ),
];

describe.each(SEEDS)("seed %i", (seed) => {
  it("every route answers the whole dataset without a response violation", async () => {
    const gallery = galleries.get(seed) as MockGallery;
    for (const route of ROUTES) {
      const res = await signedFetch(gallery.credentials, `${gallery.url}${route}`);
      const body = await json<unknown[]>(res);
      expect(res.status, `${route}: ${JSON.stringify(body).slice(0, 500)}`).toBe(200);
      expect(res.headers.get("sl-violations"), route).toBeNull();
      expect(Array.isArray(body)).toBe(true);
    }
  });

  it("every workflow package downloads", async () => {
    const gallery = galleries.get(seed) as MockGallery;
    const workflows = await json<Array<{ id: string }>>(
      await signedFetch(gallery.credentials, `${gallery.url}/workflows/?limit=5`),
    );
    for (const { id } of workflows) {
      const res = await signedFetch(gallery.credentials, `${gallery.url}/${id}/package/`);
      expect(res.status).toBe(200);
      expect(res.headers.get("sl-violations")).toBeNull();
      await res.arrayBuffer();
    }
  });
});
