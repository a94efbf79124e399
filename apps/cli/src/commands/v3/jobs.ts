/** `jobs run|list|show|cancel` over Server API v3. */
import { paginatePages, runWorkflow, unwrap } from "@alteryx-admin/client";
import { type Command, Option } from "commander";
import type { Session } from "../../context.js";
import { SilentFailure, UsageError } from "../../errors.js";
import {
  addOutputOptions,
  type Detail,
  example,
  intOption,
  type OutputOptions,
  printDetail,
  printRecords,
  withSession,
} from "../shared.js";
import { optionsOf, requireServerApi } from "./command-kit.js";
import { jobOutcome, messageKind, parseQuestions } from "./job-outcome.js";
import { type JobView, runAndWait } from "./job-wait.js";
import { findWorkflowId } from "./lookups.js";
import type { V3 } from "./server-client.js";

const PRIORITIES: readonly V3["schemas"]["JobPriority"][] = [
  "Default",
  "Low",
  "Medium",
  "High",
  "Critical",
];

/** Options of `jobs run`. */
interface RunOptions extends OutputOptions {
  question: string[];
  priority?: V3["schemas"]["JobPriority"];
  workerTag?: string;
  credential?: string;
  wait?: boolean;
  /** The global --timeout: with --wait, also how long to wait for the job. */
  timeout?: number;
}

/** A job's messages, one line each. */
function messageLines(job: JobView): string {
  return (job.messages ?? [])
    .map((m) => `${messageKind(m.status).padEnd(7)} tool ${m.toolId ?? "?"}: ${m.text ?? ""}\n`)
    .join("");
}

const JOB_COLUMNS = [
  "id",
  "appId",
  "status",
  "disposition",
  "priority",
  "workerTag",
  "createDateTime",
];

/** A job as `jobs show` and `jobs run --wait` print it: its row, and in a table its messages. */
function jobDetail(job: JobView, document?: JobView): Detail {
  return {
    ...(document && { document }),
    rows: [job],
    columns: JOB_COLUMNS,
    keepColumns: true,
    footer: messageLines(job),
  };
}

async function runJob(session: Session, workflow: string, o: RunOptions): Promise<void> {
  const questions = parseQuestions(o.question ?? []);
  const { client } = await requireServerApi(session, "jobs run");
  const workflowId = await findWorkflowId(client, workflow);
  const run = {
    ...(questions.length > 0 && { questions }),
    ...(o.priority && { priority: o.priority }),
    ...(o.workerTag !== undefined && { workerTag: o.workerTag }),
    ...(o.credential && { credentialId: o.credential }),
  };
  const queuedLine = (id: string | undefined) =>
    session.logger.info(`job ${id} queued for workflow ${workflowId}`);
  if (!o.wait) {
    const queued = await runWorkflow(client, workflowId, run);
    if (!queued.id)
      throw new Error(`POST /v3/workflows/${workflowId}/jobs answered a job without an id`);
    queuedLine(queued.id);
    printRecords([queued], o, JOB_COLUMNS, session.logger);
    return;
  }
  const timeoutMs = o.timeout === undefined ? undefined : o.timeout * 1000;
  let told = 0;
  const { job, timedOut } = await runAndWait(client, workflowId, run, {
    timeoutMs,
    // The client tells the job as queued first, then each status change: the progress lines.
    onStatus: (j, ms) => {
      if (told++ === 0) queuedLine(j.id);
      else session.logger.info(`job ${j.id}: ${j.status} (${(ms / 1000).toFixed(1)} s)`);
    },
  });
  // Without --format the answer is the job's messages (a pipe too); JSON is the whole job.
  if (o.format === undefined) process.stdout.write(messageLines(job));
  else printDetail(jobDetail(job, job), o, session.logger);
  if (timedOut) {
    session.logger.error(
      `job ${job.id} had not ended after ${o.timeout} s (--timeout); it is still ${job.status}: follow it with \`alteryx-admin jobs show ${job.id}\` or stop it with \`alteryx-admin jobs cancel ${job.id}\``,
    );
    throw new SilentFailure();
  }
  if (jobOutcome(job) === "failed") {
    session.logger.error(
      `job ${job.id} failed: ${job.status}, ${job.disposition ?? "no disposition"}`,
    );
    throw new SilentFailure();
  }
  session.logger.info(`job ${job.id} succeeded: ${job.status}, ${job.disposition}`);
}

