/**
 * The target side of `migrate`: where a package is published. On a server with Server API v3
 * (OAuth2) it is `POST /v3/workflows` with the source id as `sourceAppId`, and a workflow that
 * already came from the same source gets a new version (`POST /v3/workflows/{id}/versions`)
 * instead of a duplicate; on an OAuth1 server it is Admin v1's publish with `sourceId`.
 */
import {
  publishWorkflow,
  type ServerClient,
  type User,
  unwrap,
  uploadWorkflow,
  uploadWorkflowVersion,
} from "@alteryx-admin/client";
import type { Connection } from "../context.js";
import { getAll } from "./shared.js";

/** A user of the target, as owner choice reads it (what Admin v1 and v3 users have in common). */
export interface TargetUser {
  email?: string | null;
  active?: boolean;
  curator?: boolean;
}

/** What to publish: the package and the workflow's settings. */
export interface PublishInput {
  sourceId: string;
  name: string;
  /** The owner's email on the target. */
  owner: string;
  isPublic: boolean;
  workerTag?: string | undefined;
  file: Blob;
  fileName: string;
}

/** How a workflow lands on the target. */
export type Placement = "new workflow" | "new version";

/** One Gallery to publish to. */
export interface TargetSide {
  /** "Server API v3" or "Admin API v1", for messages. */
  api: string;
  users: TargetUser[];
  /** Where a source workflow would land (a new version when it already came from there). */
  placementOf(sourceId: string): Placement;
  /** Publishes; resolves to the target workflow's id. */
  publish(input: PublishInput): Promise<{ targetId: string; placement: Placement }>;
}

/** The v3 target: users and workflows read once, owners looked up by email. */
async function v3Target(server: ServerClient): Promise<TargetSide> {
  const [users, workflows] = await Promise.all([
    server.GET("/v3/users", {}).then(unwrap),
    server.GET("/v3/workflows", {}).then(unwrap),
  ]);
  const bySource = new Map(
    workflows.filter((w) => w.sourceAppId).map((w) => [String(w.sourceAppId), w.id]),
  );
  const idOf = (email: string) =>
    users.find((u) => u.email?.toLowerCase() === email.toLowerCase())?.id;
  return {
    api: "Server API v3",
    users: users.map((u) => ({
      email: u.email ?? null,
      active: u.isActive !== false,
      curator: u.role === "Curator",
    })),
    placementOf: (sourceId) => (bySource.has(sourceId) ? "new version" : "new workflow"),
    async publish(input) {
      const ownerId = idOf(input.owner);
      if (!ownerId) throw new Error(`no user ${input.owner} on the target`);
      const existing = bySource.get(input.sourceId);
      if (existing) {
        await uploadWorkflowVersion(server, existing, {
          file: input.file,
          fileName: input.fileName,
          name: input.name,
          ownerId,
          comments: `migrated again from the source workflow ${input.sourceId}`,
        });
        return { targetId: existing, placement: "new version" };
      }
      const targetId = await uploadWorkflow(server, {
        file: input.file,
        fileName: input.fileName,
        name: input.name,
        ownerId,
        sourceAppId: input.sourceId,
        isPublic: input.isPublic,
        ...(input.workerTag ? { workerTag: input.workerTag } : {}),
        comments: `migrated from the source workflow ${input.sourceId}`,
      });
      bySource.set(input.sourceId, targetId);
      return { targetId, placement: "new workflow" };
    },
  };
}

/** The Admin v1 target (OAuth1 servers): publish with `sourceId`, no versions. */
async function adminV1Target(target: Connection): Promise<TargetSide> {
  const users: TargetUser[] = await getAll<User>(target.client, "/users/", {}, 500);
  return {
    api: "Admin API v1",
    users,
    placementOf: () => "new workflow",
    async publish(input) {
      const targetId = await publishWorkflow(target.client, {
        file: input.file,
        fileName: input.fileName,
        name: input.name,
        owner: input.owner,
        validate: false,
        isPublic: input.isPublic,
        sourceId: input.sourceId,
        workerTag: input.workerTag,
      });
      return { targetId, placement: "new workflow" };
    },
  };
}

/** The target side of a connection: v3 where the server has it, else Admin v1. */
export async function openTarget(target: Connection): Promise<TargetSide> {
  return target.apis.webapiUrl ? v3Target(target.serverClient()) : adminV1Target(target);
}
