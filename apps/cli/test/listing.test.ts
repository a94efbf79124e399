/**
 * End-to-end: every listing command in every format against one mock Gallery, exit codes, and
 * that the secret never appears in any output, even with --verbose.
 */
import { type MockGallery, startMockGallery } from "@alteryx-admin/mock-gallery";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closedPortUrl,
  galleryEnv,
  parseNdjson,
  type RunResult,
  run,
  SENTINEL_SECRET,
  tempDir,
} from "./helpers.js";

let mock: MockGallery;
let env: Record<string, string>;

beforeAll(async () => {
  mock = await startMockGallery({ consumerKey: "cli-test-key", consumerSecret: SENTINEL_SECRET });
  env = galleryEnv(mock.url, mock.credentials.consumerKey, SENTINEL_SECRET);
});
afterAll(async () => {
  await mock?.close();
});

/** Each listing command, a field every item has (and its id field when not `id`), and extra arguments. */
const LISTINGS: Array<{ args: string[]; field: string; id?: string }> = [
  { args: ["users", "--page-size", "5"], field: "email" },
  { args: ["subscriptions"], field: "name" },
  { args: ["collections", "--page-size", "4"], field: "name" },
  { args: ["schedules", "--page-size", "4"], field: "id" },
  { args: ["insights", "--limit", "4"], field: "name" },
  { args: ["connections", "server", "--limit", "4"], field: "connectionName", id: "connectionId" },
  { args: ["connections", "system", "--limit", "4"], field: "connectionName", id: "connectionId" },
  { args: ["workflows", "list", "--limit", "4"], field: "id" },
  { args: ["workflows", "all", "--page-size", "3"], field: "id" },
  { args: ["workflows", "jobs", "--no-messages"], field: "status" },
  { args: ["workflows", "migratable"], field: "id" },
  { args: ["auditlog", "User", "--page-size", "4"], field: "event" },
];