/** Options of `jobs list`. */
interface ListOptions extends OutputOptions {
  status?: string;
  workflow?: string;
  user?: string;
  allUsers?: boolean;
  completedAfter?: string;
  completedBefore?: string;
  sort?: "CreateDate" | "AppName" | "CompletionDateTime" | "Priority" | "Status";
  direction?: "asc" | "desc";
  offset?: number;
  limit?: number;
  all?: boolean;
}

const STATUSES = ["Queued", "Initializing", "Running", "Complete"] as const;
type QueueStatus = (typeof STATUSES)[number];

/** Splits a comma-separated flag value; `allowed` refuses other values. */
export function listOption(flag: string, allowed?: readonly string[]): (value: string) => string {
  return (value) => {
    const items = value
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);
    if (items.length === 0) throw new UsageError(`${flag} is empty; give comma-separated values`);
    const bad = allowed && items.find((i) => !allowed.includes(i));
    if (bad) throw new UsageError(`${flag}: "${bad}" is not one of ${allowed?.join(", ")}`);
    return items.join(",");
  };
}

function dateOnly(flag: string): (value: string) => string {
  return (value) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
      throw new UsageError(`${flag} must be a date like 2024-05-01, got "${value}"`);
    return value;
  };
}

/** The job queue's default page size here (the server's own default is not documented). */
const JOBS_PAGE_SIZE = 50;

/** The filters of `jobs list` as the query of GET /v3/jobs (the paging parameters aside). */
function jobsQuery(o: ListOptions) {
  const split = (v: string | undefined) => (v ? v.split(",") : undefined);
  return {
    ...(o.status && { statuses: split(o.status) as QueueStatus[] }),
    ...(o.workflow && { workflowNames: split(o.workflow) }),
    ...(o.user && { users: split(o.user), allUsers: true }),
    ...(o.allUsers && { allUsers: true }),
    ...(o.completedAfter && { completedAfter: o.completedAfter }),
    ...(o.completedBefore && { completedBefore: o.completedBefore }),
    ...(o.sort && { sortField: o.sort }),
    ...(o.direction && { direction: o.direction }),
  };
}

async function listJobs(session: Session, o: ListOptions): Promise<void> {
  if (o.limit === 0) throw new UsageError("--limit must be at least 1");
  if (o.all && o.offset !== undefined)
    throw new UsageError("--all and --offset cannot be used together");
  const { client } = await requireServerApi(session, "jobs list");
  const jobs: unknown[] = [];
  // The client's walk of the route's offset paging; without --all, its first page only.
  for await (const page of paginatePages(client, "/v3/jobs", {
    query: jobsQuery(o),
    pageSize: o.limit ?? JOBS_PAGE_SIZE,
    start: o.offset ?? 0,
  })) {
    jobs.push(...page);
    if (!o.all) break;
  }
  printRecords(
    jobs,
    o,
    [
      "jobId",
      "status",
      "workflowName",
      "submittedBy",
      "queueTime",
      "startTime",
      "executionTime",
      "priority",
    ],
    session.logger,
  );
}

async function showJob(session: Session, jobId: string, o: OutputOptions): Promise<void> {
  const { client } = await requireServerApi(session, "jobs show");
  const result = await client.GET("/v3/jobs/{jobId}", {
    params: { path: { jobId }, query: { includeMessages: true } },
  });
  if (result.response.status === 404) throw new UsageError(`no job with the id ${jobId}`);
  printDetail(jobDetail(unwrap(result)), o, session.logger);
}

async function cancelJob(session: Session, jobId: string): Promise<void> {
  const { client } = await requireServerApi(session, "jobs cancel");
  const result = await client.DELETE("/v3/jobs/{jobId}", { params: { path: { jobId } } });
  if (result.response.status === 404) throw new UsageError(`no job with the id ${jobId}`);
  unwrap(result);
  session.logger.info(`job ${jobId} cancelled`);
}

