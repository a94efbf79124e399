// /v3/usergroups: custom user groups, their members and the Active Directory groups in them.
import { galleryDate } from "../../dataset/generation.js";
import type { UserRole } from "../../dataset/records.js";
import type { GalleryState } from "../../routes/route.js";
import { callerId } from "../../routes/route.js";
import { boolParam, findGroup } from "../lookup.js";
import { jsonBody, objectBody } from "../request-body.js";
import { v3BadRequest } from "../v3-error.js";
import type { UserGroupRecord } from "../v3-records.js";
import { done, json, route, type V3Route } from "../v3-route.js";

const ROLES = ["NoAccess", "Viewer", "Member", "Artisan", "Curator", "Evaluated"];

/** UserGroupView */
export function userGroupView(g: UserGroupRecord, state: GalleryState) {
  return {
    id: g.id,
    name: g.name,
    dateAdded: g.dateAdded,
    role: g.role,
    credentialIds: state.v3.credentials
      .filter((c) => c.userGroupIds.includes(g.id))
      .map((c) => c.id),
    connectionIds: state.data.serverDataConnections
      .filter((c) => c.userGroupIds.includes(g.id))
      .map((c) => c.connectionId),
    members: [
      ...g.members.map((m) => ({
        activeDirectoryObject: null,
        userId: m.userId,
        dateAddedToGroup: m.dateAdded,
        addedByUserId: m.addedById,
      })),
      ...g.adGroupSids.map((sid) => ({
        activeDirectoryObject: {
          sid,
          category: "Group",
          displayName: null,
          domainName: null,
          sidAccountName: null,
        },
        userId: null,
        dateAddedToGroup: null,
        addedByUserId: null,
      })),
    ],
  };
}

function nameAndRole(r: Parameters<V3Route["handle"]>[0]): { name: string; role: UserRole } {
  const body = objectBody(r, ["name", "role"]);
  const name = (body.string("name") ?? "").trim();
  if (name === "") throw v3BadRequest("The name of a user group must not be empty.");
  const role = body.string("role") ?? "";
  if (!ROLES.includes(role)) {
    throw v3BadRequest(`The role "${role.slice(0, 40)}" is not one of ${ROLES.join(", ")}.`);
  }
  return { name, role: role as UserRole };
}

function checkUniqueName(state: GalleryState, name: string, self?: string): void {
  if (
    state.v3.userGroups.some((g) => g.id !== self && g.name.toLowerCase() === name.toLowerCase())
  ) {
    throw v3BadRequest(`A user group named "${name.slice(0, 80)}" already exists.`);
  }
}

/** The user group routes. */
export const userGroupsV3Routes: V3Route[] = [
  route("GET", "/v3/usergroups", (_r, _p, state) =>
    json(state.v3.userGroups.map((g) => ({ id: g.id, name: g.name, role: g.role }))),
  ),
  route("POST", "/v3/usergroups", (r, _p, state) => {
    const { name, role } = nameAndRole(r);
    checkUniqueName(state, name);
    const at = state.now();
    const group: UserGroupRecord = {
      id: state.newId(at),
      name,
      role,
      dateAdded: galleryDate(at),
      members: [],
      adGroupSids: [],
    };
    state.v3.userGroups.push(group);
    return json(group.id, 201);
  }),
  route("GET", "/v3/usergroups/{userGroupId}", (_r, { userGroupId = "" }, state) =>
    json(userGroupView(findGroup(state, userGroupId), state)),
  ),
  route("PUT", "/v3/usergroups/{userGroupId}", (r, { userGroupId = "" }, state) => {
    const group = findGroup(state, userGroupId);
    const { name, role } = nameAndRole(r);
    checkUniqueName(state, name, group.id);
    group.name = name;
    group.role = role;
    return done();
  }),
  route("DELETE", "/v3/usergroups/{userGroupId}", (r, { userGroupId = "" }, state) => {
    const group = findGroup(state, userGroupId);
    const members = group.members.length + group.adGroupSids.length;
    if (members > 0 && !boolParam(r.query, "forceDelete")) {
      throw v3BadRequest(
        `The user group ${group.id} still has ${members} member(s); remove them, or pass forceDelete=true.`,
      );
    }
    state.v3.userGroups.splice(state.v3.userGroups.indexOf(group), 1);
    for (const c of state.v3.credentials)
      c.userGroupIds = c.userGroupIds.filter((id) => id !== group.id);
    for (const c of state.data.serverDataConnections) {
      c.userGroupIds = c.userGroupIds.filter((id) => id !== group.id);
    }
    for (const c of state.data.collections) {
      if (c.userGroups) c.userGroups = c.userGroups.filter((g) => g.id !== group.id);
    }
    return done();
  }),
  route("POST", "/v3/usergroups/{userGroupId}/users", (r, { userGroupId = "" }, state) => {
    const group = findGroup(state, userGroupId);
    const ids = jsonBody(r);
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== "string")) {
      throw v3BadRequest(
        'The body must be a JSON array of user ids, e.g. ["5b1a3c2e8f0d4a6b9c7e5f10"].',
      );
    }
    const failed: Record<string, string> = {};
    let added = 0;
    const at = state.now();
    for (const id of ids as string[]) {
      const user = state.index.userById.get(id);
      if (!user) failed[id] = "No user has this id.";
      else if (!user.active) failed[id] = "The user is inactive.";
      else if (group.members.some((m) => m.userId === id))
        failed[id] = "The user is already a member.";
      else {
        group.members.push({
          userId: id,
          dateAdded: galleryDate(at),
          addedById: callerId(state),
        });
        added++;
      }
    }
    return json({
      successfullyAddedUserCount: added,
      totalUsersSubmittedCount: ids.length,
      failedUserReasons: Object.keys(failed).length > 0 ? failed : null,
    });
  }),
  route(
    "DELETE",
    "/v3/usergroups/{userGroupId}/users/{userId}",
    (_r, { userGroupId = "", userId = "" }, state) => {
      const group = findGroup(state, userGroupId);
      group.members = group.members.filter((m) => m.userId !== userId);
      return json(userGroupView(group, state));
    },
  ),
  route(
    "POST",
    "/v3/usergroups/{userGroupId}/activedirectorygroups",
    (r, { userGroupId = "" }, state) => {
      const group = findGroup(state, userGroupId);
      // The body is a JSON string ("S-1-..."). Prism forwards a JSON string body parsed, without
      // its quotes, so the bare SID is read as well.
      const text = Buffer.from(r.body).toString("utf8").trim();
      const sid = /^S-[\d-]+$/.test(text) ? text : jsonBody(r);
      if (typeof sid !== "string" || !/^S-\d(-\d+)+$/.test(sid)) {
        throw v3BadRequest(
          'The body must be the group\'s SID as a JSON string, e.g. "S-1-5-21-1004-1005-1006-513".',
        );
      }
      if (!group.adGroupSids.includes(sid)) group.adGroupSids.push(sid);
      return done();
    },
  ),
  route(
    "DELETE",
    "/v3/usergroups/{userGroupId}/activedirectorygroups/{adGroupSid}",
    (_r, { userGroupId = "", adGroupSid = "" }, state) => {
      const group = findGroup(state, userGroupId);
      const sid = adGroupSid;
      if (!group.adGroupSids.includes(sid)) {
        throw v3BadRequest(
          `The Active Directory group ${sid.slice(0, 80)} is not a member of ${group.id}.`,
        );
      }
      group.adGroupSids = group.adGroupSids.filter((s) => s !== sid);
      return done();
    },
  ),
];
