/**
 * Credentials: list (views, filters), add (the password is never answered), get, new
 * password, share with users and groups, and delete (force while shared).
 */
import { describe, expect, it } from "vitest";
import { ok, v3Client } from "./client.js";

const v3 = v3Client();
const MISSING = "5b1a3c2e8f0d4a6b9c7e5f10";
// A throwaway value for the mock, which checks that a password is present and then drops it.
const PASSWORD = "contract-test-password-not-a-secret";

describe("credentials", () => {
  it("lists reduced credentials, whole ones with view=Full, and filters by share", async () => {
    const reduced = ok(await v3.GET("/v3/credentials"));
    expect(reduced.length).toBeGreaterThan(5);
    expect(Object.keys(reduced[0] ?? {}).sort()).toEqual(["id", "userName"]);
    const full = ok(await v3.GET("/v3/credentials", { params: { query: { view: "Full" } } }));
    const shared = full.find((c) => "userIds" in c && (c.userIds?.length ?? 0) > 0);
    const userId = shared && "userIds" in shared ? (shared.userIds?.[0] ?? "") : "";
    const byUser = ok(
      await v3.GET("/v3/credentials", { params: { query: { userId, view: "Full" } } }),
    );
    expect(byUser.every((c) => "userIds" in c && c.userIds?.includes(userId))).toBe(true);
  });

  it("adds a credential, changes its password, shares and unshares it, and deletes it", async () => {
    const added = ok(
      await v3.POST("/v3/credentials", {
        body: { username: "svc-contract@corp.example.com", password: PASSWORD },
      }),
    );
    expect(JSON.stringify(added)).not.toContain(PASSWORD);
    const credentialId = added.credentialId ?? "";
    const updated = ok(
      await v3.PUT("/v3/credentials/{credentialId}", {
        params: { path: { credentialId } },
        body: { newPassword: PASSWORD },
      }),
    );
    expect(updated.username).toBe("svc-contract@corp.example.com");
    const [user] = ok(await v3.GET("/v3/users", { params: { query: { active: true } } }));
    const [group] = ok(await v3.GET("/v3/usergroups"));
    if (!user || !group) throw new Error("the seeded data lacks users or groups");
    let shares = ok(
      await v3.POST("/v3/credentials/{credentialId}/users", {
        params: { path: { credentialId } },
        body: { userId: user.id },
      }),
    );
    expect(shares.userIds).toEqual([user.id]);
    shares = ok(
      await v3.POST("/v3/credentials/{credentialId}/userGroups", {
        params: { path: { credentialId } },
        body: { userGroupId: group.id },
      }),
    );
    expect(shares.userGroupIds).toEqual([group.id]);
    expect(
      ok(await v3.GET("/v3/credentials/{credentialId}", { params: { path: { credentialId } } })),
    ).toEqual(shares);
    const refused = await v3.DELETE("/v3/credentials/{credentialId}", {
      params: { path: { credentialId } },
    });
    expect(refused.response.status).toBe(400);
    shares = ok(
      await v3.DELETE("/v3/credentials/{credentialId}/users/{userId}", {
        params: { path: { credentialId, userId: user.id } },
      }),
    );
    shares = ok(
      await v3.DELETE("/v3/credentials/{credentialId}/userGroups/{userGroupId}", {
        params: { path: { credentialId, userGroupId: group.id } },
      }),
    );
    expect([shares.userIds, shares.userGroupIds]).toEqual([[], []]);
    const deleted = ok(
      await v3.DELETE("/v3/credentials/{credentialId}", { params: { path: { credentialId } } }),
    );
    expect(deleted.map((c) => c.id)).toEqual([credentialId]);
    expect(
      (await v3.GET("/v3/credentials/{credentialId}", { params: { path: { credentialId } } }))
        .response.status,
    ).toBe(404);
  });

  it("the documented refusals: a missing password (400), unknown credentials (404)", async () => {
    // @ts-expect-error the password is missing on purpose
    const bad = await v3.POST("/v3/credentials", { body: { username: "nobody" } });
    expect(bad.response.status).toBe(400);
    const path = { params: { path: { credentialId: MISSING } } };
    expect((await v3.GET("/v3/credentials/{credentialId}", path)).response.status).toBe(404);
    expect(
      (await v3.PUT("/v3/credentials/{credentialId}", { ...path, body: { newPassword: PASSWORD } }))
        .response.status,
    ).toBe(404);
    expect((await v3.DELETE("/v3/credentials/{credentialId}", path)).response.status).toBe(404);
  });
});
