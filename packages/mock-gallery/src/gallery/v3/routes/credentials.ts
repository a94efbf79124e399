// /v3/credentials: run-as credentials and who may use them. Passwords are checked for
// presence and then dropped: the mock never stores, answers or logs them.
import { galleryDate } from "../../dataset/generation.js";
import type { GalleryState } from "../../routes/route.js";
import { callerId } from "../../routes/route.js";
import { boolParam, findCredential, findGroup, findUser, fullView } from "../lookup.js";
import { objectBody } from "../request-body.js";
import { v3BadRequest, v3NotFound } from "../v3-error.js";
import type { CredentialRecord } from "../v3-records.js";
import { json, route, type V3Route } from "../v3-route.js";

/** CredentialsView (the credential with its shares). */
function sharesView(c: CredentialRecord) {
  return { id: c.id, userName: c.userName, userIds: c.userIds, userGroupIds: c.userGroupIds };
}

/** CredentialView (the answer to a write). */
function credentialView(c: CredentialRecord, state: GalleryState) {
  return {
    userIds: c.userIds,
    userGroupIds: c.userGroupIds,
    isAdmin: true,
    createdByEmail: state.index.userById.get(c.createdById)?.email ?? null,
    lastUpdatedDate: c.lastUpdatedDate,
    status: "Active",
    credentialId: c.id,
    username: c.userName,
  };
}

function password(value: string | undefined, name: string): void {
  if (!value) throw v3BadRequest(`The ${name} must not be empty.`);
}

/** The credential routes. */
export const credentialsV3Routes: V3Route[] = [
  route("GET", "/v3/credentials", (r, _p, state) => {
    const full = fullView(r.query);
    const userId = r.query.get("userId") || undefined;
    const groupId = r.query.get("userGroupId") || undefined;
    const list = state.v3.credentials.filter(
      (c) =>
        (userId === undefined || c.userIds.includes(userId)) &&
        (groupId === undefined || c.userGroupIds.includes(groupId)),
    );
    return json(list.map((c) => (full ? sharesView(c) : { id: c.id, userName: c.userName })));
  }),
  route("POST", "/v3/credentials", (r, _p, state) => {
    const body = objectBody(r, ["username", "password"]);
    const userName = (body.string("username") ?? "").trim();
    if (userName === "") throw v3BadRequest("The username must not be empty.");
    password(body.string("password"), "password");
    const at = state.now();
    const credential: CredentialRecord = {
      id: state.newId(at),
      userName,
      createdById: callerId(state),
      lastUpdatedDate: galleryDate(at),
      userIds: [],
      userGroupIds: [],
    };
    state.v3.credentials.push(credential);
    return json(credentialView(credential, state));
  }),
  route("GET", "/v3/credentials/{credentialId}", (_r, { credentialId = "" }, state) =>
    json(sharesView(findCredential(state, credentialId))),
  ),
  route("PUT", "/v3/credentials/{credentialId}", (r, { credentialId = "" }, state) => {
    const credential = findCredential(state, credentialId);
    password(objectBody(r, ["newPassword"]).string("newPassword"), "newPassword");
    credential.lastUpdatedDate = galleryDate(state.now());
    return json(credentialView(credential, state));
  }),
  route("DELETE", "/v3/credentials/{credentialId}", (r, { credentialId = "" }, state) => {
    const credential = findCredential(state, credentialId);
    const shares = credential.userIds.length + credential.userGroupIds.length;
    if (shares > 0 && !boolParam(r.query, "force")) {
      throw v3BadRequest(
        `The credential ${credential.id} is shared ${shares} time(s); unshare it, or pass force=true.`,
      );
    }
    state.v3.credentials.splice(state.v3.credentials.indexOf(credential), 1);
    return json([sharesView(credential)]);
  }),
  route("POST", "/v3/credentials/{credentialId}/users", (r, { credentialId = "" }, state) => {
    const credential = findCredential(state, credentialId);
    const user = findUser(state, objectBody(r, ["userId"]).string("userId") ?? "", "body");
    if (!credential.userIds.includes(user.id)) credential.userIds.push(user.id);
    return json(sharesView(credential));
  }),
  route(
    "DELETE",
    "/v3/credentials/{credentialId}/users/{userId}",
    (_r, { credentialId = "", userId = "" }, state) => {
      const credential = findCredential(state, credentialId);
      if (!credential.userIds.includes(userId)) {
        throw v3NotFound(
          `The credential ${credential.id} is not shared with user ${userId.slice(0, 40)}.`,
        );
      }
      credential.userIds = credential.userIds.filter((id) => id !== userId);
      return json(sharesView(credential));
    },
  ),
  route("POST", "/v3/credentials/{credentialId}/userGroups", (r, { credentialId = "" }, state) => {
    const credential = findCredential(state, credentialId);
    const group = findGroup(
      state,
      objectBody(r, ["userGroupId"]).string("userGroupId") ?? "",
      "body",
    );
    if (!credential.userGroupIds.includes(group.id)) credential.userGroupIds.push(group.id);
    return json(sharesView(credential));
  }),
  route(
    "DELETE",
    "/v3/credentials/{credentialId}/userGroups/{userGroupId}",
    (_r, { credentialId = "", userGroupId = "" }, state) => {
      const credential = findCredential(state, credentialId);
      if (!credential.userGroupIds.includes(userGroupId)) {
        throw v3NotFound(
          `The credential ${credential.id} is not shared with user group ${userGroupId.slice(0, 40)}.`,
        );
      }
      credential.userGroupIds = credential.userGroupIds.filter((id) => id !== userGroupId);
      return json(sharesView(credential));
    },
  ),
];
