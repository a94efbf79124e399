/**
 * The journal of a plan carried out with --apply: the plan, then one entry per change with its
 * state before and after, rewritten atomically (temporary file, then rename; 0600) after each
 * step. A rerun reads it, skips what it records as done, and finishes the rest.
 */
import { readFile } from "node:fs/promises";
import { UsageError } from "../../errors.js";
import { writeFileAtomic } from "../../files.js";
import type { ChangePlan, PlanStep } from "./offboard-plan.js";

/** What became of a step. */
export type EntryOutcome =
  /** Changed by this tool. */
  | "done"
  /** Found already in the wanted state on the server (by a run whose record was lost, or by hand). */
  | "already-done"
  /** The change failed; a rerun tries again. */
  | "failed";

/** One change: the step, what it was before and after, when. */
export interface JournalEntry {
  step: string;
  description: string;
  outcome: EntryOutcome;
  at: string;
  before?: unknown;
  after?: unknown;
  /** Why it failed (the CLI's one-line description, never a secret). */
  error?: string;
}

/** The journal file. */
export interface ChangeJournal {
  version: 1;
  /** The server the plan is for (origin only: a URL never carries a secret here). */
  server: string;
  createdAt: string;
  updatedAt: string;
  plan: ChangePlan;
  entries: JournalEntry[];
}

/** A new journal for a plan. */
export function newJournal(plan: ChangePlan, server: string, now: Date): ChangeJournal {
  const at = now.toISOString();
  return { version: 1, server, createdAt: at, updatedAt: at, plan, entries: [] };
}

/** The journal with one more entry. */
export function withEntry(journal: ChangeJournal, entry: JournalEntry): ChangeJournal {
  return { ...journal, updatedAt: entry.at, entries: [...journal.entries, entry] };
}

/** Ids of the steps the journal records as done (by this tool or found done). */
export function completedSteps(journal: ChangeJournal): Set<string> {
  return new Set(journal.entries.filter((e) => e.outcome !== "failed").map((entry) => entry.step));
}

/** The plan's steps the journal does not record as done, in plan order. */
export function pendingSteps(journal: ChangeJournal): PlanStep[] {
  const done = completedSteps(journal);
  return journal.plan.steps.filter((step) => !done.has(step.id));
}

/** Writes the journal atomically, private to the user. */
export async function saveJournal(path: string, journal: ChangeJournal): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(journal, null, 2)}\n`);
}

/** The journal at `path`, or undefined when there is none; anything else there is refused. */
export async function loadJournal(path: string): Promise<ChangeJournal | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new UsageError(`--journal ${path}: cannot read it (${code ?? "error"})`);
  }
  try {
    const journal = JSON.parse(text) as ChangeJournal;
    if (journal.version !== 1 || !journal.plan || !Array.isArray(journal.entries))
      throw new Error("not a journal");
    return journal;
  } catch {
    throw new UsageError(
      `--journal ${path}: not a journal of alteryx-admin; name another file, or move this one away`,
    );
  }
}

/**
 * Refuses to resume a journal written for another server, command or pair of users: its plan
 * would change the wrong accounts.
 */
export function checkJournalFits(
  journal: ChangeJournal,
  path: string,
  expected: { server: string; plan: Pick<ChangePlan, "command" | "user" | "to"> },
): void {
  const { plan } = journal;
  const mismatch =
    journal.server !== expected.server
      ? `server ${journal.server}`
      : plan.command !== expected.plan.command
        ? `command "${plan.command}"`
        : plan.user.id !== expected.plan.user.id
          ? `user ${plan.user.email ?? plan.user.id}`
          : (plan.to?.id ?? "") !== (expected.plan.to?.id ?? "")
            ? `receiving user ${plan.to?.email ?? plan.to?.id ?? "(none)"}`
            : undefined;
  if (mismatch)
    throw new UsageError(
      `--journal ${path} records a plan for ${mismatch}, not this one: name another --journal file for this run`,
    );
}
