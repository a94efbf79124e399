/**
 * migrate between server generations: from an OAuth1-only server (2021.3) to an OAuth2 one
 * (2022.1), published through Server API v3 with the source id as sourceAppId; a rerun adds a
 * version to the workflow from the same source instead of a duplicate.
 */
import { join } from "node:path";
import { createServerClient, unwrap } from "@alteryx-admin/client";
import { type MockGallery, startMockGallery } from "@alteryx-admin/mock-gallery";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, galleryEnv, run, SENTINEL_SECRET, tempDir, writeProfiles } from "./helpers.js";

let source: MockGallery;
let target: MockGallery;

beforeAll(async () => {
  [source, target] = await Promise.all([
    startMockGallery({
      serverVersion: "2021.3",
      validation: false,
      consumerKey: "src",
      consumerSecret: SENTINEL_SECRET,
    }),
    startMockGallery({
      serverVersion: "2022.1",
      seed: 2,
      validation: false,
      consumerKey: "dst",
      consumerSecret: `${SENTINEL_SECRET}-2`,
    }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
});

interface Row {
  sourceId: string;
  status: string;
  targetId: string;
  owner: string;
}

/** The target's v3 workflows (with their versions), read directly. */
async function targetWorkflows(): Promise<
  Array<{ id: string; sourceAppId?: string | null; versions?: unknown[] }>
> {
  const server = createServerClient({
    baseUrl: target.webapiUrl as string,
    consumerKey: "dst",
    consumerSecret: `${SENTINEL_SECRET}-2`,
  });
  return unwrap(
    await server.GET("/v3/workflows", { params: { query: { view: "Full" } } }),
  ) as never;
}

describe("migrate from an OAuth1 server to an OAuth2 server", () => {
  it("publishes through v3 with sourceAppId; a rerun adds a version, not a duplicate", async () => {
    const env = cleanEnv({
      ALTERYX_ADMIN_CONFIG: writeProfiles({
        old: { url: source.origin, key: "src", secret: SENTINEL_SECRET },
        new: { url: target.origin, key: "dst", secret: `${SENTINEL_SECRET}-2` },
      }),
    });
    const cwd = tempDir();
    const srcEnv = galleryEnv(source.origin, "src", SENTINEL_SECRET);
    const marked = JSON.parse(
      (await run(["workflows", "migratable"], { env: srcEnv })).stdout,
    ) as Array<{ id: string }>;
    expect(marked.length).toBeGreaterThan(0);
    const before = await targetWorkflows();

    const args = ["migrate", "--from", "old", "--to", "new", "--format", "json"];
    const dry = await run([...args, "--dry-run"], { env, cwd });
    expect(dry.code, dry.stderr).toBe(0);
    expect((JSON.parse(dry.stdout) as Row[]).map((r) => [r.sourceId, r.status])).toEqual(
      marked.map((m) => [m.id, "would migrate"]),
    );
    expect(await targetWorkflows()).toHaveLength(before.length);

    const first = await run(["--verbose", ...args], { env, cwd });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("publishing through Server API v3 of the target");
    expect(first.stderr).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/webapi\/v3\/workflows \[Authorization: Bearer <redacted>\] -> 200/m,
    );
    const rows = JSON.parse(first.stdout) as Row[];
    expect(rows.map((r) => [r.sourceId, r.status])).toEqual(marked.map((m) => [m.id, "migrated"]));
    const after = await targetWorkflows();
    expect(after).toHaveLength(before.length + rows.length);
    for (const row of rows)
      expect(after.find((w) => w.id === row.targetId)?.sourceAppId, row.sourceId).toBe(
        row.sourceId,
      );

    // Marked again on the source, unchanged there: the log says it is done.
    const again = rows[0] as Row;
    await run(["workflows", "mark", again.sourceId], { env: srcEnv });
    const second = await run(args, { env, cwd });
    expect(second.code, second.stderr).toBe(0);
    expect((JSON.parse(second.stdout) as Row[]).map((r) => r.status)).toEqual(["already migrated"]);

    // Marked again and run without the log (another machine): the server's sourceAppId finds
    // the copy, and the package becomes its new version.
    await run(["workflows", "mark", again.sourceId], { env: srcEnv });
    const third = await run([...args, "--log", join(cwd, "other.ndjson")], { env, cwd });
    expect(third.code, third.stderr).toBe(0);
    expect(JSON.parse(third.stdout) as Row[]).toMatchObject([
      { sourceId: again.sourceId, status: "new version", targetId: again.targetId },
    ]);
    const final = await targetWorkflows();
    expect(final).toHaveLength(before.length + rows.length);
    const copy = final.find((w) => w.id === again.targetId);
    const firstCopy = after.find((w) => w.id === again.targetId);
    expect(copy?.versions?.length).toBe((firstCopy?.versions?.length ?? 0) + 1);
    for (const r of [dry, first, second, third])
      expect(r.stdout + r.stderr).not.toContain(SENTINEL_SECRET);
  }, 180_000);
});
