// /v3/collections: list (view), create, get, rename/re-own, delete (forceDelete), and sharing
// workflows, schedules, users and user groups through a collection, with permissions.
// Collections are the Admin v1 dataset's records (user groups are kept beside them).
import { galleryDate } from "../../dataset/generation.js";
import type { CollectionPermissions, CollectionRecord } from "../../dataset/records.js";
import type { GalleryState, RouteRequest } from "../../routes/route.js";
import { callerId } from "../../routes/route.js";
import {
  boolParam,
  findCollection,
  findGroup,
  findSchedule,
  findUser,
  findWorkflow,
  fullView,
} from "../lookup.js";
import { type Fields, objectBody } from "../request-body.js";
import { v3BadRequest, v3NotFound } from "../v3-error.js";
import { done, json, route, type V3Route } from "../v3-route.js";

/** CollectionView */
function collectionV3View(c: CollectionRecord) {
  return {
    id: c.id,
    name: c.name,
    ownerId: c.ownerId,
    dateAdded: c.dateAdded,
    workflowIds: c.apps.map((a) => a.id),
    users: c.users.map((u) => ({ userId: u.id, activeDirectoryObject: null })),
    subscriptionIds: c.subscriptions.map((s) => s.id),
    userGroupIds: (c.userGroups ?? []).map((g) => g.id),
    scheduleIds: c.schedules.map((s) => s.id),
  };
}

function reducedCollectionView(c: CollectionRecord) {
  return { id: c.id, name: c.name, ownerId: c.ownerId, dateAdded: c.dateAdded };
}

function permissionsOf(body: Fields): CollectionPermissions {
  const raw = body.object("collectionsPermissions") ?? {};
  const flag = (name: string) => {
    const value = raw[name];
    if (value === undefined || value === null) return false;
    if (typeof value !== "boolean")
      throw v3BadRequest(`collectionsPermissions.${name} must be true or false.`);
    return value;
  };
  const expiry = body.string("expirationDate");
  if (expiry !== undefined && Number.isNaN(Date.parse(expiry))) {
    throw v3BadRequest("expirationDate must be a date-time.");
  }
  return {
    isAdmin: flag("isAdmin"),
    canAddAssets: flag("canAddAssets"),
    canRemoveAssets: flag("canRemoveAssets"),
    canUpdateAssets: flag("canUpdateAssets"),
    canAddUsers: flag("canAddUsers"),
    canRemoveUsers: flag("canRemoveUsers"),
    expirationDate: expiry ?? null,
  };
}

function share(state: GalleryState) {
  return { dateAdded: galleryDate(state.now()), addedById: callerId(state) };
}

type Handler = (
  r: RouteRequest,
  c: CollectionRecord,
  p: Record<string, string>,
  state: GalleryState,
) => CollectionRecord;

/** A route on one collection that answers the collection as it then is. */
function onCollection(method: "POST" | "PUT" | "DELETE", path: string, handler: Handler): V3Route {
  return route(method, path, (r, params, state) => {
    const c = findCollection(state, params.collectionId ?? "");
    return json(collectionV3View(handler(r, c, params, state)));
  });
}

