/**
 * End-to-end: downloads and backups that lose nothing. Every id of `workflows download` is tried;
 * same-name workflows go to two files; nothing is overwritten; files are private; a backup killed
 * with kill -9 (or stopped with Ctrl-C) resumes by downloading only what is missing, counted in
 * the mock's request log; a folder of another Gallery is refused without --force.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type MockGallery, startMockGallery } from "@alteryx-admin/mock-gallery";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, galleryEnv, run, SENTINEL_SECRET, tempDir } from "./helpers.js";

let mock: MockGallery;
let env: Record<string, string>;
beforeAll(async () => {
  mock = await startMockGallery({
    consumerKey: "dl-key",
    consumerSecret: SENTINEL_SECRET,
    validation: false,
  });
  env = galleryEnv(mock.url, "dl-key", SENTINEL_SECRET);
});
afterAll(async () => {
  await mock?.close();
});

interface Manifest {
  gallery: string;
  files: Array<{
    path: string;
    size: number;
    sha256: string;
    appId?: string;
    publishedVersionId?: string | null;
  }>;
}
const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest;
const packagesIn = (dir: string) => manifestOf(dir).files.filter((f) => f.appId);
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
/** Package downloads the mock has answered since the log had `from` entries. */
const packageRequests = (from: number) =>
  mock.requests.slice(from).filter((r) => /\/\w{24}\/package\/$/.test(r.path) && r.status === 200)
    .length;

/** Starts `backup` in the background; resolves once its manifest lists `atLeast` packages. */
async function startBackup(dir: string, atLeast: number) {
  const child = spawn(process.execPath, [BIN, "backup", "--out", dir, "--concurrency", "2"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on("close", (code) => resolve(code)),
  );
  for (;;) {
    let count = 0;
    try {
      count = packagesIn(dir).length;
    } catch {
      // no manifest yet
    }
    if (count >= atLeast) break;
    if (child.exitCode !== null) throw new Error(`backup ended early: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { child, exited, stderr: () => stderr };
}

describe("workflows download", () => {
  it("tries every id, writes same-name workflows to two files, overwrites nothing, and keeps files private", async () => {
    const source = tempDir();
    const twinFile = join(source, "twin.yxzp");
    const [first] = JSON.parse(
      (await run(["workflows", "list", "--limit", "1", "--fields", "id"], { env })).stdout,
    ) as Array<{ id: string }>;
    if (!first) throw new Error("no workflow");
    const fetched = await run(["workflows", "download", first.id, "--out", source], { env });
    writeFileSync(twinFile, readFileSync(fetched.stdout.split("\t")[0] ?? ""));
    const twins: string[] = [];
    for (let i = 0; i < 2; i++) {
      const published = await run(
        [
          "workflows",
          "publish",
          twinFile,
          "--owner",
          "gallery.admin@example.com",
          "--name",
          "Twin",
        ],
        { env },
      );
      expect(published.code, published.stderr).toBe(0);
      twins.push(published.stdout.trim());
    }
    const out = join(tempDir(), "packages");
    const missing = "000000000000000000000000";
    const result = await run(
      ["workflows", "download", twins[0] ?? "", missing, twins[1] ?? "", "--out", out],
      { env },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: ${missing}: GET /${missing}/package/ failed with HTTP 404`,
    );
    expect(result.stderr).toContain(`error: 1 of 3 packages failed: ${missing}`);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((l) => l.split("\t"));
    expect(lines.map((l) => [l[0], l[3]])).toEqual([
      [join(out, "Twin.yxzp"), twins[0]],
      [join(out, `Twin (${twins[1]}).yxzp`), twins[1]],
    ]);
    for (const [path, size, hash] of lines) {
      expect(statSync(path ?? "").size).toBe(Number(size));
      expect(sha256(path ?? "")).toBe(hash);
      expect(statSync(path ?? "").mode & 0o777).toBe(0o600);
    }
    expect(statSync(out).mode & 0o777).toBe(0o700);

    // A file already there keeps its content: the download takes the name with the id.
    writeFileSync(join(out, "Twin.yxzp"), "precious");
    const again = await run(["workflows", "download", twins[0] ?? "", "--out", out], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(out, "Twin.yxzp"), "utf8")).toBe("precious");
    expect(again.stdout.split("\t")[0]).toBe(join(out, `Twin (${twins[0]}).yxzp`));

    const notFolder = await run(["workflows", "download", twins[0] ?? "", "--out", twinFile], {
      env,
    });
    expect(notFolder.code).toBe(2);
    expect(notFolder.stderr.trim()).toBe(
      `error: --out ${twinFile}: not a folder (a file has that name)`,
    );
  });
});

