/**
 * User groups: list, create, get, rename, members (users and Active Directory groups), and
 * delete, which a group with members is refused (400) without forceDelete.
 */
import { describe, expect, it } from "vitest";
import { OBJECT_ID, ok, okEmpty, v3Client } from "./client.js";

const v3 = v3Client();
const MISSING = "5b1a3c2e8f0d4a6b9c7e5f10";
const AD_SID = "S-1-5-21-1004336348-1177238915-682003330-513";

describe("user groups", () => {
  it("creates, reads, renames and lists a group", async () => {
    const id = ok(
      await v3.POST("/v3/usergroups", { body: { name: "Contract testers", role: "Member" } }),
    );
    expect(id).toMatch(OBJECT_ID);
    const group = ok(
      await v3.GET("/v3/usergroups/{userGroupId}", { params: { path: { userGroupId: id } } }),
    );
    expect(group).toMatchObject({ id, name: "Contract testers", role: "Member", members: [] });
    okEmpty(
      await v3.PUT("/v3/usergroups/{userGroupId}", {
        params: { path: { userGroupId: id } },
        body: { name: "Contract testers 2", role: "Artisan" },
      }),
    );
    const list = ok(await v3.GET("/v3/usergroups"));
    expect(list).toContainEqual({ id, name: "Contract testers 2", role: "Artisan" });
  });

  it("adds and removes users and Active Directory groups; a group with members needs forceDelete", async () => {
    const id = ok(
      await v3.POST("/v3/usergroups", { body: { name: "Members test", role: "Viewer" } }),
    );
    const users = ok(await v3.GET("/v3/users", { params: { query: { active: true } } }));
    const [first, second] = users;
    if (!first || !second) throw new Error("the mock has fewer than two active users");
    const added = ok(
      await v3.POST("/v3/usergroups/{userGroupId}/users", {
        params: { path: { userGroupId: id } },
        body: [first.id, second.id, MISSING],
      }),
    );
    expect(added).toMatchObject({ successfullyAddedUserCount: 2, totalUsersSubmittedCount: 3 });
    expect(Object.keys(added.failedUserReasons ?? {})).toEqual([MISSING]);
    okEmpty(
      await v3.POST("/v3/usergroups/{userGroupId}/activedirectorygroups", {
        params: { path: { userGroupId: id } },
        body: AD_SID,
      }),
    );
    const after = ok(
      await v3.DELETE("/v3/usergroups/{userGroupId}/users/{userId}", {
        params: { path: { userGroupId: id, userId: second.id } },
      }),
    );
    expect(after.members?.map((m) => m.userId ?? m.activeDirectoryObject?.sid)).toEqual([
      first.id,
      AD_SID,
    ]);
    okEmpty(
      await v3.DELETE("/v3/usergroups/{userGroupId}/activedirectorygroups/{adGroupSid}", {
        params: { path: { userGroupId: id, adGroupSid: AD_SID } },
      }),
    );
    const notMember = await v3.DELETE(
      "/v3/usergroups/{userGroupId}/activedirectorygroups/{adGroupSid}",
      {
        params: { path: { userGroupId: id, adGroupSid: AD_SID } },
      },
    );
    expect(notMember.response.status).toBe(400);
    const refused = await v3.DELETE("/v3/usergroups/{userGroupId}", {
      params: { path: { userGroupId: id } },
    });
    expect(refused.response.status).toBe(400);
    okEmpty(
      await v3.DELETE("/v3/usergroups/{userGroupId}", {
        params: { path: { userGroupId: id }, query: { forceDelete: true } },
      }),
    );
    const gone = await v3.GET("/v3/usergroups/{userGroupId}", {
      params: { path: { userGroupId: id } },
    });
    expect(gone.response.status).toBe(404);
  });

  it("the documented refusals: an empty name (400), unknown groups (404)", async () => {
    // @ts-expect-error the role is missing on purpose
    const bad = await v3.POST("/v3/usergroups", { body: { name: "No role" } });
    expect(bad.response.status).toBe(400);
    const path = { params: { path: { userGroupId: MISSING } } };
    expect((await v3.GET("/v3/usergroups/{userGroupId}", path)).response.status).toBe(404);
    expect(
      (
        await v3.PUT("/v3/usergroups/{userGroupId}", {
          ...path,
          body: { name: "x", role: "Viewer" },
        })
      ).response.status,
    ).toBe(404);
    expect((await v3.DELETE("/v3/usergroups/{userGroupId}", path)).response.status).toBe(404);
    expect(
      (await v3.POST("/v3/usergroups/{userGroupId}/users", { ...path, body: [] })).response.status,
    ).toBe(404);
  });
});
