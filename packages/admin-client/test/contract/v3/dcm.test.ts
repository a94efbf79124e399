/**
 * DCM connections as their owner and as a Curator, connection handling rules, and the connect
 * view. Secrets go in and never come back.
 */
import { describe, expect, it } from "vitest";
import { ok, okEmpty, v3Client } from "./client.js";

const v3 = v3Client();
const MISSING = "00000000-0000-4000-8000-000000000000";
// A throwaway value for the mock, which reads and drops secrets.
const SECRET = "contract-test-secret-not-real";

function connection(name: string) {
  return {
    name,
    schemaName: "Connection",
    allowInSdks: false,
    parameters: {},
    dataSource: {
      object: {
        name: `${name} source`,
        schemaName: "postgres",
        host: "db.example.com",
        parameters: { database: "sales" },
      },
    },
    credentials: {
      userPassword: {
        object: {
          name: `${name} login`,
          schemaName: "userPassword",
          userName: "reporter",
          parameters: {},
          secrets: { password: { value: { text: SECRET }, parameters: {} } },
        },
      },
    },
  };
}

describe("DCM connections", () => {
  it("an owner creates (201), updates (200), reads, looks up, shares and deletes a connection", async () => {
    const created = await v3.POST("/v3/dcm/connections", { body: connection("Contract DCM") });
    expect(created.response.status).toBe(201);
    const view = ok(created);
    expect(JSON.stringify(view)).not.toContain(SECRET);
    const id = view.id;
    const updated = await v3.POST("/v3/dcm/connections", {
      body: { ...connection("Contract DCM 2"), id },
    });
    expect(updated.response.status).toBe(200);
    expect(ok(updated).name).toBe("Contract DCM 2");
    expect(ok(await v3.GET("/v3/dcm/connections/{Id}", { params: { path: { Id: id } } })).id).toBe(
      id,
    );
    const looked = ok(
      await v3.GET("/v3/dcm/connections/lookup", {
        params: { query: { connectionId: view.connectionId ?? "" } },
      }),
    );
    expect(looked.id).toBe(id);
    const [user] = ok(await v3.GET("/v3/users", { params: { query: { active: true } } }));
    const [group] = ok(await v3.GET("/v3/usergroups"));
    if (!user || !group) throw new Error("the seeded data lacks users or groups");
    okEmpty(
      await v3.PUT("/v3/dcm/connections/{id}/sharing/execution", {
        params: { path: { id } },
        body: { userIds: [user.id], userGroupIds: [group.id] },
      }),
    );
    const collaboration = ok(
      await v3.PUT("/v3/dcm/connections/{id}/sharing/collaboration", {
        params: { path: { id } },
        body: { sharedCredentials: [], userIds: [user.id], userGroupIds: [] },
      }),
    );
    expect(collaboration.users?.map((u) => u.id)).toEqual([user.id]);
    const shared = ok(await v3.GET("/v3/dcm/connections/{Id}", { params: { path: { Id: id } } }));
    expect(shared.sharing?.execution?.userGroups?.map((g) => g.id)).toEqual([group.id]);
    okEmpty(
      await v3.DELETE("/v3/dcm/connections/{id}/sharing/execution", { params: { path: { id } } }),
    );
    const deleted = ok(
      await v3.DELETE("/v3/dcm/connections/{Id}", { params: { path: { Id: id } } }),
    );
    expect(deleted.deletedConnections?.map((c) => c.id)).toEqual([id]);
    expect(
      (await v3.GET("/v3/dcm/connections/{Id}", { params: { path: { Id: id } } })).response.status,
    ).toBe(404);
  });

  it("a Curator lists, creates for a user, reads, unshares and deletes any connection", async () => {
    const all = ok(await v3.GET("/v3/dcm/admin/connections"));
    expect(all.length).toBeGreaterThanOrEqual(3);
    const [user] = ok(
      await v3.GET("/v3/users", { params: { query: { active: true, role: "Artisan" } } }),
    );
    if (!user) throw new Error("the seeded data lacks an active Artisan");
    const created = await v3.POST("/v3/dcm/admin/connections", {
      body: { ...connection("For a user"), ownerId: user.id },
    });
    expect(created.response.status).toBe(201);
    const id = ok(created).id;
    expect(ok(created).owner?.id).toBe(user.id);
    const visible = ok(
      await v3.GET("/v3/dcm/admin/connections", { params: { query: { visibleBy: user.id } } }),
    );
    expect(visible.map((c) => c.id)).toEqual([id]);
    expect(
      ok(await v3.GET("/v3/dcm/admin/connections/{id}", { params: { path: { id } } })).id,
    ).toBe(id);
    okEmpty(
      await v3.DELETE("/v3/dcm/admin/connections/{id}/sharing/execution", {
        params: { path: { id } },
      }),
    );
    okEmpty(
      await v3.DELETE("/v3/dcm/admin/connections/{id}/sharing/collaboration", {
        params: { path: { id } },
      }),
    );
    const connect = ok(
      await v3.GET("/v3/DCMEConnections/{connectionId}", {
        params: { path: { connectionId: ok(created).connectionId ?? "" } },
      }),
    );
    expect(connect).toMatchObject({ objectId: id, name: "For a user" });
    expect(connect).not.toHaveProperty("credentials");
    const deleted = ok(
      await v3.DELETE("/v3/dcm/admin/connections/{id}", { params: { path: { id } } }),
    );
    expect(deleted.deletedDataSources).toHaveLength(1);
  });

  it("connection handling rules: create (201), update (200), read, list, delete", async () => {
    const [source, target] = ok(await v3.GET("/v3/dcm/admin/connections"));
    const created = await v3.POST("/v3/dcm/admin/connectionhandlingrules", {
      body: {
        sourceConnectionId: source?.connectionId ?? "",
        targetConnectionId: target?.connectionId ?? "",
      },
    });
    expect(created.response.status).toBe(201);
    const id = ok(created).id;
    const updated = await v3.POST("/v3/dcm/admin/connectionhandlingrules", {
      body: {
        id,
        sourceConnectionId: source?.connectionId ?? "",
        sourceConnectionTitle: "renamed source",
      },
    });
    expect(updated.response.status).toBe(200);
    expect(
      ok(await v3.GET("/v3/dcm/admin/connectionhandlingrules/{id}", { params: { path: { id } } })),
    ).toMatchObject({
      sourceConnectionTitle: "renamed source",
    });
    expect(ok(await v3.GET("/v3/dcm/admin/connectionhandlingrules")).map((r) => r.id)).toContain(
      id,
    );
    const deleted = ok(
      await v3.DELETE("/v3/dcm/admin/connectionhandlingrules/{id}", { params: { path: { id } } }),
    );
    expect(deleted.id).toBe(id);
  });

  it("the documented refusals: a body without a data source (400), unknown ids (404)", async () => {
    const { dataSource: _left, ...withoutSource } = connection("Broken");
    // @ts-expect-error the data source is missing on purpose
    const bad = await v3.POST("/v3/dcm/connections", { body: withoutSource });
    expect(bad.response.status).toBe(400);
    const unknownUpdate = await v3.POST("/v3/dcm/connections", {
      body: { ...connection("Nope"), id: MISSING },
    });
    expect(unknownUpdate.response.status).toBe(404);
    expect(
      (await v3.GET("/v3/dcm/connections/{Id}", { params: { path: { Id: MISSING } } })).response
        .status,
    ).toBe(404);
    expect(
      (await v3.GET("/v3/dcm/admin/connections/{id}", { params: { path: { id: MISSING } } }))
        .response.status,
    ).toBe(404);
    expect(
      (await v3.GET("/v3/dcm/connections/lookup", { params: { query: { connectionId: MISSING } } }))
        .response.status,
    ).toBe(404);
    expect(
      (
        await v3.GET("/v3/dcm/admin/connectionhandlingrules/{id}", {
          params: { path: { id: MISSING } },
        })
      ).response.status,
    ).toBe(404);
    expect(
      (
        await v3.GET("/v3/DCMEConnections/{connectionId}", {
          params: { path: { connectionId: MISSING } },
        })
      ).response.status,
    ).toBe(404);
  });
});
