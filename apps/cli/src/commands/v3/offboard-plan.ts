/**
 * The plan of an offboarding (and of its parts, `users transfer` and `users deactivate`): what
 * changes, in which order, built from what the server says the user owns and belongs to. Pure:
 * the command reads the server, this decides and describes; nothing here changes anything.
 */

/** A user as plans and journals name them. */
export interface UserRef {
  id: string;
  email?: string | null | undefined;
}

/** An asset or a group, by id and name. */
export interface NamedRef {
  id: string;
  name?: string | null | undefined;
}

/** The kinds of asset `PUT /v3/users/{userId}/assetTransfer` moves, one flag each. */
export const ASSET_KINDS = ["workflows", "schedules", "collections"] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** Moves every asset of one kind to the new owner (one assetTransfer call with that kind's flag). */
export interface TransferStep {
  id: `transfer-${AssetKind}`;
  kind: "transfer";
  assetKind: AssetKind;
  assets: NamedRef[];
}

/** Ends the user's membership of one user group. */
export interface LeaveGroupStep {
  id: `leave-group-${string}`;
  kind: "leave-group";
  group: NamedRef;
}

/** Deactivates the user (the server also ends any membership left). */
export interface DeactivateStep {
  id: "deactivate";
  kind: "deactivate";
  /** The memberships deactivation ends (listed by `users deactivate`; offboard ends them first). */
  endsMemberships?: NamedRef[];
}

/** One change of a plan; `id` is unique in the plan and names the step in the journal. */
export type PlanStep = TransferStep | LeaveGroupStep | DeactivateStep;

/** What a plan is for. */
export type PlanCommand = "offboard" | "transfer" | "deactivate";

/** The steps to carry out, in order, for one user. */
export interface ChangePlan {
  command: PlanCommand;
  user: UserRef;
  /** Who receives the assets (offboard, transfer). */
  to?: UserRef | undefined;
  steps: PlanStep[];
}

/** What the server says a user owns and belongs to, as the plan needs it. */
export interface UserHoldings {
  assets: Record<AssetKind, NamedRef[]>;
  groups: NamedRef[];
}

/** The transfer steps: one per kind the user owns anything of (an empty kind needs no call). */
function transferSteps(holdings: UserHoldings): TransferStep[] {
  return ASSET_KINDS.filter((kind) => holdings.assets[kind].length > 0).map((kind) => ({
    id: `transfer-${kind}` as const,
    kind: "transfer" as const,
    assetKind: kind,
    assets: holdings.assets[kind],
  }));
}

function leaveGroupSteps(holdings: UserHoldings): LeaveGroupStep[] {
  return holdings.groups.map((group) => ({
    id: `leave-group-${group.id}` as const,
    kind: "leave-group" as const,
    group,
  }));
}

/**
 * Builds a plan. `offboard`: transfers, then the group memberships that end, then deactivation;
 * `transfer`: transfers only; `deactivate`: deactivation only (the server ends the memberships,
 * which the plan lists through {@link describePlan}'s `groups`).
 */
export function buildPlan(input: {
  command: PlanCommand;
  user: UserRef;
  to?: UserRef | undefined;
  holdings: UserHoldings;
  /** False when the user is already inactive: no deactivation step. */
  active: boolean;
}): ChangePlan {
  const { command, user, to, holdings, active } = input;
  if (command !== "deactivate" && !to) throw new TypeError(`${command} needs the receiving user`);
  if (to && to.id === user.id)
    throw new RangeError(`the assets of ${label(user)} cannot be transferred to the same user`);
  const steps: PlanStep[] = [];
  if (command !== "deactivate") steps.push(...transferSteps(holdings));
  if (command === "offboard") steps.push(...leaveGroupSteps(holdings));
  if (command === "deactivate" && active)
    steps.push({
      id: "deactivate",
      kind: "deactivate",
      ...(holdings.groups.length > 0 && { endsMemberships: holdings.groups }),
    });
  if (command === "offboard" && active) steps.push({ id: "deactivate", kind: "deactivate" });
  return { command, user, to, steps };
}

/** A user as messages show them: the email, with the id. */
export function label(user: UserRef): string {
  return user.email ? `${user.email} (${user.id})` : user.id;
}

function named(ref: NamedRef): string {
  return ref.name ? `"${ref.name}" (${ref.id})` : ref.id;
}

/** One line saying what a step does. */
export function describeStep(plan: ChangePlan, step: PlanStep): string {
  switch (step.kind) {
    case "transfer":
      return `transfer ${step.assets.length} ${step.assets.length === 1 ? step.assetKind.slice(0, -1) : step.assetKind} to ${label(plan.to as UserRef)}: ${step.assets.map(named).join(", ")}`;
    case "leave-group":
      return `end the membership of group ${named(step.group)}`;
    case "deactivate":
      return `deactivate ${label(plan.user)}${step.endsMemberships ? `, which ends the membership of ${step.endsMemberships.map(named).join(", ")}` : ""}`;
  }
}

/** The plan as numbered lines, or a line saying there is nothing to do. */
export function describePlan(plan: ChangePlan): string[] {
  if (plan.steps.length === 0) return [`nothing to change for ${label(plan.user)}`];
  return plan.steps.map((step, i) => `${i + 1}. ${describeStep(plan, step)}`);
}
