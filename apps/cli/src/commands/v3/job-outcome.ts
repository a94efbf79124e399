/**
 * What `jobs run` needs to decide, without a server: the `--question NAME=VALUE` answers, when a
 * job has ended, and whether it succeeded (the exit code).
 */
import { hasJobEnded } from "@alteryx-admin/client";
import { UsageError } from "../../errors.js";

/** An app's answer, as `EnqueueJobContract.questions` takes it. */
export interface QuestionAnswer {
  name: string;
  value: string;
}

/** Parses repeated `--question NAME=VALUE` flags (the value may hold `=`; the name may not be empty). */
export function parseQuestions(values: readonly string[]): QuestionAnswer[] {
  const answers: QuestionAnswer[] = [];
  for (const value of values) {
    const at = value.indexOf("=");
    if (at <= 0)
      throw new UsageError(
        `--question must be NAME=VALUE (e.g. --question Region=EMEA), got "${value}"`,
      );
    const name = value.slice(0, at);
    if (answers.some((a) => a.name === name))
      throw new UsageError(`--question ${name} is given twice; give each question once`);
    answers.push({ name, value: value.slice(at + 1) });
  }
  return answers;
}

/** What the outcome needs of a job (`JobView`). */
export interface JobState {
  status?: string | null | undefined;
  disposition?: string | null | undefined;
}

/** True when the job has ended (whatever its outcome): the client's rule, shared with runWorkflow. */
export function jobEnded(job: JobState): boolean {
  return hasJobEnded(job.status);
}

/** Dispositions of a run that did what it should (a warning is still a success). */
const SUCCEEDED = new Set(["success", "warning"]);

/**
 * The outcome of an ended job: "succeeded" when it completed with a Success (or Warning)
 * disposition, "failed" otherwise (an Error disposition, a cancelled or failed job); "running"
 * while it has not ended.
 */
export function jobOutcome(job: JobState): "running" | "succeeded" | "failed" {
  if (!jobEnded(job)) return "running";
  const status = (job.status ?? "").toLowerCase();
  if (status !== "completed" && status !== "complete") return "failed";
  return SUCCEEDED.has((job.disposition ?? "").toLowerCase()) ? "succeeded" : "failed";
}

/** Message kinds of `MessageView.status` (the engine's numbers: 1 info, 2 warning, 3 error). */
export function messageKind(status: number | undefined): "info" | "warning" | "error" {
  if (status === 3) return "error";
  if (status === 2) return "warning";
  return "info";
}