function ok(result: RunResult): RunResult {
  if (result.code !== 0)
    throw new Error(`exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return result;
}

/** Fails with the output when the exit code is not 0, and checks that no secret was printed. */
function clean(result: RunResult): RunResult {
  ok(result);
  expectNoSecrets(result);
  return result;
}

function expectNoSecrets(result: RunResult): void {
  const all = result.stdout + result.stderr;
  expect(all).not.toContain(SENTINEL_SECRET);
  expect(all).not.toMatch(/oauth_signature=(?!"<redacted>")"?[A-Za-z0-9%+/]{8,}/);
  // --verbose shows the Authorization header's scheme, never its value.
  expect(all).not.toMatch(/authorization:(?! (OAuth|Bearer|Basic) <redacted>\])/i);
}

/** Runs tasks with at most `n` at a time (spawning 48 processes at once thrashes 2 cores). */
async function limited<T>(n: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
  return results;
}

describe("listing commands", () => {
  it("print JSON, NDJSON, CSV and tables with the same items; --verbose logs requests but no secret", async () => {
    const runs = await limited(
      4,
      LISTINGS.flatMap(({ args, field, id = "id" }) => [
        () => run(["--verbose", ...args, "--format", "json"], { env }).then(clean),
        () =>
          run(["--verbose", ...args, "--format", "ndjson", "--fields", `${id},${field}`], {
            env,
          }).then(clean),
        () =>
          run(["--verbose", ...args, "--format", "csv", "--fields", field], { env }).then(clean),
        () =>
          run(["--verbose", ...args, "--format", "table", "--fields", field], { env }).then(clean),
      ]),
    );
    for (const [index, { args, field, id = "id" }] of LISTINGS.entries()) {
      const [json, ndjson, csv, table] = runs.slice(index * 4, index * 4 + 4) as [
        RunResult,
        RunResult,
        RunResult,
        RunResult,
      ];
      const items = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
      expect(Array.isArray(items), args.join(" ")).toBe(true);
      expect(items.length, args.join(" ")).toBeGreaterThan(0);
      const values = items.map((i) => String(i[field] ?? ""));
      const lines = ndjson.stdout.trim().split("\n");
      expect(lines).toHaveLength(items.length);
      expect(lines.map((l) => Object.keys(JSON.parse(l) as object))[0]).toEqual(
        field === id ? [id] : [id, field],
      );
      const csvLines = csv.stdout.trim().split("\n");
      expect(csvLines[0]).toBe(field);
      expect(csvLines).toHaveLength(items.length + 1);
      expect(table.stdout).toContain(field);
      // A value without characters the CSV writer would quote shows up in the table.
      const plain = values.find((v) => v && !/[",\n]/.test(v) && v.length < 30);
      if (plain) expect(table.stdout).toContain(plain);
      // --verbose: one request line per call on stderr, without oauth parameters.
      expect(json.stderr).toMatch(
        /^GET http:\/\/127\.0\.0\.1:\d+\/gallery\/api\/admin\/v1\/\S+ \[Authorization: OAuth <redacted>\] -> 200 \(\d+ ms\)$/m,
      );
      expect(json.stderr).not.toContain("oauth_");
    }
  });

  it("pipes get JSON by default; --all walks every page in every format", async () => {
    const [page, all, ndjson, csv] = await Promise.all([
      run(["users", "--page-size", "50"], { env }).then(ok),
      run(["users", "--all", "--page-size", "50"], { env }).then(ok),
      run(["users", "--all", "--page-size", "30", "--format", "ndjson"], { env }).then(ok),
      run(["users", "--all", "--page-size", "30", "--format", "csv", "--fields", "id"], {
        env,
      }).then(ok),
    ]);
    const first = JSON.parse(page.stdout) as unknown[];
    const every = JSON.parse(all.stdout) as Array<{ id: string }>;
    expect(first).toHaveLength(50);
    expect(every.length).toBeGreaterThan(50);
    expect(new Set(every.map((u) => u.id)).size).toBe(every.length);
    const ids = every.map((u) => u.id);
    expect(parseNdjson<{ id: string }>(ndjson.stdout).map((u) => u.id)).toEqual(ids);
    expect(csv.stdout).toBe(`id\n${ids.join("\n")}\n`);
  });

  it("passes each API filter flag as its query parameter and the Gallery applies it", async () => {
    const appId = (
      JSON.parse(ok(await run(["workflows", "jobs", "--no-messages"], { env })).stdout) as Array<{
        appId: string;
      }>
    )[1]?.appId;
    const subscriptionId = (
      JSON.parse(ok(await run(["workflows", "migratable"], { env })).stdout) as Array<{
        subscriptionId: string;
      }>
    )[0]?.subscriptionId;
    if (!appId || !subscriptionId) throw new Error("the mock has no jobs or migratable workflows");
    const [all, sorted, jobs, migratable] = await Promise.all([
      run(["-v", "workflows", "all", "--start-date", "2000-01-01", "--end-date", "2099-12-31"], {
        env,
      }).then(ok),
      run(["-v", "workflows", "list", "--sort-field", "runcount", "--direction", "desc"], {
        env,
      }).then(ok),
      run(["-v", "workflows", "jobs", "--app-ids", appId, "--no-messages"], { env }).then(ok),
      run(["-v", "workflows", "migratable", "--subscription-ids", subscriptionId], { env }).then(
        ok,
      ),
    ]);
    expect(decodeURIComponent(all.stderr)).toContain(
      "/workflows/all/?startDate=2000-01-01T00:00:00Z&endDate=2099-12-31T23:59:59Z&page=0",
    );
    expect((JSON.parse(all.stdout) as unknown[]).length).toBeGreaterThan(0);
    expect(sorted.stderr).toContain("/workflows/?sortField=runcount&direction=desc&offset=0");
    const runCounts = (JSON.parse(sorted.stdout) as Array<{ runCount: number }>).map(
      (w) => w.runCount,
    );
    expect(runCounts).toEqual([...runCounts].sort((a, b) => b - a));
    expect(jobs.stderr).toContain(`/workflows/jobs/?appIds=${appId}&includeMessages=false`);
    expect((JSON.parse(jobs.stdout) as Array<{ appId: string }>).map((j) => j.appId)).toEqual([
      appId,
    ]);
    expect(migratable.stderr).toContain(`/workflows/migratable/?subscriptionIds=${subscriptionId}`);
    const marked = JSON.parse(migratable.stdout) as Array<{ subscriptionId: string }>;
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((m) => m.subscriptionId === subscriptionId)).toBe(true);
  });

  it("flattens nested fields into dotted CSV columns", async () => {
    const result = ok(
      await run(
        [
          "workflows",
          "list",
          "--limit",
          "3",
          "--format",
          "csv",
          "--fields",
          "id,metaInfo.name,publishedVersionOwner.email",
        ],
        { env },
      ),
    );
    expect(result.stdout.split("\n")[0]).toBe("id,metaInfo.name,publishedVersionOwner.email");
  });
});

describe("report", () => {
  it("counts what the listing commands list", async () => {
    const list = (args: string[]) =>
      run([...args, "--all", "--format", "ndjson"], { env })
        .then(ok)
        .then((r) => parseNdjson(r.stdout));
    const [report, users, subscriptions, workflows, schedules, collections] = await Promise.all([
      run(["report", "--format", "json", "--recent", "3"], { env }).then(ok),
      list(["users"]),
      list(["subscriptions"]),
      list(["workflows", "list"]),
      list(["schedules"]),
      list(["collections"]),
    ]);
    const summary = JSON.parse(report.stdout) as {
      users: { total: number; active: number; curators: number; locked: number };
      subscriptions: { total: number; active: number };
      workflows: { total: number; byType: Record<string, number> };
      schedules: { total: number; enabled: number };
      collections: number;
      recentJobs: Array<{ createDate: string }>;
      recentEvents: unknown[];
    };
    const count = (items: Array<Record<string, unknown>>, key: string) =>
      items.filter((i) => i[key] === true).length;
    expect(summary.users).toEqual({
      total: users.length,
      active: count(users, "active"),
      curators: count(users, "curator"),
      locked: count(users, "accountLocked"),
    });
    expect(summary.subscriptions).toEqual({
      total: subscriptions.length,
      active: count(subscriptions, "active"),
    });
    expect(summary.workflows.total).toBe(workflows.length);
    expect(summary.workflows.byType).toEqual({
      ...(workflows.some((w) => w.packageType === 0) && {
        apps: workflows.filter((w) => w.packageType === 0).length,
      }),
      ...(workflows.some((w) => w.packageType === 1) && {
        workflows: workflows.filter((w) => w.packageType === 1).length,
      }),
      ...(workflows.some((w) => w.packageType === 2) && {
        macros: workflows.filter((w) => w.packageType === 2).length,
      }),
    });
    expect(summary.schedules).toEqual({
      total: schedules.length,
      enabled: count(schedules, "enabled"),
    });
    expect(summary.collections).toBe(collections.length);
    expect(summary.recentJobs).toHaveLength(3);
    const dates = summary.recentJobs.map((j) => j.createDate);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(summary.recentEvents).toHaveLength(3);
  });
});

describe("exit codes and errors", () => {
  it("exits 2 on usage errors with one clear line", async () => {
    const results = await Promise.all([
      run(["nonsense"], { env }),
      run(["users", "--format", "xml"], { env }),
      run(["users", "--page", "-1"], { env }),
      run(["backup"], { env }),
      run(["auditlog", "Job"], { env }),
      run(["workflows", "jobs", "--app-ids", "not-an-id"], { env }),
      run(["sign", "GET", "/users/"], { env }),
      run(["--profile", "nope", "users"], { env }),
      run(["users", "--all", "--page-size", "0"], { env }),
      run(["users", "--page", "1", "--page-size", "0"], { env }),
      run(["--quiet", "--verbose", "users"], { env }),
    ]);
    for (const r of results) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/error/);
      expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
      expect(r.stdout).toBe("");
    }
    expect(results[4]?.stderr).toContain("use one of AppInfo");
  });

  it("exits 1 on an API failure with the Gallery's message, and on a network failure", async () => {
    const [badSecret, refused] = await Promise.all([
      run(["users"], { env: galleryEnv(mock.url, mock.credentials.consumerKey, "not-the-secret") }),
      run(["users"], { env: galleryEnv(await closedPortUrl(), "k", "s") }),
    ]);
    expect(badSecret.code).toBe(1);
    expect(badSecret.stderr).toMatch(/401/);
    expect(badSecret.stderr).toMatch(/signature/i);
    expect(badSecret.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/connection refused/);
  });

  it("prints help with an example on every command", async () => {
    const commands = [
      [],
      ...LISTINGS.map((l) => l.args.filter((a) => !a.startsWith("-") && !/^\d+$/.test(a))),
      ["connections"],
      ["workflows"],
      ["workflows", "download"],
      ["workflows", "publish"],
      ["workflows", "mark"],
      ["backup"],
      ["migrate"],
      ["report"],
      ["doctor"],
      ["sign"],
    ];
    const results = await Promise.all(
      commands.map((c) => run([...c.filter((a) => a !== "User"), "--help"], { env })),
    );
    for (const [i, r] of results.entries()) {
      expect(r.code, commands[i]?.join(" ")).toBe(0);
      expect(r.stdout, commands[i]?.join(" ")).toContain("$ alteryx-admin");
      // No example puts a secret on the command line (it would land in the shell history).
      expect(r.stdout).not.toMatch(/--secret(?!-stdin)|API_SECRET=\S/);
    }
  });
});

describe("secrets", () => {
  it("never prints the secret or a signature in the other commands, even with --verbose or failing", async () => {
    const out = tempDir();
    const runs = await Promise.all([
      run(["--verbose", "report"], { env }),
      run(["--verbose", "doctor"], { env }),
      run(["--verbose", "sign", "--explain", "GET", "/users/?page=0"], { env }),
      run(["--verbose", "sign", "--explain", "GET", "/users/", "--placement", "query"], { env }),
      run(["--verbose", "users", "--page-size", "2"], {
        env: galleryEnv(mock.url, mock.credentials.consumerKey, `${SENTINEL_SECRET}x`),
      }),
      run(["--verbose", "doctor"], {
        env: galleryEnv(mock.url, mock.credentials.consumerKey, `${SENTINEL_SECRET}x`),
      }),
      run(["--verbose", "workflows", "download", "000000000000000000000000", "--out", out], {
        env,
      }),
    ]);
    for (const r of runs) expectNoSecrets(r);
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 1, 1, 1]);
  });
});

describe("workflow packages", () => {
  it("downloads a package and publishes it back as a new workflow", async () => {
    const out = tempDir();
    const [first] = JSON.parse(
      ok(await run(["workflows", "list", "--limit", "1", "--fields", "id"], { env })).stdout,
    ) as Array<{
      id: string;
    }>;
    if (!first) throw new Error("no workflow");
    const download = ok(await run(["workflows", "download", first.id, "--out", out], { env }));
    const [path, size, sha256] = download.stdout.trim().split("\t");
    expect(path?.startsWith(out)).toBe(true);
    expect(path).toMatch(/\.yxzp$/);
    expect(Number(size)).toBeGreaterThan(0);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);

    const publish = ok(
      await run(
        [
          "workflows",
          "publish",
          path ?? "",
          "--owner",
          "gallery.admin@example.com",
          "--name",
          "CLI publish test",
        ],
        { env },
      ),
    );
    const newId = publish.stdout.trim();
    expect(newId).toMatch(/^[0-9a-f]{24}$/);
    const found = JSON.parse(
      ok(
        await run(
          ["workflows", "list", "--search", "CLI publish test", "--fields", "id,metaInfo.name"],
          { env },
        ),
      ).stdout,
    ) as Array<{ id: string }>;
    expect(found.map((w) => w.id)).toContain(newId);

    const badOwner = await run(["workflows", "publish", path ?? "", "--owner", "not-an-email"], {
      env,
    });
    expect(badOwner.code).toBe(2);
    const unknownOwner = await run(
      ["workflows", "publish", path ?? "", "--owner", "nobody@nowhere.example"],
      { env },
    );
    expect(unknownOwner.code).toBe(1);
    expect(unknownOwner.stderr).toMatch(/^error: POST \/workflows\/ failed with HTTP \d+/);
  });
});
