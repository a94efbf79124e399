/**
 * The v3 commands against the mock Gallery's Server API v3 (Prism-validated, OAuth2), the CLI
 * as a child process: offboarding dry run, --apply and a rerun after a failure injected by a
 * forwarder in front of the mock; jobs run --wait for a job that completes and one that fails
 * (the mock fails a run whose question value is "fail"); a listing in every format.
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { createServerClient, type ServerClient, unwrap } from "@alteryx-admin/client";
import { type MockGallery, startMockGallery } from "@alteryx-admin/mock-gallery";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cleanEnv,
  type Forwarder,
  galleryEnv,
  parseNdjson,
  run,
  startForwarder,
  tempDir,
} from "./helpers.js";

let mock: MockGallery;
let api: ServerClient;
let forwarder: Forwarder;
/** Requests through the forwarder by "METHOD path" (no query). */
const seen = new Map<string, number>();
/** "METHOD path" prefixes to answer 500 once. */
const faults: string[] = [];
let env: Record<string, string>;

function intercept(req: IncomingMessage, res: ServerResponse): boolean {
  const line = `${req.method} ${(req.url ?? "").replace(/\?.*$/, "")}`;
  seen.set(line, (seen.get(line) ?? 0) + 1);
  const fault = faults.findIndex((prefix) => line.startsWith(prefix));
  if (fault < 0) return false;
  faults.splice(fault, 1);
  req.resume();
  res.writeHead(500, { "content-type": "application/json" });
  res.end(JSON.stringify({ message: "injected by the test's forwarder" }));
  return true;
}

const count = (prefix: string) =>
  [...seen].filter(([line]) => line.startsWith(prefix)).reduce((n, [, c]) => n + c, 0);
const changes = () =>
  ["PUT ", "POST ", "DELETE ", "PATCH "].reduce((n, p) => n + count(p), 0) -
  count("POST /webapi/oauth2/token");

beforeAll(async () => {
  mock = await startMockGallery({ jobDurationMs: 300 });
  api = createServerClient({
    baseUrl: mock.webapiUrl,
    consumerKey: mock.credentials.consumerKey,
    consumerSecret: mock.credentials.consumerSecret,
  });
  forwarder = await startForwarder(() => mock.origin, intercept);
  env = galleryEnv(
    `${forwarder.origin}/webapi/admin/v1`,
    mock.credentials.consumerKey,
    mock.credentials.consumerSecret,
  );
}, 180_000);
afterAll(async () => {
  await forwarder?.close();
  await mock?.close();
});

/** An active user who owns workflows and belongs to a group, and another active user. */
async function pickUsers() {
  const users = unwrap(
    await api.GET("/v3/users", { params: { query: { active: true, view: "Full" } } }),
  );
  const groups = await Promise.all(
    unwrap(await api.GET("/v3/usergroups")).map(async (g) =>
      unwrap(
        await api.GET("/v3/usergroups/{userGroupId}", { params: { path: { userGroupId: g.id } } }),
      ),
    ),
  );
  for (const user of users) {
    const assets = unwrap(
      await api.GET("/v3/users/{userId}/assets", { params: { path: { userId: user.id } } }),
    );
    const memberOf = groups.filter((g) => (g.members ?? []).some((m) => m.userId === user.id));
    if ((assets.workflows ?? []).length > 0 && memberOf.length > 0) {
      const to =
        users.find((u) => u.id !== user.id && u.role === "Curator") ??
        users.find((u) => u.id !== user.id);
      return { user, to: to as (typeof users)[number], memberOf };
    }
  }
  throw new Error("the mock's seed has no active user with workflows and a group");
}

async function holdings(userId: string) {
  const assets = unwrap(
    await api.GET("/v3/users/{userId}/assets", { params: { path: { userId } } }),
  );
  const user = unwrap(await api.GET("/v3/users/{userId}", { params: { path: { userId } } }));
  const groups = await Promise.all(
    unwrap(await api.GET("/v3/usergroups")).map(async (g) =>
      unwrap(
        await api.GET("/v3/usergroups/{userGroupId}", { params: { path: { userGroupId: g.id } } }),
      ),
    ),
  );
  return {
    owned:
      (assets.workflows ?? []).length +
      (assets.schedules ?? []).length +
      (assets.collections ?? []).length,
    groups: groups.filter((g) => (g.members ?? []).some((m) => m.userId === userId)).length,
    active: user.isActive,
  };
}

