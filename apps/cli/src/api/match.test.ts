import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { OPERATIONS } from "../generated/operations.js";
import { apiOfPath, checkQuery, matchCall } from "./match.js";

describe("the operations table", () => {
  it("holds the 15 Admin v1 operations and the 97 of Server API v3", () => {
    expect(OPERATIONS.filter((op) => op.api === "admin-v1")).toHaveLength(15);
    expect(OPERATIONS.filter((op) => op.api === "v3")).toHaveLength(97);
  });
});

describe("apiOfPath", () => {
  it("sends /v3 to Server API v3 and the rest, with or without the base's path, to Admin v1", () => {
    expect(apiOfPath("/v3/users")).toEqual({ api: "v3", path: "/v3/users" });
    expect(apiOfPath("/webapi/v3/users")).toEqual({ api: "v3", path: "/v3/users" });
    expect(apiOfPath("/users/")).toEqual({ api: "admin-v1", path: "/users/" });
    expect(apiOfPath("/admin/v1/users/")).toEqual({ api: "admin-v1", path: "/users/" });
    expect(apiOfPath("/webapi/admin/v1/users/")).toEqual({ api: "admin-v1", path: "/users/" });
    expect(apiOfPath("/gallery/api/admin/v1/users/")).toEqual({ api: "admin-v1", path: "/users/" });
    expect(() => apiOfPath("v3/users")).toThrow(UsageError);
  });
});

describe("matchCall", () => {
  it("matches templated paths, prefers literal segments, and sends Admin v1's trailing slash", () => {
    expect(matchCall("get", "/v3/users/abc").operation.operationId).toBe("getUser");
    expect(matchCall("GET", "/users")).toMatchObject({
      path: "/users/",
      operation: { operationId: "listUsers" },
    });
    expect(matchCall("GET", "/workflows/jobs/").operation.path).toBe("/workflows/jobs/");
    expect(matchCall("GET", "/w1/package/").operation.path).toBe("/{appId}/package/");
  });

  it("suggests the closest path for an unknown one, and lists the methods of a known path", () => {
    expect(() => matchCall("GET", "/v3/usr")).toThrow(/did you mean \/v3\/users\?/);
    expect(() => matchCall("GET", "/usres")).toThrow(/did you mean \/users\/\?/);
    expect(() => matchCall("DELETE", "/users/")).toThrow(/has no DELETE for \/users\/; it has GET/);
  });
});

describe("checkQuery", () => {
  it("refuses an unknown parameter with a suggestion, and a missing required one before the call", () => {
    const listUsers = matchCall("GET", "/users/").operation;
    expect(() => checkQuery(listUsers, { pagesize: "1" })).toThrow(/did you mean "pageSize"/);
    expect(() => checkQuery(listUsers, { page: "0" })).not.toThrow();
    const required = OPERATIONS.find((op) => op.requiredQuery.length > 0);
    expect(required).toBeDefined();
    if (required)
      expect(() => checkQuery(required, {})).toThrow(
        new RegExp(`needs the query parameters? ${required.requiredQuery.join(", ")}`),
      );
  });
});