/** The collection routes. */
export const collectionsV3Routes: V3Route[] = [
  route("GET", "/v3/collections", (r, _p, state) => {
    const full = fullView(r.query);
    return json(
      state.data.collections.map((c) => (full ? collectionV3View(c) : reducedCollectionView(c))),
    );
  }),
  route("POST", "/v3/collections", (r, _p, state) => {
    const body = objectBody(r, ["name"]);
    const name = (body.string("name") ?? "").trim();
    if (name === "") throw v3BadRequest("The name of a collection must not be empty.");
    const at = state.now();
    const collection: CollectionRecord = {
      id: state.newId(at),
      name,
      ownerId: callerId(state),
      dateAdded: galleryDate(at),
      apps: [],
      schedules: [],
      insights: [],
      users: [],
      subscriptions: [],
      userGroups: [],
    };
    state.data.collections.push(collection);
    state.index.collectionById.set(collection.id, collection);
    return json(collection.id);
  }),
  route("GET", "/v3/collections/{collectionId}", (_r, { collectionId = "" }, state) =>
    json(collectionV3View(findCollection(state, collectionId))),
  ),
  onCollection("PUT", "/v3/collections/{collectionId}", (r, c, _p, state) => {
    const body = objectBody(r, ["name", "ownerId"]);
    const name = (body.string("name") ?? "").trim();
    if (name === "") throw v3BadRequest("The name of a collection must not be empty.");
    c.name = name;
    c.ownerId = findUser(state, body.string("ownerId") ?? "", "body").id;
    return c;
  }),
  route("DELETE", "/v3/collections/{collectionId}", (r, { collectionId = "" }, state) => {
    const c = findCollection(state, collectionId);
    const shared =
      c.apps.length + c.schedules.length + c.users.length + (c.userGroups?.length ?? 0);
    if (shared > 0 && !boolParam(r.query, "forceDelete")) {
      throw v3BadRequest(
        `The collection ${c.id} still shares ${shared} item(s); remove them, or pass forceDelete=true.`,
      );
    }
    state.data.collections.splice(state.data.collections.indexOf(c), 1);
    state.index.collectionById.delete(c.id);
    for (const w of state.data.workflows)
      w.collectionIds = w.collectionIds.filter((id) => id !== c.id);
    return done();
  }),
  onCollection("POST", "/v3/collections/{collectionId}/workflows", (r, c, _p, state) => {
    const workflow = findWorkflow(
      state,
      objectBody(r, ["workflowId"]).string("workflowId") ?? "",
      "body",
    );
    if (!c.apps.some((a) => a.id === workflow.id)) {
      c.apps.push({ id: workflow.id, ...share(state) });
      workflow.collectionIds.push(c.id);
    }
    return c;
  }),
  onCollection(
    "DELETE",
    "/v3/collections/{collectionId}/workflows/{workflowId}",
    (_r, c, { workflowId = "" }, state) => {
      if (!c.apps.some((a) => a.id === workflowId)) {
        throw v3NotFound(`The workflow ${workflowId.slice(0, 40)} is not in collection ${c.id}.`);
      }
      c.apps = c.apps.filter((a) => a.id !== workflowId);
      const workflow = state.index.workflowById.get(workflowId);
      if (workflow) workflow.collectionIds = workflow.collectionIds.filter((id) => id !== c.id);
      return c;
    },
  ),
  onCollection("POST", "/v3/collections/{collectionId}/schedules", (r, c, _p, state) => {
    const schedule = findSchedule(
      state,
      objectBody(r, ["scheduleId"]).string("scheduleId") ?? "",
      "body",
    );
    if (!c.schedules.some((s) => s.id === schedule.id))
      c.schedules.push({ id: schedule.id, ...share(state) });
    return c;
  }),
  onCollection(
    "DELETE",
    "/v3/collections/{collectionId}/schedules/{scheduleId}",
    (_r, c, { scheduleId = "" }) => {
      if (!c.schedules.some((s) => s.id === scheduleId)) {
        throw v3NotFound(`The schedule ${scheduleId.slice(0, 40)} is not in collection ${c.id}.`);
      }
      c.schedules = c.schedules.filter((s) => s.id !== scheduleId);
      return c;
    },
  ),
  onCollection("POST", "/v3/collections/{collectionId}/users", (r, c, _p, state) => {
    const body = objectBody(r, ["userId", "collectionsPermissions"]);
    const user = findUser(state, body.string("userId") ?? "", "body");
    const permissions = permissionsOf(body);
    c.users = c.users.filter((u) => u.id !== user.id);
    c.users.push({
      id: user.id,
      ...share(state),
      isAdmin: permissions.isAdmin,
      canAdd: permissions.canAddAssets,
      v3: permissions,
    });
    return c;
  }),
  onCollection(
    "DELETE",
    "/v3/collections/{collectionId}/users/{userId}",
    (_r, c, { userId = "" }) => {
      if (!c.users.some((u) => u.id === userId)) {
        throw v3NotFound(`The user ${userId.slice(0, 40)} is not a member of collection ${c.id}.`);
      }
      c.users = c.users.filter((u) => u.id !== userId);
      return c;
    },
  ),
  onCollection(
    "PUT",
    "/v3/collections/{collectionId}/users/{userId}/permissions",
    (r, c, { userId = "" }) => {
      const member = c.users.find((u) => u.id === userId);
      if (!member)
        throw v3NotFound(`The user ${userId.slice(0, 40)} is not a member of collection ${c.id}.`);
      const permissions = permissionsOf(objectBody(r, ["collectionsPermissions"]));
      member.isAdmin = permissions.isAdmin;
      member.canAdd = permissions.canAddAssets;
      member.v3 = permissions;
      return c;
    },
  ),
  onCollection("POST", "/v3/collections/{collectionId}/userGroups", (r, c, _p, state) => {
    const body = objectBody(r, ["userGroupId", "collectionsPermissions"]);
    const group = findGroup(state, body.string("userGroupId") ?? "", "body");
    const groups = (c.userGroups ?? []).filter((g) => g.id !== group.id);
    groups.push({ id: group.id, ...share(state), permissions: permissionsOf(body) });
    c.userGroups = groups;
    return c;
  }),
  onCollection(
    "DELETE",
    "/v3/collections/{collectionId}/userGroups/{userGroupId}",
    (_r, c, { userGroupId = "" }) => {
      if (!c.userGroups?.some((g) => g.id === userGroupId)) {
        throw v3NotFound(
          `The user group ${userGroupId.slice(0, 40)} is not a member of collection ${c.id}.`,
        );
      }
      c.userGroups = c.userGroups.filter((g) => g.id !== userGroupId);
      return c;
    },
  ),
  onCollection(
    "PUT",
    "/v3/collections/{collectionId}/userGroups/{userGroupId}/permissions",
    (r, c, { userGroupId = "" }) => {
      const member = c.userGroups?.find((g) => g.id === userGroupId);
      if (!member) {
        throw v3NotFound(
          `The user group ${userGroupId.slice(0, 40)} is not a member of collection ${c.id}.`,
        );
      }
      member.permissions = permissionsOf(objectBody(r, ["collectionsPermissions"]));
      return c;
    },
  ),
];