describe("users offboard against the mock", () => {
  it("dry run changes nothing; --apply after an injected failure, then a rerun, finishes without repeating", async () => {
    const { user, to, memberOf } = await pickUsers();
    const before = await holdings(user.id);
    const cwd = tempDir("alteryx-admin-offboard-");
    const dry = await run(["users", "offboard", user.email as string, "--to", to.email as string], {
      env,
      cwd,
    });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`deactivate ${user.email}`);
    expect(changes()).toBe(0);
    expect(await holdings(user.id)).toEqual(before);

    const group = memberOf[0]?.id as string;
    faults.push(`DELETE /webapi/v3/usergroups/${group}/users/${user.id}`);
    const args = ["users", "offboard", user.id, "--to", to.id, "--apply", "--journal", "j.json"];
    const first = await run(args, { env, cwd });
    expect(first.code, first.stderr).toBe(1);
    expect(await holdings(user.id)).toMatchObject({ owned: 0, active: true });

    const second = await run(args, { env, cwd });
    expect(second.code, second.stderr).toBe(0);
    expect(await holdings(user.id)).toEqual({ owned: 0, groups: 0, active: false });
    // One assetTransfer per kind the user owned, each sent once (the rerun skipped them).
    const assets = unwrap(
      await api.GET("/v3/users/{userId}/assets", { params: { path: { userId: to.id } } }),
    );
    expect((assets.workflows ?? []).length).toBeGreaterThan(0);
    const journal = JSON.parse(readFileSync(join(cwd, "j.json"), "utf8")) as {
      plan: { steps: Array<{ kind: string }> };
      entries: Array<{ outcome: string }>;
    };
    const transferSteps = journal.plan.steps.filter((s) => s.kind === "transfer").length;
    expect(count(`PUT /webapi/v3/users/${user.id}/assetTransfer`)).toBe(transferSteps);
    expect(journal.entries.filter((e) => e.outcome === "failed")).toHaveLength(1);
    expect(journal.entries.filter((e) => e.outcome === "done")).toHaveLength(
      journal.plan.steps.length,
    );
    expect(count(`POST /webapi/v3/users/${user.id}/deactivate`)).toBe(1);
    expect(count(`DELETE /webapi/v3/usergroups/${group}/users/${user.id}`)).toBe(2);
    const transfers = count(`PUT /webapi/v3/users/${user.id}/assetTransfer`);
    const third = await run(args, { env, cwd });
    expect(third.code, third.stderr).toBe(0);
    expect(count(`PUT /webapi/v3/users/${user.id}/assetTransfer`)).toBe(transfers);
  });
});

describe("jobs run --wait against the mock", () => {
  it("exits 0 for a job that completes and 1 for one that fails", async () => {
    // A workflow whose published version may run (the mock refuses a disabled one with 403).
    const workflows = unwrap(
      await api.GET("/v3/workflows", { params: { query: { view: "Full" } } }),
    );
    const runnable = workflows.find((w) => {
      const full = w as {
        publishedVersionId?: string | null;
        versions?: Array<{ versionId?: string; runDisabled?: boolean }> | null;
      };
      return full.versions?.some(
        (v) => v.versionId === full.publishedVersionId && v.runDisabled === false,
      );
    });
    const workflow = runnable?.id as string;
    expect(workflow).toBeTruthy();
    const ok = await run(["jobs", "run", workflow, "--wait", "--timeout", "60"], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain("succeeded");
    const bad = await run(
      ["jobs", "run", workflow, "--wait", "--question", "Mode=fail", "--timeout", "60"],
      { env },
    );
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stderr).toContain("failed");
  });
});

describe("listings against the mock", () => {
  it("users list in json, ndjson and csv with --fields agree", async () => {
    const args = ["users", "list", "--role", "Curator", "--fields", "id,email"];
    const json = await run([...args, "--format", "json"], { env });
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as Array<{ id: string; email: string }>;
    expect(rows.length).toBeGreaterThan(0);
    const nd = await run([...args, "--format", "ndjson"], { env });
    expect(parseNdjson(nd.stdout)).toEqual(rows);
    const csv = await run([...args, "--format", "csv"], { env });
    expect(csv.stdout.trim().split("\n")).toEqual([
      "id,email",
      ...rows.map((r) => `${r.id},${r.email}`),
    ]);
  });
});

describe("--demo", () => {
  it("runs the v3 commands against the embedded mock, and says so", async () => {
    const r = await run(
      [
        "--demo",
        "users",
        "list",
        "--role",
        "Curator",
        "--format",
        "json",
        "--fields",
        "email,role",
      ],
      {
        env: cleanEnv(),
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("demo: an embedded mock Gallery");
    const rows = JSON.parse(r.stdout) as Array<{ role: string }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((u) => u.role === "Curator")).toBe(true);
  });
});
