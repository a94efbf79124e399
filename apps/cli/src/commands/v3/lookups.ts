/**
 * The v3 reads the commands share: a user, group or workflow named by id or by name/email, what a
 * user owns and belongs to. Each answer goes through the client's `unwrap`, so a refused call is
 * the client's typed AlteryxApiError and the CLI's usual one-line message.
 */
import { unwrap } from "@alteryx-admin/client";
import pLimit from "p-limit";
import { UsageError } from "../../errors.js";
import { looksLikeId } from "../workflows/ids.js";
import { ASSET_KINDS, type NamedRef, type UserHoldings } from "./offboard-plan.js";
import type { ServerClient, V3 } from "./server-client.js";

/** A whole v3 user. */
export type UserView = V3["schemas"]["UserView"];
/** A custom user group with its members. */
export type UserGroupView = V3["schemas"]["UserGroupView"];

/** Requests at a time for the per-item reads (assets of each user, members of each group). */
export const READ_CONCURRENCY = 4;

/** A user by id or email, whole; an unknown one is a usage error that says how to find it. */
export async function findUser(client: ServerClient, who: string): Promise<UserView> {
  if (looksLikeId(who)) {
    const result = await client.GET("/v3/users/{userId}", { params: { path: { userId: who } } });
    if (result.response.status === 404)
      throw new UsageError(`no user with the id ${who} (alteryx-admin users list shows them)`);
    return unwrap(result);
  }
  const users = unwrap(
    await client.GET("/v3/users", { params: { query: { email: who, view: "Full" } } }),
  ) as UserView[];
  const user = users.find((u) => u.email?.toLowerCase() === who.toLowerCase());
  if (!user)
    throw new UsageError(
      `no user with the email ${who}; give an email or a 24-digit id (alteryx-admin users list shows them)`,
    );
  return user;
}

/** What a user owns, by kind (`GET /v3/users/{userId}/assets`). */
export async function userAssets(
  client: ServerClient,
  userId: string,
): Promise<UserHoldings["assets"]> {
  const view = unwrap(
    await client.GET("/v3/users/{userId}/assets", { params: { path: { userId } } }),
  );
  const assets = {} as UserHoldings["assets"];
  for (const kind of ASSET_KINDS)
    assets[kind] = (view[kind] ?? []).flatMap((item) =>
      item.id ? [{ id: item.id, name: item.name ?? null }] : [],
    );
  return assets;
}

/**
 * Every custom group with its members. The API has no "groups of a user", so each group is read
 * (a few at a time); user groups are few on any server.
 */
export async function groupsWithMembers(client: ServerClient): Promise<UserGroupView[]> {
  const groups = unwrap(await client.GET("/v3/usergroups"));
  const limit = pLimit(READ_CONCURRENCY);
  return Promise.all(
    groups.map((g) =>
      limit(async () =>
        unwrap(
          await client.GET("/v3/usergroups/{userGroupId}", {
            params: { path: { userGroupId: g.id } },
          }),
        ),
      ),
    ),
  );
}

/** The groups `userId` is a member of. */
export function groupsOf(groups: readonly UserGroupView[], userId: string): NamedRef[] {
  return groups
    .filter((g) => (g.members ?? []).some((m) => m.userId === userId))
    .map((g) => ({ id: g.id, name: g.name ?? null }));
}

/** What a user owns and belongs to. */
export async function userHoldings(client: ServerClient, userId: string): Promise<UserHoldings> {
  const [assets, groups] = await Promise.all([
    userAssets(client, userId),
    groupsWithMembers(client),
  ]);
  return { assets, groups: groupsOf(groups, userId) };
}

/** A group by id or exact name (case-insensitive), whole. */
export async function findGroup(client: ServerClient, which: string): Promise<UserGroupView> {
  let id = which;
  if (!looksLikeId(which)) {
    const groups = unwrap(await client.GET("/v3/usergroups"));
    const matches = groups.filter((g) => g.name?.toLowerCase() === which.toLowerCase());
    if (matches.length !== 1)
      throw new UsageError(
        matches.length === 0
          ? `no user group named "${which}" (alteryx-admin groups list shows them)`
          : `${matches.length} user groups are named "${which}"; give the id of the one you mean (${matches.map((g) => g.id).join(", ")})`,
      );
    id = (matches[0] as { id: string }).id;
  }
  const result = await client.GET("/v3/usergroups/{userGroupId}", {
    params: { path: { userGroupId: id } },
  });
  if (result.response.status === 404)
    throw new UsageError(`no user group with the id ${id} (alteryx-admin groups list shows them)`);
  return unwrap(result);
}

/** A workflow's id from its id or its exact name (which must be unique). */
export async function findWorkflowId(client: ServerClient, which: string): Promise<string> {
  if (looksLikeId(which)) return which;
  const workflows = unwrap(
    await client.GET("/v3/workflows", { params: { query: { name: which } } }),
  );
  const matches = workflows.filter((w) => w.name === which);
  if (matches.length === 1) return (matches[0] as { id: string }).id;
  throw new UsageError(
    matches.length === 0
      ? `no workflow named "${which}"; give its name exactly or its 24-digit id (alteryx-admin workflows list shows them)`
      : `${matches.length} workflows are named "${which}"; give the id of the one you mean (${matches.map((w) => w.id).join(", ")})`,
  );
}

/** Names by id of every user (email) and workflow (name): one call each, for listings. */
export async function nameTables(
  client: ServerClient,
): Promise<{ users: Map<string, string>; workflows: Map<string, string> }> {
  const [users, workflows] = await Promise.all([
    client.GET("/v3/users").then(unwrap),
    client.GET("/v3/workflows").then(unwrap),
  ]);
  return {
    users: new Map(users.map((u) => [u.id, u.email ?? u.id])),
    workflows: new Map(workflows.map((w) => [w.id, w.name ?? w.id])),
  };
}
