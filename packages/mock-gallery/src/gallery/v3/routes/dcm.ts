// DCM connections as their owner (/v3/dcm/connections), as a Curator (/v3/dcm/admin/...),
// connection handling rules, and the connect view (/v3/DCMEConnections). The caller is the
// mock's known curator.
import type { GalleryState, RouteRequest, RouteResponse } from "../../routes/route.js";
import { callerId } from "../../routes/route.js";
import { findDcmConnection, findGroup, findRule, findUser } from "../lookup.js";
import { objectBody } from "../request-body.js";
import { v3BadRequest, v3NotFound } from "../v3-error.js";
import type { DcmConnectionRecord, HandlingRuleRecord } from "../v3-records.js";
import { done, json, route, type V3Route } from "../v3-route.js";
import {
  collaborationView,
  dcmConnectionView,
  deletedView,
  readUpsert,
  ruleView,
} from "./dcm-views.js";

/** Whether a user owns the connection or has it shared (directly or through a group). */
function visibleTo(state: GalleryState, c: DcmConnectionRecord, userId: string): boolean {
  if (c.ownerId === userId) return true;
  const groups = state.v3.userGroups
    .filter((g) => g.members.some((m) => m.userId === userId))
    .map((g) => g.id);
  return [c.execution, c.collaboration].some(
    (s) => s && (s.userIds.includes(userId) || s.userGroupIds.some((id) => groups.includes(id))),
  );
}

function upsert(r: RouteRequest, state: GalleryState, admin: boolean): RouteResponse {
  const input = readUpsert(r, state, admin);
  const ownerId = admin ? findUser(state, input.ownerId ?? "", "body").id : callerId(state);
  const now = new Date(state.now()).toISOString();
  // What an upsert sets, on an existing connection as on a new one.
  const fields = {
    ownerId,
    name: input.name,
    schemaName: input.schemaName,
    allowInSdks: input.allowInSdks,
    parameters: input.parameters,
    dataSource: input.dataSource,
    credentials: input.credentials,
    lastChangedOn: now,
  };
  if (input.id) {
    const existing = state.v3.dcmConnections.find((c) => c.id === input.id);
    if (!existing)
      throw v3NotFound(
        `No DCM connection has the id "${input.id.slice(0, 40)}"; leave id out to create one.`,
      );
    Object.assign(existing, fields);
    return json(dcmConnectionView(state, existing));
  }
  const connection: DcmConnectionRecord = {
    id: state.v3.newGuid(),
    connectionId: state.v3.newGuid(),
    ...fields,
    createdOn: now,
    execution: null,
    collaboration: null,
  };
  state.v3.dcmConnections.push(connection);
  return json(dcmConnectionView(state, connection), 201);
}

function remove(state: GalleryState, c: DcmConnectionRecord): RouteResponse {
  state.v3.dcmConnections.splice(state.v3.dcmConnections.indexOf(c), 1);
  return json(deletedView(c, new Date(state.now()).toISOString()));
}

/** A connection the caller may use (404 otherwise, as the server answers). */
function ownConnection(state: GalleryState, id: string): DcmConnectionRecord {
  const c = findDcmConnection(state, id);
  if (!visibleTo(state, c, callerId(state)))
    throw v3NotFound(`No DCM connection "${id.slice(0, 40)}" is visible to the caller.`);
  return c;
}

function idsFor(state: GalleryState, r: RouteRequest, extra: string[] = []) {
  const body = objectBody(r, ["userIds", "userGroupIds", ...extra]);
  const userIds = body.strings("userIds") ?? [];
  const userGroupIds = body.strings("userGroupIds") ?? [];
  for (const id of userIds) findUser(state, id, "body");
  for (const id of userGroupIds) findGroup(state, id, "body");
  return { userIds, userGroupIds, sharedCredentials: body.strings("sharedCredentials") ?? [] };
}

function upsertRule(r: RouteRequest, state: GalleryState): RouteResponse {
  const body = objectBody(r, ["sourceConnectionId"]);
  const id = body.string("id");
  const now = new Date(state.now()).toISOString();
  const fields = {
    sourceConnectionId: body.string("sourceConnectionId") ?? "",
    sourceConnectionTitle: body.string("sourceConnectionTitle") ?? null,
    targetConnectionId: body.string("targetConnectionId") ?? null,
    targetConnectionTitle: body.string("targetConnectionTitle") ?? null,
  };
  if (id) {
    const rule = findRule(state, id);
    Object.assign(rule, fields, { lastChangedOn: now });
    return json(ruleView(state, rule));
  }
  const rule: HandlingRuleRecord = {
    id: state.v3.newGuid(),
    createdById: callerId(state),
    createdOn: now,
    lastChangedOn: now,
    ...fields,
  };
  state.v3.handlingRules.push(rule);
  return json(ruleView(state, rule), 201);
}

