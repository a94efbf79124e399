// /v3/users: list (filters, view), create, get, replace, delete (refused with 409 while the
// user owns assets or belongs to groups), assets, asset transfer, deactivation (which removes
// the group memberships), password reset. Users are the Admin v1 dataset's records: a user
// created here is listed by Admin v1 /users/ too.

import { galleryDate } from "../../dataset/generation.js";
import type { UserRecord, UserRole, UserV3Settings } from "../../dataset/records.js";
import { dateParam } from "../../routes/params.js";
import type { GalleryState } from "../../routes/route.js";
import { boolParam, findUser, fullView } from "../lookup.js";
import { objectBody } from "../request-body.js";
import { v3BadRequest, v3Conflict } from "../v3-error.js";
import { done, json, route, type V3Route } from "../v3-route.js";

const ROLES: readonly UserRole[] = [
  "NoAccess",
  "Viewer",
  "Member",
  "Artisan",
  "Curator",
  "Evaluated",
];

/** A user's v3 settings: written ones, or derived from the Admin v1 record. */
export function userSettings(u: UserRecord): UserV3Settings {
  return (
    u.v3 ?? {
      role: u.curator ? "Curator" : "Artisan",
      defaultWorkerTag: null,
      canCreateCollections: u.curator,
      isApiEnabled: true,
      defaultCredentialId: null,
      canCreateAndUpdateDcm: u.curator,
      canShareForExecutionDcm: u.curator,
      canShareForCollaborationDcm: u.curator,
      canManageGenericVaultsDcm: false,
    }
  );
}

/** ReducedUserView */
export function reducedUserView(u: UserRecord) {
  return {
    id: u.id,
    firstName: u.firstName,
    lastName: u.lastName,
    email: u.email,
    isActive: u.active,
    role: userSettings(u).role,
    dateCreated: u.dateAdded,
  };
}

/** UserView */
export function userView(u: UserRecord, state: GalleryState) {
  const s = userSettings(u);
  return {
    id: u.id,
    firstName: u.firstName,
    lastName: u.lastName,
    email: u.email,
    role: s.role,
    defaultWorkerTag: s.defaultWorkerTag,
    canScheduleJobs: u.canSchedule,
    canPrioritizeJobs: u.canSetPriority,
    canAssignJobs: u.canSetWorkerAssignment,
    canCreateCollections: s.canCreateCollections,
    isApiEnabled: s.isApiEnabled,
    defaultCredentialId: s.defaultCredentialId,
    isAccountLocked: u.accountLocked,
    isActive: u.active,
    lastLoginDateTime: u.lastLogin,
    isValidated: u.validated,
    sharedCredentialIds: state.v3.credentials
      .filter((c) => c.userIds.includes(u.id))
      .map((c) => c.id),
    dataConnectionIds: state.data.serverDataConnections
      .filter((c) => c.userIds.includes(u.id))
      .map((c) => c.connectionId),
    timeZone: u.timezone,
    language: u.language,
    canCreateAndUpdateDcm: s.canCreateAndUpdateDcm,
    canShareForExecutionDcm: s.canShareForExecutionDcm,
    canShareForCollaborationDcm: s.canShareForCollaborationDcm,
    canManageGenericVaultsDcm: s.canManageGenericVaultsDcm,
  };
}

/** What a user owns: live workflows, schedules, collections. */
export function assetsOf(state: GalleryState, userId: string) {
  return {
    workflows: state.data.workflows.filter((w) => !w.isDeleted && w.ownerId === userId),
    schedules: state.data.schedules.filter((s) => s.ownerId === userId),
    collections: state.data.collections.filter((c) => c.ownerId === userId),
  };
}

function role(value: string | undefined, fallback: UserRole): UserRole {
  if (value === undefined) return fallback;
  if (!(ROLES as readonly string[]).includes(value)) {
    throw v3BadRequest(`The role "${value.slice(0, 40)}" is not one of ${ROLES.join(", ")}.`);
  }
  return value as UserRole;
}

function checkEmail(state: GalleryState, email: string, self?: string): string {
  const trimmed = email.trim();
  if (!/^[^@\s]+@[^@\s]+$/.test(trimmed)) {
    throw v3BadRequest(`"${trimmed.slice(0, 80)}" is not an email address.`, {
      "contract.email": ["Enter a valid email address."],
    });
  }
  const lower = trimmed.toLowerCase();
  if (state.data.users.some((u) => u.id !== self && u.email.toLowerCase() === lower)) {
    throw v3BadRequest(`A user with the email ${trimmed.slice(0, 80)} already exists.`);
  }
  return trimmed;
}

