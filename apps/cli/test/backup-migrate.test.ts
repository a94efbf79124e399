/** End-to-end: backup and its re-run; migrate between two mocks and its re-run. */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type MockGallery, startMockGallery } from "@alteryx-admin/mock-gallery";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cleanEnv,
  closedPortUrl,
  galleryEnv,
  parseNdjson,
  run,
  SENTINEL_SECRET,
  startForwarder,
  tempDir,
  writeProfiles,
} from "./helpers.js";

let source: MockGallery;
let target: MockGallery;

beforeAll(async () => {
  [source, target] = await Promise.all([
    startMockGallery({ seed: 1, consumerKey: "src-key", consumerSecret: SENTINEL_SECRET }),
    startMockGallery({ seed: 2, consumerKey: "dst-key", consumerSecret: `${SENTINEL_SECRET}-2` }),
  ]);
});
afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
});

interface Manifest {
  files: Array<{ path: string; size: number; sha256: string; appId?: string }>;
}

describe("backup", () => {
  it("writes packages, inventories and a checksummed manifest; a re-run skips complete files and redoes a damaged one", async () => {
    const out = tempDir();
    const env = galleryEnv(source.url, "src-key", SENTINEL_SECRET);
    const first = await run(["--verbose", "backup", "--out", out, "--concurrency", "6"], { env });
    expect(first.stderr).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/gallery\/api\/admin\/v1\/\w+\/package\/ \[Authorization: OAuth <redacted>\] -> 200/m,
    );
    expect(first.stdout + first.stderr).not.toContain(SENTINEL_SECRET);
    expect(first.code, first.stderr).toBe(0);
    const summary1 = JSON.parse(first.stdout) as {
      downloaded: number;
      skipped: number;
      failed: number;
    };
    expect(summary1.downloaded).toBeGreaterThan(0);
    expect(summary1).toMatchObject({ skipped: 0, failed: 0 });

    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
    const packages = manifest.files.filter((f) => f.appId);
    expect(packages).toHaveLength(summary1.downloaded);
    for (const name of [
      "users.json",
      "subscriptions.json",
      "workflows.json",
      "schedules.json",
      "collections.json",
    ]) {
      const entry = manifest.files.find((f) => f.path === name);
      expect(entry, name).toBeDefined();
      const text = readFileSync(join(out, name));
      expect({ size: entry?.size, sha256: entry?.sha256 }, name).toEqual({
        size: text.length,
        sha256: createHash("sha256").update(text).digest("hex"),
      });
    }
    const workflows = JSON.parse(readFileSync(join(out, "workflows.json"), "utf8")) as unknown[];
    expect(packages).toHaveLength(workflows.length);
    // The inventories are written page by page: the same items as a listing of every page.
    const users = await run(["users", "--all"], { env });
    expect(readFileSync(join(out, "users.json"), "utf8")).toBe(users.stdout);
    const one = packages[0];
    if (!one) throw new Error("no package");
    const bytes = readFileSync(join(out, one.path));
    expect(bytes.length).toBe(one.size);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(one.sha256);
    expect(bytes.subarray(0, 2).toString()).toBe("PK");

    writeFileSync(join(out, one.path), "damaged");
    const second = await run(["backup", "--out", out], { env });
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      downloaded: 1,
      skipped: packages.length - 1,
      failed: 0,
    });
    expect(readFileSync(join(out, one.path))).toEqual(bytes);
  });
});

