/**
 * The v3 commands end to end (the built CLI as a child process) against the fake /webapi of
 * v3-fake-server.ts, for what the mock Gallery (v3-mock.test.ts, where the ordinary v3 behaviour
 * is tested) cannot do: a fixed dataset whose journal and plan are known to the step
 * (offboarding's dry run, --apply, a rerun after a scripted failure, another user's journal);
 * jobs with scripted outcomes and messages (`jobs run --wait` exit codes); the queries a command
 * sent (schedules forecast's 45-day slices, jobs list's page requests); and stored secrets
 * with sentinel values (credentials and connection strings never printed).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { galleryEnv, parseNdjson, run, tempDir } from "./helpers.js";
import { CREDENTIAL_PASSWORD, type FakeServer, startFakeServer } from "./v3-fake-server.js";

let server: FakeServer;
let env: Record<string, string>;
let cwd: string;

beforeEach(async () => {
  server = await startFakeServer();
  env = galleryEnv(server.url, server.key, server.secret);
  cwd = tempDir("alteryx-admin-v3-");
});
afterEach(async () => {
  await server.close();
});

const GRACE = "000000000000000000000002";
const ADA = "000000000000000000000001";
const ANALYSTS = "00000000000000000000012d";

/** What Grace owns and belongs to on the server now. */
function graceOnServer() {
  const owned = (kind: "workflows" | "collections") =>
    [...server.state.assets[kind].values()].filter((a) => a.ownerId === GRACE).length;
  return {
    workflows: owned("workflows"),
    collections: owned("collections"),
    member: server.state.groups.get(ANALYSTS)?.members.has(GRACE),
    active: server.state.users.find((u) => u.id === GRACE)?.isActive,
  };
}

/** Requests that change the server. */
function changes(): number {
  return ["PUT", "POST /v3/users", "DELETE", "PATCH"].reduce((n, p) => n + server.count(p), 0);
}

function expectNoSecret(text: string): void {
  expect(text).not.toContain(server.secret);
  expect(text).not.toContain("FAKE-TOKEN");
}

