/**
 * The v3 commands against the mock Gallery's Server API v3 (Prism-validated, OAuth2), the CLI
 * as a child process: offboarding dry run, --apply and a rerun after a failure injected by a
 * forwarder in front of the mock; jobs run --wait for a job that completes and one that fails
 * (the mock fails a run whose question value is "fail"); a listing in every format; and the
 * ordinary v3 behaviour once tested on the fake server (users show|inactive, groups show and
 * remove-member, users deactivate, schedules list and disable, --verbose without secrets), its
 * expectations read from the mock's own API. v3-commands.test.ts keeps the fake for the rest.
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
  const groups = await groupsWithMembers();
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
  const groups = await groupsWithMembers();
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
    expect(ok.stderr).toMatch(/^job \S+ succeeded: Completed, Success$/m);
    const bad = await run(
      ["jobs", "run", workflow, "--wait", "--question", "Mode=fail", "--timeout", "60"],
      { env },
    );
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stderr).toMatch(/^error: job \S+ failed: Error, Error$/m);
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

/*
 * Moved from the fake server (v3-commands.test.ts): what needs only ordinary Server API v3
 * behaviour runs against the mock, its expectations read from the mock's API.
 */

/** Every user group with its members. */
async function groupsWithMembers() {
  return Promise.all(
    unwrap(await api.GET("/v3/usergroups")).map(async (g) =>
      unwrap(
        await api.GET("/v3/usergroups/{userGroupId}", { params: { path: { userGroupId: g.id } } }),
      ),
    ),
  );
}

/** An active user in a user group, with that group. */
async function memberOfAGroup() {
  const users = unwrap(await api.GET("/v3/users", { params: { query: { active: true } } }));
  const groups = await groupsWithMembers();
  for (const user of users) {
    if (!user.email) continue;
    const group = groups.find((g) => (g.members ?? []).some((m) => m.userId === user.id));
    if (group) return { user: { ...user, email: user.email }, group };
  }
  throw new Error("the mock's seed has no active user in a user group");
}

