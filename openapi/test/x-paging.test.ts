// `x-paging` on every list GET of admin-v1.yaml, checked by the shared rules of x-paging.ts; and
// the checker itself, on broken copies of the spec (each rule must be able to fail).
import { describe, expect, it } from "vitest";
import { type JsonObject, obj, operations, spec } from "./spec.js";
import { xPagingProblems } from "./x-paging.js";

/** A deep copy of the spec with one operation's x-paging changed (undefined removes it). */
function withPaging(path: string, paging: unknown): JsonObject {
  const copy = structuredClone(spec);
  const get = obj(obj(obj(copy.paths, "paths")[path], path).get, `get ${path}`);
  if (paging === undefined) delete get["x-paging"];
  else get["x-paging"] = paging as JsonObject;
  return copy;
}

describe("x-paging in admin-v1.yaml", () => {
  it("is on every GET that answers a list, valid, with parameters that exist", () => {
    expect(xPagingProblems(spec)).toEqual([]);
  });

  it("gives each list route the style the API documents", () => {
    const styles = Object.fromEntries(
      operations()
        .filter((op) => op.operation["x-paging"] !== undefined)
        .map((op) => [op.path, obj(op.operation["x-paging"], op.path).style]),
    );
    expect(styles).toEqual({
      "/users/": "page",
      "/subscriptions/": "page",
      "/collections/": "page",
      "/schedules/": "page",
      "/insights/": "offset",
      "/serverdataconnections/": "offset",
      "/systemdataconnections/": "offset",
      "/workflows/": "offset",
      "/workflows/all/": "page",
      "/workflows/jobs/": "none",
      "/workflows/migratable/": "none",
      "/auditlog/": "page",
    });
  });
});

describe("the x-paging checker", () => {
  it.each([
    ["a missing x-paging", "/users/", undefined, "GET /users/ answers a list but has no x-paging"],
    ["an unknown style", "/users/", { style: "cursor" }, "x-paging.style must be one of"],
    ["an unknown key", "/users/", { style: "page", size: 5 }, 'unknown key "size"'],
    ["a wrong style", "/users/", { style: "offset" }, 'pageParam "offset" is not a query'],
    [
      "a parameter that does not exist",
      "/workflows/",
      { style: "offset", sizeParam: "take" },
      'sizeParam "take" is not a query parameter',
    ],
    [
      "items on a bare array",
      "/users/",
      { style: "page", items: "data" },
      'x-paging.items "data" is not an array property',
    ],
    [
      "parameters on style none",
      "/workflows/jobs/",
      { style: "none", pageParam: "page" },
      "style none takes no pageParam",
    ],
  ])("reports %s", (_, path, paging, message) => {
    const problems = xPagingProblems(withPaging(path, paging));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join("\n")).toContain(message);
  });

  it("accepts an envelope whose array property is named in items, with custom parameters", () => {
    const envelope: JsonObject = {
      paths: {
        "/v3/jobs": {
          get: {
            parameters: [
              { name: "pageNumber", in: "query", schema: { type: "integer" } },
              { name: "pageSize", in: "query", schema: { type: "integer" } },
            ],
            "x-paging": { style: "page", pageParam: "pageNumber", items: "data" },
            responses: {
              "200": {
                description: "a page",
                content: {
                  "application/json": {
                    schema: {
                      type: "object",
                      properties: { data: { type: "array" }, total: { type: "integer" } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    expect(xPagingProblems(envelope)).toEqual([]);
    const get = obj(obj(obj(envelope.paths, "paths")["/v3/jobs"], "jobs").get, "get");
    delete get["x-paging"];
    expect(xPagingProblems(envelope)).toEqual(["GET /v3/jobs answers a list but has no x-paging"]);
  });
});
