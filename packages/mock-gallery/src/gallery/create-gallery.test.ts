import { fileURLToPath } from "node:url";
import prismHttp from "@stoplight/prism-http";
import { describe, expect, it } from "vitest";
import { createGallery, matchRoute, ROUTES, type RouteRequest } from "./create-gallery.js";
import { createDataset } from "./dataset/create-dataset.js";
import { PAGING } from "./routes/paging.js";

describe("the route table", () => {
  it("serves exactly the operations of the spec", async () => {
    const spec = fileURLToPath(new URL("../../../../openapi/admin-v1.yaml", import.meta.url));
    const operations = await prismHttp.getHttpOperationsFromSpec(spec);
    const fromSpec = operations.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort();
    expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(fromSpec);
  });

  it("gives every list route a paging rule", () => {
    const lists = ROUTES.filter((r) => r.method === "GET" && !r.path.includes("{"));
    expect(lists.map((r) => r.path).sort()).toEqual(Object.keys(PAGING).sort());
  });

  it("tells a path without a route from a method its route does not take", () => {
    expect(matchRoute("GET", "/users/").route?.path).toBe("/users/");
    expect(matchRoute("GET", "/0123456789abcdef01234567/package/").route).toMatchObject({
      path: "/{appId}/package/",
    });
    expect(matchRoute("DELETE", "/users/")).toEqual({ allowed: ["GET"] });
    expect(matchRoute("GET", "/nosuch/")).toEqual({ allowed: [] });
  });
});

function get(path: string, query = ""): RouteRequest {
  return {
    method: "GET",
    path,
    query: new URLSearchParams(query),
    contentType: undefined,
    body: new Uint8Array(),
  };
}

describe("package downloads", () => {
  it("answer a seeded workflow with one package, built once, through Admin v1 and API v3", async () => {
    const gallery = createGallery(createDataset(1));
    const workflow = gallery.data.workflows.find(
      (w) =>
        !w.isDeleted &&
        w.revisions.some((r) => r.id === w.publishedRevisionId && r.canDownload && !r.packageBytes),
    );
    if (!workflow) throw new Error("no downloadable seeded workflow");
    const v1 = await gallery.handle(get(`/${workflow.id}/package/`));
    const v3 = await gallery.handleV3(get(`/v3/workflows/${workflow.id}/package`));
    const v1Again = await gallery.handle(get(`/${workflow.id}/package/`));
    if (!("binary" in v1) || !("binary" in v3) || !("binary" in v1Again)) {
      throw new Error("a seeded package is answered whole (no packageBytes)");
    }
    expect(v3.status).toBe(200);
    expect(Buffer.from(v3.binary).equals(Buffer.from(v1.binary))).toBe(true);
    // The same bytes object: built on the first download, then served from state.packages.
    expect(v3.binary).toBe(v1.binary);
    expect(v1Again.binary).toBe(v1.binary);
  });

  it("build another version of the same workflow on its own (the cache is by version)", async () => {
    const gallery = createGallery(createDataset(1));
    const workflow = gallery.data.workflows.find(
      (w) =>
        !w.isDeleted &&
        w.revisions.filter((r) => r.canDownload && !r.packageBytes).length > 1 &&
        w.revisions.some((r) => r.id === w.publishedRevisionId && !r.packageBytes),
    );
    if (!workflow) throw new Error("no seeded workflow with two downloadable versions");
    const other = workflow.revisions.find(
      (r) => r.id !== workflow.publishedRevisionId && r.canDownload && !r.packageBytes,
    );
    const published = await gallery.handleV3(get(`/v3/workflows/${workflow.id}/package`));
    const older = await gallery.handleV3(
      get(`/v3/workflows/${workflow.id}/package`, `versionId=${other?.id}`),
    );
    if (!("binary" in published) || !("binary" in older)) throw new Error("no package bytes");
    expect(Buffer.from(older.binary).equals(Buffer.from(published.binary))).toBe(false);
  });
});
