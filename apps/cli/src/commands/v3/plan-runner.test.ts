import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type ChangeJournal,
  checkJournalFits,
  loadJournal,
  newJournal,
  pendingSteps,
  saveJournal,
} from "./change-journal.js";
import { buildPlan, type PlanStep } from "./offboard-plan.js";
import { type PlanActions, runPlan } from "./plan-runner.js";

const grace = { id: "u1", email: "grace@example.com" };
const ada = { id: "u2", email: "ada@example.com" };
const plan = buildPlan({
  command: "offboard",
  user: grace,
  to: ada,
  active: true,
  holdings: {
    assets: { workflows: [{ id: "w1" }], schedules: [{ id: "s1" }], collections: [] },
    groups: [{ id: "g1" }],
  },
});
const now = () => new Date("2026-12-02T12:00:00Z");

/** A fake server: the steps it has carried out, and one step that fails once. */
function fakeServer(failOnce?: string) {
  const done = new Set<string>();
  const calls: string[] = [];
  let failed = false;
  const actions: PlanActions = {
    alreadyDone: async (step: PlanStep) => (done.has(step.id) ? { state: "done" } : undefined),
    apply: async (step: PlanStep) => {
      calls.push(step.id);
      if (step.id === failOnce && !failed) {
        failed = true;
        throw new Error("HTTP 500 from the server");
      }
      done.add(step.id);
      return { before: { step: step.id, done: false }, after: { step: step.id, done: true } };
    },
  };
  return { done, calls, actions };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "plan-runner-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("runPlan", () => {
  it("applies every step in order and journals each with before and after, privately", async () => {
    const server = fakeServer();
    const path = join(dir, "journal.json");
    const saved: number[] = [];
    const steps: string[] = [];
    const result = await runPlan({
      journal: newJournal(plan, "https://s.example.com", now()),
      actions: server.actions,
      save: async (j) => {
        saved.push(j.entries.length);
        await saveJournal(path, j);
      },
      describeError: (e) => (e as Error).message,
      onStep: ({ index, total, entry }) => steps.push(`${index + 1}/${total} ${entry.outcome}`),
      now,
    });
    expect(server.calls).toEqual(plan.steps.map((s) => s.id));
    expect(saved).toEqual([1, 2, 3, 4]);
    // Told once per step, after it, with the journal's entry.
    expect(steps).toEqual(["1/4 done", "2/4 done", "3/4 done", "4/4 done"]);
    expect(result).toMatchObject({ applied: 4, found: 0, skipped: 0 });
    const journal = (await loadJournal(path)) as ChangeJournal;
    expect(journal.entries[0]).toMatchObject({
      step: "transfer-workflows",
      outcome: "done",
      before: { done: false },
      after: { done: true },
    });
    expect(pendingSteps(journal)).toEqual([]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, "utf8")).plan.command).toBe("offboard");
  });

  it("stops at a failure, and a rerun from the journal finishes without repeating a step", async () => {
    const server = fakeServer("leave-group-g1");
    const path = join(dir, "journal.json");
    const save = (j: ChangeJournal) => saveJournal(path, j);
    const describeError = (e: unknown) => (e as Error).message;
    const first = await runPlan({
      journal: newJournal(plan, "https://s.example.com", now()),
      actions: server.actions,
      save,
      describeError,
      now,
    });
    expect(first.failed?.step.id).toBe("leave-group-g1");
    expect(first.applied).toBe(2);
    const journal = (await loadJournal(path)) as ChangeJournal;
    expect(journal.entries.at(-1)).toMatchObject({
      outcome: "failed",
      error: "HTTP 500 from the server",
    });
    expect(pendingSteps(journal).map((s) => s.id)).toEqual(["leave-group-g1", "deactivate"]);

    const second = await runPlan({ journal, actions: server.actions, save, describeError, now });
    expect(second).toMatchObject({ applied: 2, skipped: 2, found: 0 });
    expect(second.failed).toBeUndefined();
    // Each step reached the server once, except the one that failed and was tried again.
    expect(server.calls).toEqual([
      "transfer-workflows",
      "transfer-schedules",
      "leave-group-g1",
      "leave-group-g1",
      "deactivate",
    ]);
  });

  it("records a step the server already shows done without changing it again", async () => {
    const server = fakeServer();
    server.done.add("transfer-workflows");
    const result = await runPlan({
      journal: newJournal(plan, "https://s.example.com", now()),
      actions: server.actions,
      save: async () => {},
      describeError: String,
      now,
    });
    expect(server.calls).not.toContain("transfer-workflows");
    expect(result).toMatchObject({ applied: 3, found: 1 });
    expect(result.journal.entries[0]).toMatchObject({ outcome: "already-done" });
  });
});

describe("journals", () => {
  it("refuses a journal of another user, server or command, and a file that is not one", async () => {
    const journal = newJournal(plan, "https://s.example.com", now());
    const fits = { server: "https://s.example.com", plan };
    expect(() => checkJournalFits(journal, "j.json", fits)).not.toThrow();
    expect(() =>
      checkJournalFits(journal, "j.json", { ...fits, plan: { ...plan, user: ada, to: grace } }),
    ).toThrow("records a plan for user grace@example.com");
    expect(() =>
      checkJournalFits(journal, "j.json", { ...fits, server: "https://other.example.com" }),
    ).toThrow("server https://s.example.com");
    expect(() =>
      checkJournalFits(journal, "j.json", { ...fits, plan: { ...plan, command: "transfer" } }),
    ).toThrow('command "offboard"');
    const path = join(dir, "other.json");
    await saveJournal(path, { nope: true } as unknown as ChangeJournal);
    await expect(loadJournal(path)).rejects.toThrow("not a journal of alteryx-admin");
    await expect(loadJournal(join(dir, "missing.json"))).resolves.toBeUndefined();
  });
});