describe("users offboard", () => {
  it("prints the plan and changes nothing without --apply", async () => {
    const r = await run(["users", "offboard", "grace@example.com", "--to", "ada@example.com"], {
      env,
      cwd,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("transfer 2 workflows to ada@example.com");
    expect(r.stdout).toContain("transfer 1 collection to ada@example.com");
    expect(r.stdout).toContain('end the membership of group "Analysts"');
    expect(r.stdout).toContain("deactivate grace@example.com");
    expect(r.stderr).toContain("dry run: nothing was changed; add --apply");
    expect(changes()).toBe(0);
    expect(graceOnServer()).toEqual({ workflows: 2, collections: 1, member: true, active: true });
    expect(existsSync(join(cwd, `alteryx-admin-offboard-${GRACE}.journal.json`))).toBe(false);
    expectNoSecret(r.stdout + r.stderr);
  });

  it("with --apply moves every asset, ends the membership and deactivates, with a private journal", async () => {
    const r = await run(
      ["users", "offboard", "grace@example.com", "--to", ADA, "--apply", "--journal", "j.json"],
      { env, cwd },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(graceOnServer()).toEqual({ workflows: 0, collections: 0, member: false, active: false });
    const path = join(cwd, "j.json");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const journal = JSON.parse(readFileSync(path, "utf8"));
    expect(
      journal.entries.map((e: { step: string; outcome: string }) => `${e.step} ${e.outcome}`),
    ).toEqual([
      "transfer-workflows done",
      "transfer-collections done",
      `leave-group-${ANALYSTS} done`,
      "deactivate done",
    ]);
    expect(journal.entries[0].before).toEqual({
      ownerId: GRACE,
      workflows: ["000000000000000000000065", "000000000000000000000066"],
    });
    expect(journal.entries[0].after).toMatchObject({ ownerId: ADA });
    expect(journal.entries[3]).toMatchObject({
      before: { isActive: true },
      after: { isActive: false },
    });
    expectNoSecret(r.stdout + r.stderr + readFileSync(path, "utf8"));
  });

  it("a rerun after a failed step finishes the plan without repeating a step", async () => {
    server.failOnce(`DELETE /v3/usergroups/${ANALYSTS}/users/`);
    const args = ["users", "offboard", "grace@example.com", "--to", "ada@example.com", "--apply"];
    const first = await run(args, { env, cwd });
    expect(first.code).toBe(1);
    expect(first.stderr).toContain("run the same command again");
    expect(graceOnServer()).toEqual({ workflows: 0, collections: 0, member: true, active: true });

    const second = await run(args, { env, cwd });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain("resuming from");
    expect(graceOnServer()).toEqual({ workflows: 0, collections: 0, member: false, active: false });
    // Each change reached the server once, except the membership that failed and was retried.
    expect(server.count(`PUT /v3/users/${GRACE}/assetTransfer`)).toBe(2);
    expect(server.count(`DELETE /v3/usergroups/${ANALYSTS}/users/${GRACE}`)).toBe(2);
    expect(server.count(`POST /v3/users/${GRACE}/deactivate`)).toBe(1);
    const journal = JSON.parse(
      readFileSync(join(cwd, `alteryx-admin-offboard-${GRACE}.journal.json`), "utf8"),
    );
    expect(journal.entries.map((e: { outcome: string }) => e.outcome)).toEqual([
      "done",
      "done",
      "failed",
      "done",
      "done",
    ]);

    // A third run has nothing left to do and changes nothing.
    const before = changes();
    const third = await run(args, { env, cwd });
    expect(third.code, third.stderr).toBe(0);
    expect(changes()).toBe(before);
  });

  it("refuses a journal of another user", async () => {
    const ok = await run(
      [
        "users",
        "transfer",
        "grace@example.com",
        "--to",
        "ada@example.com",
        "--apply",
        "--journal",
        "j.json",
      ],
      { env, cwd },
    );
    expect(ok.code, ok.stderr).toBe(0);
    const r = await run(
      [
        "users",
        "transfer",
        "alan@example.com",
        "--to",
        "ada@example.com",
        "--apply",
        "--journal",
        "j.json",
      ],
      { env, cwd },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("records a plan for");
  });
});

describe("jobs run --wait", () => {
  it("exits 0 for a job that succeeds and prints its messages", async () => {
    const r = await run(["jobs", "run", "Succeeds", "--wait", "--question", "Region=EMEA"], {
      env,
      cwd,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Finished in 0.1 seconds");
    expect(r.stderr).toMatch(/Running/);
    expect(r.stderr).toContain("succeeded");
  });

  it("exits 1 for a job that fails", async () => {
    const r = await run(["jobs", "run", "Fails", "--wait"], { env, cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("error   tool 4: Tool 4: division by zero");
    expect(r.stderr).toContain("failed: Completed, Error");
  });
});

describe("schedules forecast, jobs list, credentials, connections", () => {
  it("schedules forecast asks slices of at most 45 days and merges the runs", async () => {
    const r = await run(["schedules", "forecast", "--days", "100", "--format", "json"], {
      env,
      cwd,
    });
    expect(r.code, r.stderr).toBe(0);
    const windows = server.state.scheduleQueries.filter((q) => q.get("runsAfter"));
    expect(windows).toHaveLength(3);
    for (const q of windows)
      expect(
        Date.parse(q.get("runsBefore") ?? "") - Date.parse(q.get("runsAfter") ?? ""),
      ).toBeLessThanOrEqual(45 * 86_400_000);
    const runs = JSON.parse(r.stdout) as Array<{ name: string; workflow: string; owner: string }>;
    // The enabled daily schedule's next run in each of the three windows.
    expect(runs).toHaveLength(3);
    expect(runs[0]).toMatchObject({
      name: "Nightly sales",
      workflow: "Sales",
      owner: "grace@example.com",
    });
  });

  it("jobs list walks the queue with --all", async () => {
    for (const name of ["Succeeds", "Succeeds", "Fails"])
      await run(["jobs", "run", name], { env, cwd });
    const r = await run(
      [
        "jobs",
        "list",
        "--all",
        "--limit",
        "2",
        "--format",
        "ndjson",
        "--fields",
        "jobId,workflowName",
      ],
      { env, cwd },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(parseNdjson(r.stdout).map((j) => j.workflowName)).toEqual([
      "Succeeds",
      "Succeeds",
      "Fails",
    ]);
    // Three jobs in pages of 2: a full page, then a short one that ends the walk.
    expect(server.counts.get("GET /v3/jobs")).toBe(2);
  });

  it("credentials list and connections list never print a password", async () => {
    const creds = await run(["credentials", "list", "--format", "json"], { env, cwd });
    expect(creds.code, creds.stderr).toBe(0);
    const credential = JSON.parse(creds.stdout)[0];
    expect(credential).toMatchObject({ userName: "CORP\\svc-etl" });
    expect(Object.keys(credential)).not.toContain("password");
    expect(creds.stdout).not.toContain(CREDENTIAL_PASSWORD);
    const table = await run(["credentials", "list", "--format", "csv"], { env, cwd });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).not.toContain(CREDENTIAL_PASSWORD);
    const conns = await run(["connections", "list", "--format", "json"], { env, cwd });
    expect(conns.code, conns.stderr).toBe(0);
    expect(conns.stdout).not.toContain("hunter2");
    expect(JSON.parse(conns.stdout)[0].connectionString).toBe("odbc:DSN=SalesDW;UID=etl;PWD=***;");
  });
});

describe("help", () => {
  it("every v3 command has --help with examples", async () => {
    const commands = [
      ["users"],
      ...["list", "inactive", "show", "offboard", "transfer", "deactivate"].map((c) => [
        "users",
        c,
      ]),
      ["jobs"],
      ...["run", "list", "show", "cancel"].map((c) => ["jobs", c]),
      ...["list", "forecast", "enable", "disable"].map((c) => ["schedules", c]),
      ["groups"],
      ...["list", "show", "add-member", "remove-member"].map((c) => ["groups", c]),
      ["credentials"],
      ["credentials", "list"],
      ["connections", "list"],
    ];
    const results = await Promise.all(commands.map((c) => run([...c, "--help"], { env })));
    for (const [i, r] of results.entries()) {
      expect(r.code, commands[i]?.join(" ")).toBe(0);
      expect(r.stdout, commands[i]?.join(" ")).toContain("$ alteryx-admin");
      expect(r.stdout).not.toMatch(/--secret(?!-stdin)|API_SECRET=\S/);
    }
  });
});
