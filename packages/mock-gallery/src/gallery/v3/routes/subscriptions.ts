// /v3/subscriptions: the Admin v1 dataset's subscriptions (studios) with their user and
// workflow counts; create, update, delete (refused while not empty), move users in.
import { randomBytes } from "node:crypto";
import { galleryDate } from "../../dataset/generation.js";
import type { SubscriptionRecord } from "../../dataset/records.js";
import { intParam } from "../../routes/params.js";
import type { GalleryState } from "../../routes/route.js";
import { boolParam, findCredential, findSubscription, findUser } from "../lookup.js";
import { objectBody } from "../request-body.js";
import { v3BadRequest } from "../v3-error.js";
import { done, json, route, type V3Route } from "../v3-route.js";

function members(state: GalleryState, s: SubscriptionRecord) {
  return {
    users: state.data.users.filter((u) => u.subscriptionId === s.id),
    workflows: state.data.workflows.filter((w) => !w.isDeleted && w.subscriptionId === s.id),
  };
}

function subscriptionView(s: SubscriptionRecord) {
  return {
    id: s.id,
    name: s.name,
    credentialId: s.credentialId ?? null,
    canShareSchedules: s.canShareSchedules ?? true,
  };
}

function optionalCredential(state: GalleryState, id: string | undefined): string | null {
  if (!id) return null;
  return findCredential(state, id, "body").id;
}

/** The subscription routes. */
export const subscriptionsV3Routes: V3Route[] = [
  route("GET", "/v3/subscriptions", (r, _p, state) => {
    const q = r.query;
    const name = q.get("name")?.toLowerCase() || undefined;
    const share = boolParam(q, "canShareSchedule");
    const credential = q.get("defaultWorkflowCredentialId") || undefined;
    const [usersMin, usersMax, workflowsMin, workflowsMax] = [
      intParam(q, "userCountGreaterThanEquals", 0),
      intParam(q, "userCountLessThanEquals", 0),
      intParam(q, "workflowCountGreaterThanEquals", 0),
      intParam(q, "workflowCountLessThanEquals", 0),
    ];
    const rows = state.data.subscriptions.map((s) => {
      const m = members(state, s);
      return {
        ...subscriptionView(s),
        userCount: m.users.length,
        workflowCount: m.workflows.length,
      };
    });
    return json(
      rows.filter(
        (s) =>
          (name === undefined || s.name.toLowerCase().includes(name)) &&
          (share === undefined || s.canShareSchedules === share) &&
          (credential === undefined || s.credentialId === credential) &&
          (usersMin === undefined || s.userCount >= usersMin) &&
          (usersMax === undefined || s.userCount <= usersMax) &&
          (workflowsMin === undefined || s.workflowCount >= workflowsMin) &&
          (workflowsMax === undefined || s.workflowCount <= workflowsMax),
      ),
    );
  }),
  route("POST", "/v3/subscriptions", (r, _p, state) => {
    const body = objectBody(r, ["name"]);
    const name = (body.string("name") ?? "").trim();
    if (name === "") throw v3BadRequest("The name of a subscription must not be empty.");
    const at = state.now();
    const subscription: SubscriptionRecord = {
      id: state.newId(at),
      name,
      active: true,
      expirationDate: null,
      memberPassesPurchased: 0,
      memberPassesUsed: 0,
      contact: null,
      dateAdded: galleryDate(at),
      credentialId: optionalCredential(state, body.string("credentialId")),
      canShareSchedules: body.boolean("canShareSchedule") ?? true,
    };
    state.data.subscriptions.push(subscription);
    state.index.subscriptionById.set(subscription.id, subscription);
    // The studio's API key and secret are made for this answer only and never stored.
    return json(
      {
        name,
        apiKey: randomBytes(12).toString("hex"),
        apiSecret: randomBytes(24).toString("base64url"),
        active: true,
        expirationDate: null,
        expDate: null,
        dateUpdated: new Date(at).toISOString(),
        apiEnabled: true,
        canShareSchedules: subscription.canShareSchedules,
        credentialId: subscription.credentialId,
        credentials: [],
        dataConnections: [],
        id: subscription.id,
      },
      201,
    );
  }),
  route("DELETE", "/v3/subscriptions", (r, _p, state) => {
    const id = r.query.get("subscriptionId");
    if (!id) throw v3BadRequest("The subscriptionId query parameter is required.");
    const subscription = findSubscription(state, id);
    const m = members(state, subscription);
    if (m.users.length + m.workflows.length > 0) {
      throw v3BadRequest(
        `The subscription ${id} still has ${m.users.length} user(s) and ${m.workflows.length} workflow(s); move them first (PUT /v3/subscriptions/{subscriptionId}/users).`,
      );
    }
    state.data.subscriptions.splice(state.data.subscriptions.indexOf(subscription), 1);
    state.index.subscriptionById.delete(id);
    return done();
  }),
  route("GET", "/v3/subscriptions/{subscriptionId}", (_r, { subscriptionId = "" }, state) => {
    const subscription = findSubscription(state, subscriptionId);
    const m = members(state, subscription);
    return json({
      users: m.users.map((u) => ({ id: u.id, name: `${u.firstName} ${u.lastName}` })),
      workflows: m.workflows.map((w) => ({ id: w.id, name: w.name })),
      ...subscriptionView(subscription),
    });
  }),
  route("PUT", "/v3/subscriptions/{subscriptionId}", (r, { subscriptionId = "" }, state) => {
    const subscription = findSubscription(state, subscriptionId);
    const body = objectBody(r, ["name", "credentialId", "canShareSchedules"]);
    const name = (body.string("name") ?? "").trim();
    if (name === "") throw v3BadRequest("The name of a subscription must not be empty.");
    subscription.name = name;
    subscription.credentialId = optionalCredential(state, body.string("credentialId"));
    subscription.canShareSchedules = body.boolean("canShareSchedules") ?? true;
    return json(subscriptionView(subscription));
  }),
  route("PUT", "/v3/subscriptions/{subscriptionId}/users", (r, { subscriptionId = "" }, state) => {
    const subscription = findSubscription(state, subscriptionId);
    const ids = objectBody(r, ["userIds"]).strings("userIds") ?? [];
    const users = ids.map((id) => findUser(state, id, "body"));
    for (const user of users) user.subscriptionId = subscription.id;
    return done();
  }),
];