/** Registers `jobs run|list|show|cancel`. */
export function registerJobCommands(program: Command): void {
  const jobs = program.command("jobs").description("run workflows and follow jobs (Server API v3)");
  example(
    jobs,
    'alteryx-admin jobs run "Monthly Sales Report" --wait --timeout 900',
    "alteryx-admin jobs list --all-users --status Queued,Running",
  );

  const run = jobs
    .command("run")
    .argument("<workflow>", "the workflow's id or exact name")
    .description("queue a run of a workflow; with --wait, follow it and exit 1 if it fails")
    .option(
      "--question <name=value>",
      "an app's answer (repeat for each question)",
      (v: string, all: string[] = []) => [...all, v],
      [],
    )
    .addOption(new Option("--priority <priority>", "the job's priority").choices(PRIORITIES))
    .option("--worker-tag <tag>", "run on workers with this tag")
    .option("--credential <id>", "run as this stored credential")
    .option(
      "--wait",
      "wait for the job to end, print its messages, exit 0 if it succeeded and 1 if not (bounded by --timeout when given)",
    );
  addOutputOptions(run);
  run.addHelpText(
    "after",
    "\nWith --wait, the global --timeout SECONDS also bounds the wait for the job (the command exits 1 when it runs out).\n",
  );
  example(
    run,
    'alteryx-admin jobs run "Monthly Sales Report" --wait',
    "alteryx-admin jobs run 57acaca4065e3f26a82b2615 --question Region=EMEA --priority High --wait --timeout 600",
  );
  run.action(
    withSession(async (session, workflow: string, _o: unknown, command: Command) =>
      runJob(session, workflow, optionsOf<RunOptions>(command)),
    ),
  );

  const list = jobs
    .command("list")
    .description("the job queue and history, a page at a time (Server API v3)")
    .option(
      "--status <list>",
      `only jobs in these states (${STATUSES.join(", ")}; comma-separated)`,
      listOption("--status", STATUSES),
    )
    .option(
      "--workflow <names>",
      "only jobs of workflows with these names (comma-separated)",
      listOption("--workflow"),
    )
    .option(
      "--user <ids>",
      "only jobs of these users (ids, comma-separated; implies --all-users)",
      listOption("--user"),
    )
    .option("--all-users", "the jobs of every user, not only yours")
    .option(
      "--completed-after <date>",
      "only jobs completed on or after this date (yyyy-mm-dd)",
      dateOnly("--completed-after"),
    )
    .option(
      "--completed-before <date>",
      "only jobs completed before this date (yyyy-mm-dd)",
      dateOnly("--completed-before"),
    )
    .addOption(
      new Option("--sort <field>", "sort by").choices([
        "CreateDate",
        "AppName",
        "CompletionDateTime",
        "Priority",
        "Status",
      ]),
    )
    .addOption(new Option("--direction <direction>", "sort order").choices(["asc", "desc"]))
    .option("--offset <n>", "jobs to skip", intOption("--offset"))
    .option("--limit <n>", `jobs per request (default ${JOBS_PAGE_SIZE})`, intOption("--limit"))
    .option("--all", "walk every page");
  addOutputOptions(list);
  example(
    list,
    "alteryx-admin jobs list --all-users --status Queued,Running",
    "alteryx-admin jobs list --all --all-users --completed-after 2024-05-01 --format csv",
  );
  list.action(
    withSession(async (session, _o: unknown, command: Command) =>
      listJobs(session, optionsOf(command)),
    ),
  );

  const show = jobs
    .command("show")
    .argument("<job>", "the job's id")
    .description("a job's state, outputs and messages");
  addOutputOptions(show);
  example(
    show,
    "alteryx-admin jobs show 6c3d4e5f60718293a4b5c6d7",
    "alteryx-admin jobs show 6c3d4e5f60718293a4b5c6d7 --format json",
  );
  show.action(
    withSession(async (session, id: string, _o: unknown, command: Command) =>
      showJob(session, id, optionsOf(command)),
    ),
  );

  const cancel = jobs
    .command("cancel")
    .argument("<job>", "the job's id")
    .description("cancel a running job or remove a queued one");
  example(cancel, "alteryx-admin jobs cancel 6c3d4e5f60718293a4b5c6e1");
  cancel.action(withSession(async (session, id: string) => cancelJob(session, id)));
}
