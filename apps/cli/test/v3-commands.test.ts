/**
 * The v3 commands end to end (the built CLI as a child process) against the fake /webapi of
 * v3-fake-server.ts: offboarding's dry run, --apply, and a rerun after an injected failure;
 * `jobs run --wait` exit codes; listings in every format with --fields; secrets never printed.
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

describe("users deactivate and groups", () => {
  it("deactivate is a dry run without --apply and lists the memberships that end", async () => {
    const dry = await run(["users", "deactivate", "alan@example.com"], { env, cwd });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('which ends the membership of "Analysts"');
    expect(changes()).toBe(0);
    const applied = await run(["users", "deactivate", "alan@example.com", "--apply"], { env, cwd });
    expect(applied.code, applied.stderr).toBe(0);
    expect(server.state.users.find((u) => u.email === "alan@example.com")?.isActive).toBe(false);
  });

  it("groups remove-member changes nothing without --apply", async () => {
    const dry = await run(["groups", "remove-member", "Analysts", "alan@example.com"], {
      env,
      cwd,
    });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("would remove alan@example.com");
    expect(changes()).toBe(0);
    const applied = await run(
      ["groups", "remove-member", "Analysts", "alan@example.com", "--apply"],
      { env, cwd },
    );
    expect(applied.code, applied.stderr).toBe(0);
    expect(server.state.groups.get(ANALYSTS)?.members.has("000000000000000000000003")).toBe(false);
  });
});

describe("groups show", () => {
  it("piped without --format prints the group as one JSON document (no heading line)", async () => {
    const r = await run(["groups", "show", "Analysts"], { env, cwd });
    expect(r.code, r.stderr).toBe(0);
    const group = JSON.parse(r.stdout) as { id: string; members: Array<{ userId: string }> };
    expect(group.id).toBe(ANALYSTS);
    expect(group.members.map((m) => m.userId)).toContain(GRACE);
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

describe("v3 listings", () => {
  it("users list in every format with --fields", async () => {
    const args = ["users", "list", "--role", "Artisan", "--fields", "email,role"];
    const json = await run([...args, "--format", "json"], { env, cwd });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([{ email: "grace@example.com", role: "Artisan" }]);
    const nd = await run([...args, "--format", "ndjson"], { env, cwd });
    expect(parseNdjson(nd.stdout)).toEqual([{ email: "grace@example.com", role: "Artisan" }]);
    const csv = await run([...args, "--format", "csv"], { env, cwd });
    expect(csv.stdout).toBe("email,role\ngrace@example.com,Artisan\n");
    const table = await run([...args, "--format", "table"], { env, cwd });
    expect(table.stdout).toMatch(/grace@example\.com.*Artisan/);
    const typo = await run(["users", "list", "--fields", "emial", "--format", "json"], {
      env,
      cwd,
    });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean "email"');
  });

  it("users inactive lists the users without a recent sign-in, with their asset counts", async () => {
    const r = await run(["users", "inactive", "--days", "90", "--format", "json"], { env, cwd });
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{
      email: string;
      workflows: number;
      lastLogin: string | null;
    }>;
    expect(rows.map((u) => u.email)).toEqual(["alan@example.com", "grace@example.com"]);
    expect(rows[1]).toMatchObject({ workflows: 2, lastLogin: "2020-06-01T00:00:00Z" });
  });

  it("users show lists a user's assets and memberships", async () => {
    const r = await run(["users", "show", "grace@example.com", "--format", "csv"], { env, cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual([
      "kind,id,name",
      "workflow,000000000000000000000065,Sales",
      "workflow,000000000000000000000066,Costs",
      "collection,0000000000000000000000c9,Finance",
      `group membership,${ANALYSTS},Analysts`,
    ]);
  });

  it("--verbose never prints the token or the secret", async () => {
    const r = await run(["--verbose", "users", "list", "--format", "json"], { env, cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Server API v3");
    expectNoSecret(r.stdout + r.stderr);
  });
});

describe("schedules, jobs list, credentials, connections", () => {
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

  it("schedules list names workflows and owners; disable is a dry run without --apply", async () => {
    const list = await run(
      ["schedules", "list", "--format", "csv", "--fields", "name,workflow,owner,enabled"],
      { env, cwd },
    );
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain("Nightly sales,Sales,grace@example.com,true");
    const nightly = "000000000000000000000191";
    const dry = await run(["schedules", "disable", nightly], { env, cwd });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('would disable schedule "Nightly sales"');
    expect(server.count("PATCH")).toBe(0);
    const applied = await run(["schedules", "disable", nightly, "--apply"], { env, cwd });
    expect(applied.code, applied.stderr).toBe(0);
    expect(server.state.schedules.get(nightly)?.enabled).toBe(false);
    expect(server.count("PATCH")).toBe(1);
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
    expect(server.count("GET /v3/jobs")).toBe(2);
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