describe("migrate", () => {
  it("publishes ready workflows to the target with an owner that exists there, unmarks them, and a re-run publishes nothing twice", async () => {
    const config = writeProfiles({
      dev: { url: source.url, key: "src-key", secret: SENTINEL_SECRET },
      prod: { url: target.url, key: "dst-key", secret: `${SENTINEL_SECRET}-2` },
    });
    const cwd = tempDir();
    const env = cleanEnv({ ALTERYX_ADMIN_CONFIG: config });
    const posts = () =>
      target.requests.filter((r) => r.method === "POST" && r.status === 200).length;

    const dry = await run(["migrate", "--from", "dev", "--to", "prod", "--dry-run"], { env, cwd });
    expect(dry.code, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout) as Array<{
      sourceId: string;
      status: string;
      owner: string;
    }>;
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.every((r) => r.status === "would migrate" && r.owner.includes("@"))).toBe(true);
    expect(posts()).toBe(0);

    // --subscription-ids narrows the plan to the workflows of that subscription.
    const ready = JSON.parse(
      (
        await run(["workflows", "migratable"], {
          env: galleryEnv(source.url, "src-key", SENTINEL_SECRET),
        })
      ).stdout,
    ) as Array<{ id: string; subscriptionId: string }>;
    const subscription = ready[0]?.subscriptionId ?? "";
    const narrowed = await run(
      ["migrate", "--from", "dev", "--to", "prod", "--dry-run", "--subscription-ids", subscription],
      { env, cwd },
    );
    expect(narrowed.code, narrowed.stderr).toBe(0);
    const expected = ready.filter((m) => m.subscriptionId === subscription).map((m) => m.id);
    expect(expected.length).toBeLessThan(planned.length);
    expect(
      (JSON.parse(narrowed.stdout) as Array<{ sourceId: string }>).map((r) => r.sourceId),
    ).toEqual(expected);

    const first = await run(["--verbose", "migrate", "--from", "dev", "--to", "prod"], {
      env,
      cwd,
    });
    expect(first.code, first.stderr).toBe(0);
    const rows = JSON.parse(first.stdout) as Array<{
      sourceId: string;
      status: string;
      targetId: string;
    }>;
    expect(rows.map((r) => r.status)).toEqual(planned.map(() => "migrated"));
    expect(posts()).toBe(planned.length);
    const log = readFileSync(join(cwd, "alteryx-admin-migrations.ndjson"), "utf8")
      .trim()
      .split("\n");
    expect(log).toHaveLength(planned.length);

    // Published with sourceId: the target's audit log links each copy to its origin.
    const events = parseNdjson<{ entityId: string; newValues?: string | null }>(
      (
        await run(["auditlog", "AppInfo", "--all", "--format", "ndjson"], {
          env: galleryEnv(target.url, "dst-key", `${SENTINEL_SECRET}-2`),
        })
      ).stdout,
    );
    for (const row of rows) {
      const inserted = events.find((e) => e.entityId === row.targetId);
      expect(JSON.parse(inserted?.newValues ?? "{}"), row.sourceId).toMatchObject({
        SourceId: row.sourceId,
      });
    }

    // Unmarked on the source: nothing left to migrate.
    const srcEnv = galleryEnv(source.url, "src-key", SENTINEL_SECRET);
    const left = await run(["workflows", "migratable"], { env: srcEnv });
    expect(JSON.parse(left.stdout)).toEqual([]);

    // Someone marks one again: the log prevents a second publish.
    const again = rows[0];
    if (!again) throw new Error("no row");
    const marked = await run(["workflows", "mark", again.sourceId], { env: srcEnv });
    expect(JSON.parse(marked.stdout)).toEqual([
      { id: again.sourceId, readyForMigration: true, changed: true },
    ]);
    const markedTwice = await run(["workflows", "mark", again.sourceId], { env: srcEnv });
    expect(JSON.parse(markedTwice.stdout)).toEqual([
      { id: again.sourceId, readyForMigration: true, changed: false },
    ]);
    const second = await run(["migrate", "--from", "dev", "--to", "prod", "--format", "table"], {
      env,
      cwd,
    });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("already migrated");
    expect(second.stdout).toContain(again.targetId);
    expect(posts()).toBe(planned.length);
    expect(JSON.parse((await run(["workflows", "migratable"], { env: srcEnv })).stdout)).toEqual(
      [],
    );
    expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toContain(
      SENTINEL_SECRET,
    );
  });

  it("keeps going when one workflow fails (exit 1), and a re-run publishes only that one", async () => {
    // The target sits behind a forwarder that fails the first publish (a POST) with a 503.
    let to: MockGallery | undefined;
    let failed = 0;
    const front = await startForwarder(
      () => to?.origin ?? "",
      (req, res) => {
        if (req.method !== "POST" || failed++ > 0) return false;
        res.writeHead(503, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: "The service is temporarily unavailable." }));
        return true;
      },
    );
    const from = await startMockGallery({
      seed: 1,
      consumerKey: "a",
      consumerSecret: SENTINEL_SECRET,
    });
    to = await startMockGallery({
      seed: 2,
      consumerKey: "b",
      consumerSecret: SENTINEL_SECRET,
      publicBaseUrl: `${front.origin}/gallery`,
    });
    try {
      const env = cleanEnv({
        ALTERYX_ADMIN_CONFIG: writeProfiles({
          a: { url: from.url, key: "a", secret: SENTINEL_SECRET },
          b: { url: `${front.origin}/gallery/api/admin/v1`, key: "b", secret: SENTINEL_SECRET },
        }),
      });
      const cwd = tempDir();
      const owner = (
        JSON.parse(
          (await run(["--profile", "b", "users", "--page-size", "1"], { env })).stdout,
        ) as Array<{ email: string }>
      )[0]?.email;
      if (!owner) throw new Error("the target has no users");
      const args = ["migrate", "--from", "a", "--to", "b", "--owner", owner];
      const first = await run(args, { env, cwd });
      expect(first.code, first.stderr).toBe(1);
      const rows = JSON.parse(first.stdout) as Array<{ sourceId: string; status: string }>;
      expect(rows.length).toBeGreaterThan(1);
      expect(rows.map((r) => r.status)).toEqual(["failed", ...rows.slice(1).map(() => "migrated")]);
      expect(first.stderr).toContain(`${rows.length - 1} migrated, 0 already migrated`);
      // One line per workflow as it goes, the failed one first.
      expect(first.stderr).toMatch(
        new RegExp(
          `^failed +${rows[0]?.sourceId} ".*": POST /workflows/ failed with HTTP 503`,
          "m",
        ),
      );
      expect(
        first.stderr.match(/^migrated +\w{24} ".*" -> \w{24} \(unmarked on the source\)$/gm),
      ).toHaveLength(rows.length - 1);

      const second = await run(args, { env, cwd });
      expect(second.code, second.stderr).toBe(0);
      const again = JSON.parse(second.stdout) as Array<{ sourceId: string; status: string }>;
      expect(again.map((r) => [r.sourceId, r.status])).toEqual([[rows[0]?.sourceId, "migrated"]]);
      const published = to.requests.filter((r) => r.method === "POST" && r.status === 200);
      expect(published).toHaveLength(rows.length);
    } finally {
      await Promise.all([from.close(), to.close(), front.close()]);
    }
  });

  it("with --demo, migrates between two demo Galleries and says so", async () => {
    const result = await run(["migrate", "--demo", "--format", "json"], { env: cleanEnv() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("demo: migrating between two embedded mock Galleries");
    const rows = JSON.parse(result.stdout) as Array<{ status: string }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === "migrated")).toBe(true);
  });

  it("names the Gallery that failed: an unreachable source, not the target", async () => {
    const down = await closedPortUrl();
    const env = cleanEnv({
      ALTERYX_ADMIN_CONFIG: writeProfiles({
        gone: { url: down, key: "k", secret: SENTINEL_SECRET },
        prod: { url: target.url, key: "dst-key", secret: `${SENTINEL_SECRET}-2` },
      }),
    });
    const result = await run(["migrate", "--from", "gone", "--to", "prod", "--dry-run"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      new RegExp(
        `^error: GET /\\S+ to ${new URL(down).origin}: cannot connect to ${new URL(down).origin}: connection refused \\(is the server running and the port right\\?\\)$`,
      ),
    );
  });

  it("needs both --from and --to", async () => {
    const result = await run(["migrate", "--from", "dev"], { env: cleanEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("pass --from PROFILE --to PROFILE (or try it with --demo)");
  });
});