describe("backup", () => {
  it("after kill -9, a rerun downloads only the packages the manifest lacks; a changed one is downloaded again", async () => {
    const dir = join(tempDir(), "backup");
    mock.faults.setLatency(60);
    let killedAt: number;
    try {
      const running = await startBackup(dir, 5);
      running.child.kill("SIGKILL");
      await running.exited;
      killedAt = packagesIn(dir).length;
    } finally {
      mock.faults.setLatency(0);
    }
    const total = (JSON.parse(readFileSync(join(dir, "workflows.json"), "utf8")) as unknown[])
      .length;
    expect(killedAt).toBeGreaterThanOrEqual(5);
    expect(killedAt).toBeLessThan(total);
    const mark = mock.requests.length;
    const rerun = await run(["backup", "--out", dir], { env });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout)).toEqual({
      out: dir,
      downloaded: total - killedAt,
      skipped: killedAt,
      failed: 0,
    });
    expect(packageRequests(mark)).toBe(total - killedAt);
    // No temporary file is left, every file is private, and each matches its manifest entry.
    const packages = packagesIn(dir);
    expect(packages).toHaveLength(total);
    expect(readdirSync(join(dir, "packages")).sort()).toEqual(
      packages.map((p) => p.path.slice(9)).sort(),
    );
    for (const entry of manifestOf(dir).files) {
      expect(sha256(join(dir, entry.path)), entry.path).toBe(entry.sha256);
      expect(statSync(join(dir, entry.path)).mode & 0o777).toBe(0o600);
    }
    for (const folder of [dir, join(dir, "packages")])
      expect(statSync(folder).mode & 0o777).toBe(0o700);

    // The server's published version of one workflow differs from the manifest's: that one only.
    const manifest = manifestOf(dir);
    const changed = manifest.files.find((f) => f.appId);
    if (!changed) throw new Error("no package");
    changed.publishedVersionId = "0123456789abcdef01234567";
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
    const mark2 = mock.requests.length;
    const third = await run(["backup", "--out", dir], { env });
    expect(JSON.parse(third.stdout)).toMatchObject({ downloaded: 1, skipped: total - 1 });
    expect(packageRequests(mark2)).toBe(1);
  });

  it("Ctrl-C says how far it got and exits 130 with the journal saved; another Gallery's folder needs --force", async () => {
    const dir = join(tempDir(), "backup");
    mock.faults.setLatency(60);
    let code: number | null;
    let stderr: string;
    try {
      const running = await startBackup(dir, 3);
      running.child.kill("SIGINT");
      code = await running.exited;
      stderr = running.stderr();
    } finally {
      mock.faults.setLatency(0);
    }
    const done = packagesIn(dir).length;
    const total = (JSON.parse(readFileSync(join(dir, "workflows.json"), "utf8")) as unknown[])
      .length;
    expect(code).toBe(130);
    expect(stderr.trim().split("\n").pop()).toBe(
      `interrupted: ${done} of ${total} done, rerun to resume`,
    );

    const other = await startMockGallery({
      consumerKey: "k2",
      consumerSecret: SENTINEL_SECRET,
      validation: false,
    });
    try {
      const otherEnv = galleryEnv(other.url, "k2", SENTINEL_SECRET);
      const refused = await run(["backup", "--out", dir], { env: otherEnv });
      expect(refused.code).toBe(2);
      expect(refused.stderr.trim()).toBe(
        `error: ${dir} holds a backup of ${mock.url}, not of ${other.url}; use another --out, or add --force to back up into it anyway`,
      );
      const forced = await run(["backup", "--out", dir, "--force"], { env: otherEnv });
      expect(forced.code, forced.stderr).toBe(0);
      expect(manifestOf(dir).gallery).toBe(other.url);
    } finally {
      await other.close();
    }
  });
});
