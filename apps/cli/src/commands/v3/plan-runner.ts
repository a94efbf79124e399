/**
 * Carries out a plan step by step against a journal: a step the journal records as done is
 * skipped without a call; any other step is first checked on the server (a run killed after the
 * server changed but before the journal was written must not change it twice), then applied, and
 * the journal is saved after each step. The server calls are the `actions` the command passes,
 * so the order and the resuming are unit-tested with fakes.
 */
import {
  type ChangeJournal,
  type JournalEntry,
  pendingSteps,
  withEntry,
} from "./change-journal.js";
import { type ChangePlan, describeStep, type PlanStep } from "./offboard-plan.js";

/** A step's state before and after a change. */
export interface StepChange {
  before: unknown;
  after: unknown;
}

/** How a plan's steps touch the server. */
export interface PlanActions {
  /** The step's current state when it is already done on the server, else undefined. */
  alreadyDone(step: PlanStep): Promise<unknown | undefined>;
  /** Makes the change; returns the state before and after. */
  apply(step: PlanStep): Promise<StepChange>;
}

/** What a run did. */
export interface PlanRunResult {
  journal: ChangeJournal;
  /** Steps changed by this run. */
  applied: number;
  /** Steps found already done on the server. */
  found: number;
  /** Steps the journal already recorded as done (not touched at all). */
  skipped: number;
  /** The step that failed, with its error; the run stops there. */
  failed?: { step: PlanStep; error: unknown };
}

/** Options of {@link runPlan}. */
export interface RunPlanOptions {
  journal: ChangeJournal;
  actions: PlanActions;
  /** Saves the journal (atomically); called after every step. */
  save(journal: ChangeJournal): Promise<void>;
  /** Describes an error in one line for the journal (never a secret). */
  describeError(error: unknown): string;
  /** Told after each step, with what the journal recorded of it (progress lines). */
  onStep?(event: { step: PlanStep; index: number; total: number; entry: JournalEntry }): void;
  now?: () => Date;
}

/** Runs the pending steps of the journal's plan, in order, stopping at the first failure. */
export async function runPlan(options: RunPlanOptions): Promise<PlanRunResult> {
  const { actions, save, describeError, onStep, now = () => new Date() } = options;
  let journal = options.journal;
  const plan: ChangePlan = journal.plan;
  const pending = pendingSteps(journal);
  const result: PlanRunResult = {
    journal,
    applied: 0,
    found: 0,
    skipped: plan.steps.length - pending.length,
  };
  for (const step of pending) {
    const index = plan.steps.indexOf(step);
    const description = describeStep(plan, step);
    let entry: JournalEntry;
    try {
      const current = await actions.alreadyDone(step);
      if (current !== undefined) {
        entry = { step: step.id, description, outcome: "already-done", at: "", after: current };
        result.found++;
      } else {
        const change = await actions.apply(step);
        entry = { step: step.id, description, outcome: "done", at: "", ...change };
        result.applied++;
      }
    } catch (error) {
      entry = {
        step: step.id,
        description,
        outcome: "failed",
        at: "",
        error: describeError(error),
      };
      result.failed = { step, error };
    }
    entry.at = now().toISOString();
    journal = withEntry(journal, entry);
    await save(journal);
    onStep?.({ step, index, total: plan.steps.length, entry });
    if (result.failed) break;
  }
  result.journal = journal;
  return result;
}
