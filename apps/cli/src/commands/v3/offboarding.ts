/**
 * `users offboard|transfer|deactivate`: a plan built from the server, printed; with --apply,
 * carried out step by step with a journal (change-journal.ts) that a rerun resumes.
 */
import { resolve } from "node:path";
import { unwrap } from "@alteryx-admin/client";
import type { Command } from "commander";
import type { Session } from "../../context.js";
import { describeFailure, SilentFailure, UsageError } from "../../errors.js";
import { displayPath } from "../../files.js";
import { example, withSession } from "../shared.js";
import {
  type ChangeJournal,
  checkJournalFits,
  loadJournal,
  newJournal,
  pendingSteps,
  saveJournal,
} from "./change-journal.js";
import { addApplyOption, dryRunNotice, optionsOf, requireServerApi } from "./command-kit.js";
import { findUser, groupsOf, groupsWithMembers, userAssets, userHoldings } from "./lookups.js";
import {
  type AssetKind,
  buildPlan,
  type ChangePlan,
  describePlan,
  label,
  type PlanCommand,
  type PlanStep,
  type UserRef,
} from "./offboard-plan.js";
import { type PlanActions, runPlan } from "./plan-runner.js";
import type { ServerApi, ServerClient } from "./server-client.js";

/** Options of the three commands. */
interface PlanOptions {
  to?: string;
  apply?: boolean;
  journal?: string;
}

/** The journal's default name: in the current folder, named after the command and the user. */
export function defaultJournalPath(command: PlanCommand, userId: string): string {
  return resolve(`alteryx-admin-${command}-${userId}.journal.json`);
}

/** The assetTransfer flags that move one kind only. */
function transferBody(ownerId: string, kind: AssetKind) {
  return {
    ownerId,
    transferWorkflows: kind === "workflows",
    transferSchedules: kind === "schedules",
    transferCollections: kind === "collections",
  };
}

/** Whether `userId` is a member of a group, read from the server. */
async function isMember(client: ServerClient, groupId: string, userId: string): Promise<boolean> {
  const group = unwrap(
    await client.GET("/v3/usergroups/{userGroupId}", {
      params: { path: { userGroupId: groupId } },
    }),
  );
  return (group.members ?? []).some((m) => m.userId === userId);
}

async function isActive(client: ServerClient, userId: string): Promise<boolean> {
  return unwrap(await client.GET("/v3/users/{userId}", { params: { path: { userId } } })).isActive;
}

/** The plan's steps as server calls: each checks the server first, then changes it. */
export function serverActions(client: ServerClient, plan: ChangePlan): PlanActions {
  const userId = plan.user.id;
  const ids = (refs: { id: string }[]) => refs.map((r) => r.id);
  return {
    async alreadyDone(step: PlanStep) {
      switch (step.kind) {
        case "transfer": {
          const owned = (await userAssets(client, userId))[step.assetKind];
          return owned.length === 0 ? { [step.assetKind]: [] } : undefined;
        }
        case "leave-group":
          return (await isMember(client, step.group.id, userId)) ? undefined : { member: false };
        case "deactivate":
          return (await isActive(client, userId)) ? undefined : { isActive: false };
      }
    },
    async apply(step: PlanStep) {
      switch (step.kind) {
        case "transfer": {
          const to = plan.to as UserRef;
          const before = ids((await userAssets(client, userId))[step.assetKind]);
          const affected = unwrap(
            await client.PUT("/v3/users/{userId}/assetTransfer", {
              params: { path: { userId } },
              body: transferBody(to.id, step.assetKind),
            }),
          );
          return {
            before: { ownerId: userId, [step.assetKind]: before },
            after: {
              ownerId: to.id,
              [step.assetKind]: before,
              affectedSchedules: (affected ?? []).map((a) => a.affectedScheduleId),
            },
          };
        }
        case "leave-group": {
          const group = unwrap(
            await client.DELETE("/v3/usergroups/{userGroupId}/users/{userId}", {
              params: { path: { userGroupId: step.group.id, userId } },
            }),
          );
          const still = (group.members ?? []).some((m) => m.userId === userId);
          return {
            before: { group: step.group.id, member: true },
            after: { group: step.group.id, member: still },
          };
        }
        case "deactivate": {
          const removed = unwrap(
            await client.POST("/v3/users/{userId}/deactivate", { params: { path: { userId } } }),
          );
          return {
            before: { isActive: true },
            after: { isActive: false, removedFromGroups: removed ?? [] },
          };
        }
      }
    },
  };
}

/** Builds the plan of `command` for one user from what the server says now. */
async function planFromServer(
  api: ServerApi,
  command: PlanCommand,
  who: string,
  toWho: string | undefined,
): Promise<ChangePlan> {
  const user = await findUser(api.client, who);
  const to = toWho === undefined ? undefined : await findUser(api.client, toWho);
  if (to && !to.isActive)
    throw new UsageError(
      `--to ${label(to)} is deactivated; give an active user to receive the assets`,
    );
  // Deactivation moves no assets: only the memberships it ends are read.
  const holdings =
    command === "deactivate"
      ? {
          assets: { workflows: [], schedules: [], collections: [] },
          groups: groupsOf(await groupsWithMembers(api.client), user.id),
        }
      : await userHoldings(api.client, user.id);
  return buildPlan({
    command,
    user: { id: user.id, email: user.email },
    to: to && { id: to.id, email: to.email },
    holdings,
    active: user.isActive,
  });
}