describe("more listings and details against the mock", () => {
  it("users list as a table, and a --fields typo answered with the closest name", async () => {
    const table = await run(
      ["users", "list", "--role", "Curator", "--fields", "email,role", "--format", "table"],
      { env },
    );
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/@.*Curator/);
    const typo = await run(["users", "list", "--fields", "emial", "--format", "json"], { env });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean "email"');
  });

  it("--verbose names Server API v3 and never prints the secret or a token", async () => {
    const r = await run(["--verbose", "users", "list", "--format", "json"], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Server API v3");
    expect(r.stderr).toContain("Bearer <redacted>");
    const output = r.stdout + r.stderr;
    expect(output).not.toContain(mock.credentials.consumerSecret);
    expect(output).not.toMatch(/Bearer (?!<redacted>)/);
    expect(output).not.toMatch(/access_token/);
  });

  it("groups show piped without --format prints the group as one JSON document", async () => {
    const { group } = await memberOfAGroup();
    const r = await run(["groups", "show", group.id], { env });
    expect(r.code, r.stderr).toBe(0);
    const shown = JSON.parse(r.stdout) as { id: string; members: Array<{ userId: string }> };
    expect(shown.id).toBe(group.id);
    expect(shown.members.map((m) => m.userId).sort()).toEqual(
      (group.members ?? []).map((m) => m.userId).sort(),
    );
  });

  it("users show lists a user's assets and memberships, as the API has them", async () => {
    const { user } = await pickUsers();
    const r = await run(["users", "show", user.id, "--format", "json", "--fields", "kind,id"], {
      env,
    });
    expect(r.code, r.stderr).toBe(0);
    const assets = unwrap(
      await api.GET("/v3/users/{userId}/assets", { params: { path: { userId: user.id } } }),
    );
    const groups = (await groupsWithMembers()).filter((g) =>
      (g.members ?? []).some((m) => m.userId === user.id),
    );
    const expected = [
      ...(assets.workflows ?? []).map((a) => `workflow ${a.id}`),
      ...(assets.schedules ?? []).map((a) => `schedule ${a.id}`),
      ...(assets.collections ?? []).map((a) => `collection ${a.id}`),
      ...groups.map((g) => `group membership ${g.id}`),
    ];
    const rows = JSON.parse(r.stdout) as Array<{ kind: string; id: string }>;
    expect(rows.map((row) => `${row.kind} ${row.id}`)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(1);
  });

  it("users inactive lists the active users without a sign-in for 90 days, as the API has them", async () => {
    const users = unwrap(
      await api.GET("/v3/users", { params: { query: { active: true, view: "Full" } } }),
    ) as Array<{ id: string; lastLoginDateTime?: string | null }>;
    const cutoff = Date.now() - 90 * 86_400_000;
    const expected = users
      .filter((u) => !u.lastLoginDateTime || Date.parse(u.lastLoginDateTime) < cutoff)
      .map((u) => u.id)
      .sort();
    const r = await run(["users", "inactive", "--days", "90", "--format", "json"], { env });
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ id: string; workflows: number }>;
    expect(rows.map((u) => u.id).sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it("schedules list names workflows and owners; disable is a dry run without --apply", async () => {
    const schedules = unwrap(
      await api.GET("/v3/schedules", { params: { query: { view: "Full" } } }),
    ) as Array<{ id: string; name: string | null; enabled?: boolean }>;
    const enabled = schedules.find((s) => s.enabled !== false && s.name);
    expect(enabled).toBeDefined();
    const id = enabled?.id as string;
    const list = await run(
      ["schedules", "list", "--format", "json", "--fields", "id,name,workflow,owner,enabled"],
      { env },
    );
    expect(list.code, list.stderr).toBe(0);
    const row = (
      JSON.parse(list.stdout) as Array<{ id: string; workflow: string; owner: string }>
    ).find((s) => s.id === id);
    expect(row?.workflow).toBeTruthy();
    expect(row?.owner).toContain("@");
    const patches = count("PATCH ");
    const dry = await run(["schedules", "disable", id], { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`would disable schedule "${enabled?.name}"`);
    expect(count("PATCH ")).toBe(patches);
    const applied = await run(["schedules", "disable", id, "--apply"], { env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(count("PATCH ")).toBe(patches + 1);
    const after = unwrap(
      await api.GET("/v3/schedules/{scheduleId}", { params: { path: { scheduleId: id } } }),
    );
    expect(after.enabled).toBe(false);
  });
});

describe("users deactivate and groups remove-member against the mock", () => {
  it("groups remove-member changes nothing without --apply, then removes the member", async () => {
    const { user, group } = await memberOfAGroup();
    const before = changes();
    const dry = await run(["groups", "remove-member", group.id, user.email], { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`would remove ${user.email}`);
    expect(changes()).toBe(before);
    const applied = await run(["groups", "remove-member", group.id, user.email, "--apply"], {
      env,
    });
    expect(applied.code, applied.stderr).toBe(0);
    const now = unwrap(
      await api.GET("/v3/usergroups/{userGroupId}", {
        params: { path: { userGroupId: group.id } },
      }),
    );
    expect((now.members ?? []).some((m) => m.userId === user.id)).toBe(false);
  });

  it("deactivate is a dry run without --apply and lists the memberships that end", async () => {
    const { user, group } = await memberOfAGroup();
    const before = changes();
    const dry = await run(["users", "deactivate", user.email], { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("which ends the membership of");
    expect(dry.stdout).toContain(`"${group.name}" (${group.id})`);
    expect(changes()).toBe(before);
    const applied = await run(["users", "deactivate", user.email, "--apply"], {
      env,
      cwd: tempDir("alteryx-admin-deactivate-"),
    });
    expect(applied.code, applied.stderr).toBe(0);
    const now = unwrap(
      await api.GET("/v3/users/{userId}", { params: { path: { userId: user.id } } }),
    );
    expect(now.isActive).toBe(false);
  });
});
