/**
 * Users: list (views and filters), create, get, replace, assets, asset transfer, deactivation,
 * password reset, and delete, which is refused (409) while the user owns assets or belongs to
 * a group and succeeds once they are transferred and the memberships removed.
 */
import { KNOWN_CURATOR } from "@alteryx-admin/mock-gallery";
import { beforeAll, describe, expect, it } from "vitest";
import { OBJECT_ID, ok, okEmpty, v3Client } from "./client.js";

const v3 = v3Client();
const MISSING = "5b1a3c2e8f0d4a6b9c7e5f10";

async function curatorId(): Promise<string> {
  const users = ok(
    await v3.GET("/v3/users", { params: { query: { email: KNOWN_CURATOR.email } } }),
  );
  const id = users[0]?.id;
  if (!id) throw new Error("the known curator is missing from the mock");
  return id;
}

describe("users", () => {
  let curator: string;
  beforeAll(async () => {
    curator = await curatorId();
  });

  it("GET /v3/users answers reduced users by default and whole ones with view=Full", async () => {
    const reduced = ok(await v3.GET("/v3/users"));
    expect(reduced.length).toBeGreaterThan(100);
    expect(Object.keys(reduced[0] ?? {}).sort()).toEqual(
      ["dateCreated", "email", "firstName", "id", "isActive", "lastName", "role"].sort(),
    );
    const full = ok(
      await v3.GET("/v3/users", { params: { query: { view: "Full", active: false } } }),
    );
    expect(full.length).toBeGreaterThan(0);
    for (const user of full) {
      expect(user.isActive).toBe(false);
      expect(user).toHaveProperty("canScheduleJobs");
    }
  });

  it("GET /v3/users filters by email and role", async () => {
    const curators = ok(await v3.GET("/v3/users", { params: { query: { role: "Curator" } } }));
    expect(curators.every((u) => u.role === "Curator")).toBe(true);
    expect(curators.map((u) => u.email)).toContain(KNOWN_CURATOR.email);
  });

  it("POST /v3/users creates a user that GET /v3/users/{userId} returns; a duplicate email is a 400", async () => {
    const created = ok(
      await v3.POST("/v3/users", {
        body: { firstName: "Ada", lastName: "Lovelace", email: "ada.lovelace@example.com" },
      }),
    );
    expect(created.id).toMatch(OBJECT_ID);
    expect(created.role).toBe("Evaluated");
    const read = ok(
      await v3.GET("/v3/users/{userId}", { params: { path: { userId: created.id } } }),
    );
    expect(read.email).toBe("ada.lovelace@example.com");
    const again = await v3.POST("/v3/users", {
      body: { firstName: "Ada", lastName: "L", email: "ada.lovelace@example.com" },
    });
    expect(again.response.status).toBe(400);
  });

  it("GET /v3/users/{userId} answers 404 for an unknown id", async () => {
    const result = await v3.GET("/v3/users/{userId}", { params: { path: { userId: MISSING } } });
    expect(result.response.status).toBe(404);
  });

  it("PUT /v3/users/{userId} replaces the settings; a missing required field is a 400", async () => {
    const user = ok(
      await v3.POST("/v3/users", {
        body: {
          firstName: "Grace",
          lastName: "Hopper",
          email: "grace.hopper@example.com",
          role: "Artisan",
        },
      }),
    );
    const updated = ok(
      await v3.PUT("/v3/users/{userId}", {
        params: { path: { userId: user.id } },
        body: {
          email: "grace.hopper@example.com",
          role: "Curator",
          defaultWorkerTag: "gpu",
          canScheduleJobs: true,
          canPrioritizeJobs: true,
          canAssignJobs: false,
          canCreateCollections: true,
          isApiEnabled: true,
          defaultCredentialId: "",
          isAccountLocked: false,
          isActive: true,
          isValidated: true,
          timeZone: "Europe/London",
          language: "en-us",
        },
      }),
    );
    expect(updated).toMatchObject({
      role: "Curator",
      defaultWorkerTag: "gpu",
      timeZone: "Europe/London",
    });
    const bad = await v3.PUT("/v3/users/{userId}", {
      params: { path: { userId: user.id } },
      // @ts-expect-error the required fields are missing on purpose
      body: { email: "grace.hopper@example.com" },
    });
    expect(bad.response.status).toBe(400);
  });

  it("POST /v3/users/{userId}/passwordReset answers 200 with an empty body, 404 for an unknown user", async () => {
    okEmpty(
      await v3.POST("/v3/users/{userId}/passwordReset", { params: { path: { userId: curator } } }),
    );
    const missing = await v3.POST("/v3/users/{userId}/passwordReset", {
      params: { path: { userId: MISSING } },
    });
    expect(missing.response.status).toBe(404);
  });

  it("a user with assets and groups cannot be deleted until transferred and deactivated", async () => {
    // A seeded owner of workflows who belongs to a group.
    const groups = ok(await v3.GET("/v3/usergroups"));
    const members = new Set<string>();
    for (const g of groups) {
      const group = ok(
        await v3.GET("/v3/usergroups/{userGroupId}", { params: { path: { userGroupId: g.id } } }),
      );
      for (const m of group.members ?? []) if (m.userId) members.add(m.userId);
    }
    const workflows = ok(await v3.GET("/v3/workflows"));
    const owner = workflows
      .map((w) => w.ownerId)
      .find((id) => id && id !== curator && members.has(id));
    if (!owner) throw new Error("the seeded data has no workflow owner in a group");

    const assets = ok(
      await v3.GET("/v3/users/{userId}/assets", { params: { path: { userId: owner } } }),
    );
    expect(assets.workflows?.length).toBeGreaterThan(0);
    const onlyWorkflows = ok(
      await v3.GET("/v3/users/{userId}/assets", {
        params: { path: { userId: owner }, query: { assetType: "Workflows" } },
      }),
    );
    expect(onlyWorkflows.schedules ?? []).toEqual([]);

    const refused = await v3.DELETE("/v3/users/{userId}", { params: { path: { userId: owner } } });
    expect(refused.response.status).toBe(409);

    const affected = ok(
      await v3.PUT("/v3/users/{userId}/assetTransfer", {
        params: { path: { userId: owner } },
        body: {
          ownerId: curator,
          transferWorkflows: true,
          transferSchedules: true,
          transferCollections: true,
        },
      }),
    );
    expect(affected).toEqual([]);
    const after = ok(
      await v3.GET("/v3/users/{userId}/assets", { params: { path: { userId: owner } } }),
    );
    expect([
      ...(after.workflows ?? []),
      ...(after.schedules ?? []),
      ...(after.collections ?? []),
    ]).toEqual([]);
    const moved = ok(await v3.GET("/v3/workflows", { params: { query: { ownerId: curator } } }));
    expect(moved.map((w) => w.id)).toEqual(
      expect.arrayContaining(assets.workflows?.map((w) => w.id) ?? []),
    );

    // Still in a group: still refused.
    expect(
      (await v3.DELETE("/v3/users/{userId}", { params: { path: { userId: owner } } })).response
        .status,
    ).toBe(409);
    const left = ok(
      await v3.POST("/v3/users/{userId}/deactivate", { params: { path: { userId: owner } } }),
    );
    expect(left.length).toBeGreaterThan(0);
    const user = ok(await v3.GET("/v3/users/{userId}", { params: { path: { userId: owner } } }));
    expect(user.isActive).toBe(false);

    okEmpty(await v3.DELETE("/v3/users/{userId}", { params: { path: { userId: owner } } }));
    const gone = await v3.GET("/v3/users/{userId}", { params: { path: { userId: owner } } });
    expect(gone.response.status).toBe(404);
  });

  it("the documented refusals: unknown users (404), a transfer to oneself (400)", async () => {
    expect(
      (await v3.DELETE("/v3/users/{userId}", { params: { path: { userId: MISSING } } })).response
        .status,
    ).toBe(404);
    expect(
      (await v3.GET("/v3/users/{userId}/assets", { params: { path: { userId: MISSING } } }))
        .response.status,
    ).toBe(404);
    expect(
      (await v3.POST("/v3/users/{userId}/deactivate", { params: { path: { userId: MISSING } } }))
        .response.status,
    ).toBe(404);
    const self = await v3.PUT("/v3/users/{userId}/assetTransfer", {
      params: { path: { userId: curator } },
      body: {
        ownerId: curator,
        transferWorkflows: true,
        transferSchedules: false,
        transferCollections: false,
      },
    });
    expect(self.response.status).toBe(400);
  });

  it("answers 401 to a request with a bearer token the mock never issued", async () => {
    const result = await v3Client({ token: "not-a-token-the-mock-issued" }).GET("/v3/users");
    expect(result.response.status).toBe(401);
  });
});