/** The users routes. */
export const usersV3Routes: V3Route[] = [
  route("GET", "/v3/users", (r, _p, state) => {
    const full = fullView(r.query);
    const active = boolParam(r.query, "active");
    const after = dateParam(r.query, "createdAfter");
    const before = dateParam(r.query, "createdBefore");
    const text = (name: string) => r.query.get(name)?.toLowerCase() || undefined;
    const [email, firstName, lastName, wanted] = [
      text("email"),
      text("firstName"),
      text("lastName"),
      r.query.get("role") || undefined,
    ];
    const users = state.data.users.filter(
      (u) =>
        (active === undefined || u.active === active) &&
        (email === undefined || u.email.toLowerCase() === email) &&
        (firstName === undefined || u.firstName.toLowerCase() === firstName) &&
        (lastName === undefined || u.lastName.toLowerCase() === lastName) &&
        (wanted === undefined || userSettings(u).role === wanted) &&
        (after === undefined || Date.parse(u.dateAdded) >= after) &&
        (before === undefined || Date.parse(u.dateAdded) <= before),
    );
    return json(users.map((u) => (full ? userView(u, state) : reducedUserView(u))));
  }),
  route("POST", "/v3/users", (r, _p, state) => {
    const body = objectBody(r, ["firstName", "lastName", "email"]);
    const email = checkEmail(state, body.string("email") ?? "");
    const at = state.now();
    const stamp = galleryDate(at);
    const chosen = role(body.string("role"), "Evaluated");
    const user: UserRecord = {
      id: state.newId(at),
      firstName: body.string("firstName") ?? "",
      lastName: body.string("lastName") ?? "",
      email,
      subscriptionId: state.data.subscriptions[0]?.id ?? "",
      curator: chosen === "Curator",
      active: body.boolean("isActive") ?? true,
      accountLocked: false,
      accountLockedAt: null,
      canSchedule: body.boolean("canScheduleJobs") ?? false,
      canSetPriority: body.boolean("canPrioritizeJobs") ?? false,
      canSetWorkerAssignment: body.boolean("canAssignJobs") ?? false,
      dateAdded: stamp,
      dateUpdated: stamp,
      expirationDate: null,
      numFailedLogins: 0,
      pending: false,
      validated: false,
      lastLogin: null,
      timezone: body.string("timeZone") ?? "UTC",
      language: "en-us",
      sId: null,
      v3: {
        role: chosen,
        defaultWorkerTag: body.string("defaultWorkerTag") || null,
        canCreateCollections: body.boolean("canCreateCollections") ?? false,
        isApiEnabled: body.boolean("isApiEnabled") ?? false,
        defaultCredentialId: body.string("defaultCredentialId") || null,
        canCreateAndUpdateDcm: body.boolean("canCreateAndUpdateDcm") ?? false,
        canShareForExecutionDcm: body.boolean("canShareForExecutionDcm") ?? false,
        canShareForCollaborationDcm: body.boolean("canShareForCollaborationDcm") ?? false,
        canManageGenericVaultsDcm: body.boolean("canManageGenericVaultsDcm") ?? false,
      },
    };
    state.data.users.push(user);
    state.index.userById.set(user.id, user);
    return json(userView(user, state), 201);
  }),
  route("GET", "/v3/users/{userId}", (_r, { userId = "" }, state) =>
    json(userView(findUser(state, userId), state)),
  ),
  route("PUT", "/v3/users/{userId}", (r, { userId = "" }, state) => {
    const user = findUser(state, userId);
    const body = objectBody(r, [
      "email",
      "role",
      "defaultWorkerTag",
      "canScheduleJobs",
      "canPrioritizeJobs",
      "canAssignJobs",
      "canCreateCollections",
      "isApiEnabled",
      "defaultCredentialId",
      "isAccountLocked",
      "isActive",
      "isValidated",
      "timeZone",
      "language",
    ]);
    const previous = userSettings(user);
    const chosen = role(body.string("role"), previous.role);
    user.email = checkEmail(state, body.string("email") ?? "", user.id);
    user.firstName = body.string("firstName") ?? user.firstName;
    user.lastName = body.string("lastName") ?? user.lastName;
    user.curator = chosen === "Curator";
    user.canSchedule = body.boolean("canScheduleJobs") ?? user.canSchedule;
    user.canSetPriority = body.boolean("canPrioritizeJobs") ?? user.canSetPriority;
    user.canSetWorkerAssignment = body.boolean("canAssignJobs") ?? user.canSetWorkerAssignment;
    const locked = body.boolean("isAccountLocked") ?? user.accountLocked;
    if (locked !== user.accountLocked) {
      user.accountLockedAt = locked ? galleryDate(state.now()) : null;
      user.accountLocked = locked;
    }
    if (body.boolean("isActive") === false && user.active) removeFromGroups(state, user.id);
    user.active = body.boolean("isActive") ?? user.active;
    user.validated = body.boolean("isValidated") ?? user.validated;
    user.timezone = body.string("timeZone") ?? user.timezone;
    user.language = body.string("language") ?? user.language;
    user.dateUpdated = galleryDate(state.now());
    user.v3 = {
      role: chosen,
      defaultWorkerTag: body.string("defaultWorkerTag") || null,
      canCreateCollections: body.boolean("canCreateCollections") ?? previous.canCreateCollections,
      isApiEnabled: body.boolean("isApiEnabled") ?? previous.isApiEnabled,
      defaultCredentialId: body.string("defaultCredentialId") || null,
      canCreateAndUpdateDcm:
        body.boolean("canCreateAndUpdateDcm") ?? previous.canCreateAndUpdateDcm,
      canShareForExecutionDcm:
        body.boolean("canShareForExecutionDcm") ?? previous.canShareForExecutionDcm,
      canShareForCollaborationDcm:
        body.boolean("canShareForCollaborationDcm") ?? previous.canShareForCollaborationDcm,
      canManageGenericVaultsDcm:
        body.boolean("canManageGenericVaultsDcm") ?? previous.canManageGenericVaultsDcm,
    };
    return json(userView(user, state));
  }),
  route("DELETE", "/v3/users/{userId}", (_r, { userId = "" }, state) => {
    const user = findUser(state, userId);
    const assets = assetsOf(state, user.id);
    const owned = [
      `${assets.workflows.length} workflow(s)`,
      `${assets.schedules.length} schedule(s)`,
      `${assets.collections.length} collection(s)`,
    ];
    if (assets.workflows.length + assets.schedules.length + assets.collections.length > 0) {
      throw v3Conflict(
        `The user ${user.id} still owns ${owned.join(", ")}: transfer them first (PUT /v3/users/${user.id}/assetTransfer).`,
      );
    }
    const groups = state.v3.userGroups.filter((g) => g.members.some((m) => m.userId === user.id));
    if (groups.length > 0) {
      throw v3Conflict(
        `The user ${user.id} belongs to ${groups.length} user group(s): remove them (POST /v3/users/${user.id}/deactivate does) first.`,
      );
    }
    state.data.users.splice(state.data.users.indexOf(user), 1);
    state.index.userById.delete(user.id);
    for (const c of state.v3.credentials) c.userIds = c.userIds.filter((id) => id !== user.id);
    for (const c of state.data.serverDataConnections) {
      c.userIds = c.userIds.filter((id) => id !== user.id);
    }
    for (const c of state.data.collections) c.users = c.users.filter((u) => u.id !== user.id);
    return done();
  }),
  route("GET", "/v3/users/{userId}/assets", (r, { userId = "" }, state) => {
    const user = findUser(state, userId);
    const kind = r.query.get("assetType") || "All";
    if (!["All", "Workflows", "Schedules", "Collections"].includes(kind)) {
      throw v3BadRequest(
        `The assetType must be All, Workflows, Schedules or Collections, not "${kind.slice(0, 40)}".`,
      );
    }
    const assets = assetsOf(state, user.id);
    const pick = (k: string) => kind === "All" || kind === k;
    return json({
      workflows: pick("Workflows") ? assets.workflows.map((w) => ({ name: w.name, id: w.id })) : [],
      schedules: pick("Schedules") ? assets.schedules.map((s) => ({ name: s.name, id: s.id })) : [],
      collections: pick("Collections")
        ? assets.collections.map((c) => ({ name: c.name, id: c.id }))
        : [],
    });
  }),
  route("PUT", "/v3/users/{userId}/assetTransfer", (r, { userId = "" }, state) => {
    const from = findUser(state, userId);
    const body = objectBody(r, [
      "ownerId",
      "transferWorkflows",
      "transferSchedules",
      "transferCollections",
    ]);
    const to = findUser(state, body.string("ownerId") ?? "", "body");
    if (to.id === from.id) {
      throw v3BadRequest(
        "The ownerId is the user whose assets are transferred; name another user.",
      );
    }
    if (!to.active) {
      throw v3BadRequest(`The new owner ${to.id} is inactive; transfer to an active user.`);
    }
    const assets = assetsOf(state, from.id);
    if (body.boolean("transferWorkflows")) {
      for (const w of assets.workflows) {
        w.ownerId = to.id;
        w.subscriptionId = to.subscriptionId;
      }
    }
    if (body.boolean("transferSchedules")) for (const s of assets.schedules) s.ownerId = to.id;
    if (body.boolean("transferCollections")) for (const c of assets.collections) c.ownerId = to.id;
    // What breaks once the old owner is deleted: the schedules left behind.
    const affected = body.boolean("transferSchedules") ? [] : assets.schedules;
    return json(affected.map((s) => ({ affectedScheduleId: s.id })));
  }),
  route("POST", "/v3/users/{userId}/deactivate", (_r, { userId = "" }, state) => {
    const user = findUser(state, userId);
    user.active = false;
    user.dateUpdated = galleryDate(state.now());
    return json(removeFromGroups(state, user.id));
  }),
  route("POST", "/v3/users/{userId}/passwordReset", (_r, { userId = "" }, state) => {
    const user = findUser(state, userId);
    if (!user.active) {
      throw v3BadRequest(`The user ${user.id} is inactive; activate them before a password reset.`);
    }
    return done();
  }),
];

/** Removes a user from every custom group; answers the ids of the groups. */
function removeFromGroups(state: GalleryState, userId: string): string[] {
  const left: string[] = [];
  for (const group of state.v3.userGroups) {
    const before = group.members.length;
    group.members = group.members.filter((m) => m.userId !== userId);
    if (group.members.length < before) left.push(group.id);
  }
  return left;
}