const ADMIN = "/v3/dcm/admin/connections";
const RULES = "/v3/dcm/admin/connectionhandlingrules";

/** The DCM routes. */
export const dcmV3Routes: V3Route[] = [
  route("POST", "/v3/dcm/connections", (r, _p, state) => upsert(r, state, false)),
  route("GET", "/v3/dcm/connections/lookup", (r, _p, state) => {
    const id = r.query.get("connectionId");
    if (!id) throw v3BadRequest("The connectionId query parameter is required.");
    const c = state.v3.dcmConnections.find((x) => x.connectionId === id);
    if (!c || !visibleTo(state, c, callerId(state)))
      throw v3NotFound(`No DCM connection has the connectionId "${id.slice(0, 40)}".`);
    return json(dcmConnectionView(state, c));
  }),
  route("GET", "/v3/dcm/connections/{Id}", (_r, { Id = "" }, state) =>
    json(dcmConnectionView(state, ownConnection(state, Id))),
  ),
  route("DELETE", "/v3/dcm/connections/{Id}", (_r, { Id = "" }, state) =>
    remove(state, ownConnection(state, Id)),
  ),
  route("PUT", "/v3/dcm/connections/{id}/sharing/execution", (r, { id = "" }, state) => {
    const c = ownConnection(state, id);
    const { userIds, userGroupIds } = idsFor(state, r);
    c.execution = { userIds, userGroupIds, sharedCredentials: [] };
    return done();
  }),
  route("DELETE", "/v3/dcm/connections/{id}/sharing/execution", (_r, { id = "" }, state) => {
    ownConnection(state, id).execution = null;
    return done();
  }),
  route("PUT", "/v3/dcm/connections/{id}/sharing/collaboration", (r, { id = "" }, state) => {
    const c = ownConnection(state, id);
    const share = idsFor(state, r, ["sharedCredentials"]);
    c.collaboration = share;
    return json(collaborationView(state, share));
  }),
  route("GET", ADMIN, (r, _p, state) => {
    const connectionId = r.query.get("connectionId") || undefined;
    const visibleBy = r.query.get("visibleBy") || undefined;
    if (visibleBy) findUser(state, visibleBy, "body");
    const list = state.v3.dcmConnections.filter(
      (c) =>
        (connectionId === undefined || c.connectionId === connectionId) &&
        (visibleBy === undefined || visibleTo(state, c, visibleBy)),
    );
    return json(list.map((c) => dcmConnectionView(state, c)));
  }),
  route("POST", ADMIN, (r, _p, state) => upsert(r, state, true)),
  route("GET", `${ADMIN}/{id}`, (_r, { id = "" }, state) =>
    json(dcmConnectionView(state, findDcmConnection(state, id))),
  ),
  route("DELETE", `${ADMIN}/{id}`, (_r, { id = "" }, state) =>
    remove(state, findDcmConnection(state, id)),
  ),
  route("DELETE", `${ADMIN}/{id}/sharing/execution`, (_r, { id = "" }, state) => {
    findDcmConnection(state, id).execution = null;
    return done();
  }),
  route("DELETE", `${ADMIN}/{id}/sharing/collaboration`, (_r, { id = "" }, state) => {
    findDcmConnection(state, id).collaboration = null;
    return done();
  }),
  route("GET", RULES, (_r, _p, state) =>
    json(state.v3.handlingRules.map((x) => ruleView(state, x))),
  ),
  route("POST", RULES, (r, _p, state) => upsertRule(r, state)),
  route("GET", `${RULES}/{id}`, (_r, { id = "" }, state) =>
    json(ruleView(state, findRule(state, id))),
  ),
  route("DELETE", `${RULES}/{id}`, (_r, { id = "" }, state) => {
    const rule = findRule(state, id);
    state.v3.handlingRules.splice(state.v3.handlingRules.indexOf(rule), 1);
    return json({ id: rule.id, deletedOn: new Date(state.now()).toISOString() });
  }),
  route("GET", "/v3/DCMEConnections/{connectionId}", (_r, { connectionId = "" }, state) => {
    const c = findDcmConnection(state, connectionId);
    const { name, schemaName, drvName, host, parameters } = c.dataSource;
    return json({
      objectId: c.id,
      name: c.name,
      dataSource: { name, schemaName, drvName, host, parameters },
    });
  }),
];