/** Prints a plan (stdout: it is the command's answer). */
function printPlan(plan: ChangePlan, heading: string): void {
  process.stdout.write(
    `${heading}\n${describePlan(plan)
      .map((l) => `  ${l}`)
      .join("\n")}\n`,
  );
}

/**
 * Carries out a plan with a new journal, or resumes the `existing` one read from `path`; throws
 * SilentFailure after explaining a failure.
 */
async function applyPlan(
  session: Session,
  api: ServerApi,
  plan: ChangePlan,
  path: string,
  existing: ChangeJournal | undefined,
): Promise<void> {
  const shown = displayPath(path);
  let journal: ChangeJournal;
  if (existing) {
    checkJournalFits(existing, shown, { server: api.origin, plan });
    journal = existing;
    const left = pendingSteps(existing).length;
    session.logger.info(
      `resuming from ${shown}: ${existing.plan.steps.length - left} of ${existing.plan.steps.length} steps done`,
    );
  } else {
    journal = newJournal(plan, api.origin, new Date());
    await saveJournal(path, journal);
  }
  const result = await runPlan({
    journal,
    actions: serverActions(api.client, journal.plan),
    save: (j) => saveJournal(path, j),
    describeError: (error) => describeFailure(error, session.failureContext).message ?? "failed",
    onStep: ({ index, total, entry }) => {
      const what =
        entry.outcome === "done"
          ? "done"
          : entry.outcome === "already-done"
            ? "already done on the server"
            : `failed: ${entry.error}`;
      session.logger.info(`[${index + 1}/${total}] ${entry.description}: ${what}`);
    },
  });
  const summary = `${result.applied} changed, ${result.found} found already done, ${result.skipped} done in an earlier run; journal: ${shown}`;
  if (result.failed) {
    session.logger.error(
      `step "${result.failed.step.id}" failed (${summary}); fix the cause and run the same command again to finish the plan`,
    );
    throw new SilentFailure();
  }
  session.logger.info(
    `${journal.plan.command} of ${label(journal.plan.user)} complete: ${summary}`,
  );
}

/** The body of the three commands for one user. */
async function planCommand(
  session: Session,
  command: PlanCommand,
  who: string,
  o: PlanOptions,
): Promise<void> {
  const api = await requireServerApi(session, `users ${command}`);
  const plan = await planFromServer(api, command, who, o.to);
  const path = o.journal ? resolve(o.journal) : defaultJournalPath(command, plan.user.id);
  if (!o.apply) {
    printPlan(
      plan,
      `plan: ${command} ${label(plan.user)}${plan.to ? ` to ${label(plan.to)}` : ""}`,
    );
    session.logger.info(dryRunNotice(plan.steps.length));
    return;
  }
  // A rerun: the journal's plan is the one to finish (the server's state has moved on since).
  const resumed = await loadJournal(path);
  if (!resumed)
    printPlan(
      plan,
      `applying: ${command} ${label(plan.user)}${plan.to ? ` to ${label(plan.to)}` : ""}`,
    );
  await applyPlan(session, api, plan, path, resumed);
}

function addPlanOptions(command: Command, name: PlanCommand): Command {
  addApplyOption(command);
  return command.option(
    "--journal <file>",
    `journal of the changes, read again by a rerun (default ./alteryx-admin-${name}-<user id>.journal.json)`,
  );
}

/** Registers `users offboard|transfer|deactivate`. */
export function registerOffboardingCommands(users: Command): void {
  const offboard = users
    .command("offboard")
    .argument("<user>", "the leaving user's email or id")
    .requiredOption(
      "--to <user>",
      "who receives the workflows, schedules and collections (email or id)",
    )
    .description(
      "transfer a user's assets, end their group memberships, deactivate them (a dry run without --apply)",
    );
  addPlanOptions(offboard, "offboard");
  example(
    offboard,
    "alteryx-admin users offboard grace@example.com --to ada@example.com",
    "alteryx-admin users offboard grace@example.com --to ada@example.com --apply --journal grace.json",
  );
  offboard.action(
    withSession(async (session, who: string, _o: unknown, command: Command) =>
      planCommand(session, "offboard", who, optionsOf<PlanOptions>(command)),
    ),
  );

  const transfer = users
    .command("transfer")
    .argument("<user>", "the user whose assets move (email or id)")
    .requiredOption("--to <user>", "who receives them (email or id)")
    .description(
      "transfer a user's workflows, schedules and collections to another user (a dry run without --apply)",
    );
  addPlanOptions(transfer, "transfer");
  example(transfer, "alteryx-admin users transfer grace@example.com --to ada@example.com --apply");
  transfer.action(
    withSession(async (session, who: string, _o: unknown, command: Command) =>
      planCommand(session, "transfer", who, optionsOf<PlanOptions>(command)),
    ),
  );

  const deactivate = users
    .command("deactivate")
    .argument("<users...>", "emails or ids of the users to deactivate")
    .description(
      "deactivate users, which also ends their group memberships (a dry run without --apply)",
    );
  addApplyOption(deactivate);
  example(deactivate, "alteryx-admin users deactivate grace@example.com alan@example.com --apply");
  deactivate.action(
    withSession(async (session, who: string[], _o: unknown, command: Command) => {
      const o = optionsOf<PlanOptions>(command);
      let failed = 0;
      for (const one of who) {
        try {
          await planCommand(session, "deactivate", one, o);
        } catch (error) {
          if (!(error instanceof SilentFailure)) throw error;
          failed++;
        }
      }
      if (failed) throw new SilentFailure();
    }),
  );
}
