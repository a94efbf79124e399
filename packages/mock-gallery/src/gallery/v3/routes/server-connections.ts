// /v3/serverDataConnections: the Admin v1 dataset's Server data connections, renamed, deleted
// and shared with users and user groups.
import type { DataConnectionRecord } from "../../dataset/records.js";
import { findGroup, findServerConnection, findUser, fullView } from "../lookup.js";
import { objectBody } from "../request-body.js";
import { v3BadRequest, v3NotFound } from "../v3-error.js";
import { done, json, route, type V3Route } from "../v3-route.js";

/** ServerConnectionView */
function connectionView(c: DataConnectionRecord) {
  return {
    id: c.connectionId,
    name: c.connectionName,
    connectionString: c.connectionString,
    connectionType: c.connectionType,
    dcmConnectionId: null,
    dcmConnectionTitle: null,
    userIds: c.userIds,
    userGroupIds: c.userGroupIds,
  };
}

function reducedView(c: DataConnectionRecord) {
  return {
    id: c.connectionId,
    name: c.connectionName,
    connectionString: c.connectionString,
    connectionType: c.connectionType,
  };
}

const ONE = "/v3/serverDataConnections/{dataConnectionId}";

/** The Server data connection routes. */
export const serverConnectionsV3Routes: V3Route[] = [
  route("GET", "/v3/serverDataConnections", (r, _p, state) => {
    const full = fullView(r.query);
    return json(
      state.data.serverDataConnections.map((c) => (full ? connectionView(c) : reducedView(c))),
    );
  }),
  route("GET", ONE, (_r, { dataConnectionId = "" }, state) =>
    json(connectionView(findServerConnection(state, dataConnectionId))),
  ),
  route("PUT", ONE, (r, { dataConnectionId = "" }, state) => {
    const connection = findServerConnection(state, dataConnectionId);
    const name = (objectBody(r, ["name"]).string("name") ?? "").trim();
    if (name === "") throw v3BadRequest("The name of a connection must not be empty.");
    connection.connectionName = name;
    return json(connectionView(connection));
  }),
  route("DELETE", ONE, (_r, { dataConnectionId = "" }, state) => {
    const connection = findServerConnection(state, dataConnectionId);
    const list = state.data.serverDataConnections;
    list.splice(list.indexOf(connection), 1);
    return done();
  }),
  route("POST", `${ONE}/users`, (r, { dataConnectionId = "" }, state) => {
    const connection = findServerConnection(state, dataConnectionId);
    const user = findUser(state, objectBody(r, ["userId"]).string("userId") ?? "", "body");
    if (!connection.userIds.includes(user.id)) connection.userIds.push(user.id);
    return json(connectionView(connection));
  }),
  route("DELETE", `${ONE}/users/{userId}`, (_r, { dataConnectionId = "", userId = "" }, state) => {
    const connection = findServerConnection(state, dataConnectionId);
    if (!connection.userIds.includes(userId)) {
      throw v3NotFound(`The connection is not shared with user ${userId.slice(0, 40)}.`);
    }
    connection.userIds = connection.userIds.filter((id) => id !== userId);
    return json(connectionView(connection));
  }),
  route("POST", `${ONE}/userGroups`, (r, { dataConnectionId = "" }, state) => {
    const connection = findServerConnection(state, dataConnectionId);
    const group = findGroup(
      state,
      objectBody(r, ["userGroupId"]).string("userGroupId") ?? "",
      "body",
    );
    if (!connection.userGroupIds.includes(group.id)) connection.userGroupIds.push(group.id);
    return json(connectionView(connection));
  }),
  route(
    "DELETE",
    `${ONE}/userGroups/{userGroupId}`,
    (_r, { dataConnectionId = "", userGroupId = "" }, state) => {
      const connection = findServerConnection(state, dataConnectionId);
      if (!connection.userGroupIds.includes(userGroupId)) {
        throw v3NotFound(
          `The connection is not shared with user group ${userGroupId.slice(0, 40)}.`,
        );
      }
      connection.userGroupIds = connection.userGroupIds.filter((id) => id !== userGroupId);
      return json(connectionView(connection));
    },
  ),
];
