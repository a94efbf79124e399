/**
 * Collections: list (views), create, get, rename/re-own, share workflows, schedules, users and
 * user groups with permissions, and delete (forceDelete while something is still shared).
 */
import { describe, expect, it } from "vitest";
import { OBJECT_ID, ok, okEmpty, v3Client } from "./client.js";

const v3 = v3Client();
const MISSING = "5b1a3c2e8f0d4a6b9c7e5f10";
const PERMISSIONS = {
  isAdmin: false,
  canAddAssets: true,
  canRemoveAssets: false,
  canUpdateAssets: true,
  canAddUsers: false,
  canRemoveUsers: false,
};

describe("collections", () => {
  it("lists reduced collections and whole ones with view=Full", async () => {
    const reduced = ok(await v3.GET("/v3/collections"));
    expect(reduced.length).toBeGreaterThan(5);
    expect(reduced[0]).not.toHaveProperty("workflowIds");
    const full = ok(await v3.GET("/v3/collections", { params: { query: { view: "Full" } } }));
    expect(full[0]).toHaveProperty("workflowIds");
  });

  it("creates a collection and shares, re-permissions and unshares every kind of asset and member", async () => {
    const id = ok(await v3.POST("/v3/collections", { body: { name: "Contract collection" } }));
    expect(id).toMatch(OBJECT_ID);
    const path = { collectionId: id };
    const [workflow] = ok(await v3.GET("/v3/workflows"));
    const [schedule] = ok(await v3.GET("/v3/schedules"));
    const [user] = ok(await v3.GET("/v3/users", { params: { query: { active: true } } }));
    const [group] = ok(await v3.GET("/v3/usergroups"));
    if (!workflow || !schedule || !user || !group) throw new Error("the seeded data lacks assets");

    let c = ok(
      await v3.POST("/v3/collections/{collectionId}/workflows", {
        params: { path },
        body: { workflowId: workflow.id },
      }),
    );
    expect(c.workflowIds).toEqual([workflow.id]);
    c = ok(
      await v3.POST("/v3/collections/{collectionId}/schedules", {
        params: { path },
        body: { scheduleId: schedule.id },
      }),
    );
    expect(c.scheduleIds).toEqual([schedule.id]);
    c = ok(
      await v3.POST("/v3/collections/{collectionId}/users", {
        params: { path },
        body: { userId: user.id, collectionsPermissions: PERMISSIONS },
      }),
    );
    expect(c.users?.map((u) => u.userId)).toEqual([user.id]);
    c = ok(
      await v3.PUT("/v3/collections/{collectionId}/users/{userId}/permissions", {
        params: { path: { ...path, userId: user.id } },
        body: {
          collectionsPermissions: { ...PERMISSIONS, isAdmin: true },
          expirationDate: "2031-01-01T00:00:00Z",
        },
      }),
    );
    c = ok(
      await v3.POST("/v3/collections/{collectionId}/userGroups", {
        params: { path },
        body: { userGroupId: group.id, collectionsPermissions: PERMISSIONS },
      }),
    );
    expect(c.userGroupIds).toEqual([group.id]);
    c = ok(
      await v3.PUT("/v3/collections/{collectionId}/userGroups/{userGroupId}/permissions", {
        params: { path: { ...path, userGroupId: group.id } },
        body: { collectionsPermissions: { ...PERMISSIONS, canAddUsers: true } },
      }),
    );
    const renamed = ok(
      await v3.PUT("/v3/collections/{collectionId}", {
        params: { path },
        body: { name: "Renamed collection", ownerId: user.id },
      }),
    );
    expect(renamed).toMatchObject({ name: "Renamed collection", ownerId: user.id });
    expect(
      ok(await v3.GET("/v3/collections/{collectionId}", { params: { path } })).workflowIds,
    ).toEqual([workflow.id]);

    const refused = await v3.DELETE("/v3/collections/{collectionId}", { params: { path } });
    expect(refused.response.status).toBe(400);

    c = ok(
      await v3.DELETE("/v3/collections/{collectionId}/workflows/{workflowId}", {
        params: { path: { ...path, workflowId: workflow.id } },
      }),
    );
    expect(c.workflowIds).toEqual([]);
    c = ok(
      await v3.DELETE("/v3/collections/{collectionId}/schedules/{scheduleId}", {
        params: { path: { ...path, scheduleId: schedule.id } },
      }),
    );
    c = ok(
      await v3.DELETE("/v3/collections/{collectionId}/users/{userId}", {
        params: { path: { ...path, userId: user.id } },
      }),
    );
    c = ok(
      await v3.DELETE("/v3/collections/{collectionId}/userGroups/{userGroupId}", {
        params: { path: { ...path, userGroupId: group.id } },
      }),
    );
    expect([c.workflowIds, c.scheduleIds, c.users, c.userGroupIds]).toEqual([[], [], [], []]);
    okEmpty(await v3.DELETE("/v3/collections/{collectionId}", { params: { path } }));
    expect(
      (await v3.GET("/v3/collections/{collectionId}", { params: { path } })).response.status,
    ).toBe(404);
  });

  it("the documented refusals: an empty name (400), unknown collections and members (404)", async () => {
    expect((await v3.POST("/v3/collections", { body: { name: "" } })).response.status).toBe(400);
    const path = { collectionId: MISSING };
    expect(
      (await v3.GET("/v3/collections/{collectionId}", { params: { path } })).response.status,
    ).toBe(404);
    expect(
      (
        await v3.POST("/v3/collections/{collectionId}/workflows", {
          params: { path },
          body: { workflowId: MISSING },
        })
      ).response.status,
    ).toBe(404);
    const [existing] = ok(await v3.GET("/v3/collections"));
    const notMember = await v3.DELETE("/v3/collections/{collectionId}/users/{userId}", {
      params: { path: { collectionId: existing?.id ?? "", userId: MISSING } },
    });
    expect(notMember.response.status).toBe(404);
  });
});
