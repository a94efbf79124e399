import { fileURLToPath } from "node:url";
import prismHttp from "@stoplight/prism-http";
import { describe, expect, it } from "vitest";
import { matchRoute, ROUTES } from "./create-gallery.js";
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
