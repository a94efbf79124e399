/**
 * 401: every operation documents it for a missing, expired or wrong token. One operation of
 * each tag is called with a token the mock never issued, and without any token.
 */
import { describe, expect, inject, it } from "vitest";
import { v3Client } from "./client.js";

const ID = "5b1a3c2e8f0d4a6b9c7e5f10";
const v3 = v3Client({ token: "not-a-token-the-mock-issued" });

describe("401 for a bad bearer token, one operation per tag", () => {
  it.each([
    ["Users", () => v3.GET("/v3/users")],
    ["UserGroups", () => v3.GET("/v3/usergroups")],
    [
      "Workflows",
      () => v3.GET("/v3/workflows/{workflowId}", { params: { path: { workflowId: ID } } }),
    ],
    ["Jobs", () => v3.GET("/v3/jobs/{jobId}", { params: { path: { jobId: ID } } })],
    [
      "Schedules",
      () =>
        v3.PATCH("/v3/schedules/{scheduleId}", { params: { path: { scheduleId: ID } }, body: {} }),
    ],
    ["Collections", () => v3.POST("/v3/collections", { body: { name: "x" } })],
    ["Credentials", () => v3.GET("/v3/credentials")],
    ["ServerConnections", () => v3.GET("/v3/serverDataConnections")],
    ["DCME", () => v3.GET("/v3/dcm/connections/{Id}", { params: { path: { Id: ID } } })],
    ["DCMEAdmin", () => v3.GET("/v3/dcm/admin/connectionhandlingrules")],
    [
      "DCMEConnect",
      () =>
        v3.GET("/v3/DCMEConnections/{connectionId}", { params: { path: { connectionId: ID } } }),
    ],
    ["Subscriptions", () => v3.GET("/v3/subscriptions")],
    ["Usage", () => v3.GET("/v3/usage", { parseAs: "text" })],
  ] as const)("%s", async (_tag, call) => {
    const result = await call();
    expect(result.response.status).toBe(401);
  });

  it("a request without an Authorization header is a 401 too", async () => {
    const response = await fetch(`${inject("mockV3").webapiUrl}/v3/users`);
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });
});
