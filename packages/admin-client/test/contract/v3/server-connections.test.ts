/** Server data connections: list (views), get, rename, share with users and groups, delete. */
import { describe, expect, it } from "vitest";
import { ok, okEmpty, v3Client } from "./client.js";

const v3 = v3Client();
const MISSING = "5b1a3c2e8f0d4a6b9c7e5f10";

describe("Server data connections", () => {
  it("lists reduced connections and whole ones with view=Full", async () => {
    const reduced = ok(await v3.GET("/v3/serverDataConnections"));
    expect(reduced.length).toBeGreaterThan(5);
    expect(reduced[0]).not.toHaveProperty("userIds");
    const full = ok(
      await v3.GET("/v3/serverDataConnections", { params: { query: { view: "Full" } } }),
    );
    expect(full[0]).toHaveProperty("userIds");
  });

  it("renames, shares, unshares and deletes a connection", async () => {
    const [first] = ok(await v3.GET("/v3/serverDataConnections"));
    const dataConnectionId = first?.id ?? "";
    const path = { dataConnectionId };
    const renamed = ok(
      await v3.PUT("/v3/serverDataConnections/{dataConnectionId}", {
        params: { path },
        body: { name: "Renamed DSN" },
      }),
    );
    expect(renamed.name).toBe("Renamed DSN");
    const [user] = ok(
      await v3.GET("/v3/users", { params: { query: { active: true, role: "Curator" } } }),
    );
    const groups = ok(await v3.GET("/v3/usergroups"));
    const group = groups.find((g) => !renamed.userGroupIds?.includes(g.id));
    if (!user || !group) throw new Error("the seeded data lacks users or groups");
    let c = ok(
      await v3.POST("/v3/serverDataConnections/{dataConnectionId}/users", {
        params: { path },
        body: { userId: user.id },
      }),
    );
    expect(c.userIds).toContain(user.id);
    c = ok(
      await v3.POST("/v3/serverDataConnections/{dataConnectionId}/userGroups", {
        params: { path },
        body: { userGroupId: group.id },
      }),
    );
    expect(c.userGroupIds).toContain(group.id);
    const read = ok(
      await v3.GET("/v3/serverDataConnections/{dataConnectionId}", { params: { path } }),
    );
    expect(read).toEqual(c);
    c = ok(
      await v3.DELETE("/v3/serverDataConnections/{dataConnectionId}/users/{userId}", {
        params: { path: { ...path, userId: user.id } },
      }),
    );
    expect(c.userIds).not.toContain(user.id);
    c = ok(
      await v3.DELETE("/v3/serverDataConnections/{dataConnectionId}/userGroups/{userGroupId}", {
        params: { path: { ...path, userGroupId: group.id } },
      }),
    );
    expect(c.userGroupIds).not.toContain(group.id);
    okEmpty(await v3.DELETE("/v3/serverDataConnections/{dataConnectionId}", { params: { path } }));
    expect(
      (await v3.GET("/v3/serverDataConnections/{dataConnectionId}", { params: { path } })).response
        .status,
    ).toBe(404);
  });

  it("the documented refusals: an empty name (400), unknown connections and shares (404)", async () => {
    const [first] = ok(await v3.GET("/v3/serverDataConnections"));
    const bad = await v3.PUT("/v3/serverDataConnections/{dataConnectionId}", {
      params: { path: { dataConnectionId: first?.id ?? "" } },
      body: { name: " " },
    });
    expect(bad.response.status).toBe(400);
    const path = { dataConnectionId: MISSING };
    expect(
      (await v3.GET("/v3/serverDataConnections/{dataConnectionId}", { params: { path } })).response
        .status,
    ).toBe(404);
    expect(
      (await v3.DELETE("/v3/serverDataConnections/{dataConnectionId}", { params: { path } }))
        .response.status,
    ).toBe(404);
    const notShared = await v3.DELETE(
      "/v3/serverDataConnections/{dataConnectionId}/users/{userId}",
      {
        params: { path: { dataConnectionId: first?.id ?? "", userId: MISSING } },
      },
    );
    expect(notShared.response.status).toBe(404);
  });
});
