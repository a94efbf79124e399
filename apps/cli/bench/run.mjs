// Benchmarks of the CLI (not tests; numbers for the README), each against a named baseline:
// 1. the first run: `report --demo` (the README's main job), against a bare `node -e 0`;
// 2. a 1 GiB package download: the CLI's peak RSS, against the download of a tiny package;
// 3. a backup of 1,000 packages from a mock with 50 ms latency at --concurrency 8, against the
//    ideal 1,000 x 50 ms / 8, next to the same downloads by a bare client (bare-download.mjs);
// 4. the installed size and package count from the packed tarballs, with and without the mock
//    (needs the npm registry; BENCH_INSTALL=0 skips it).
// Needs `pnpm build` first. BENCH_RUNS sets the runs of (1) (default 7), BENCH_BACKUP_RUNS those of
// (3) (default 3); BENCH_ONLY picks some.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createAdminClient, downloadPackage, publishWorkflow } from "@alteryx-admin/client";
import { startMockGallery } from "@alteryx-admin/mock-gallery";
import { installSizes } from "./install-size.mjs";

const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const RSS_PRELOAD = fileURLToPath(new URL("./report-rss.cjs", import.meta.url));
const BARE = fileURLToPath(new URL("./bare-download.mjs", import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BACKUP_RUNS = Number(process.env.BENCH_BACKUP_RUNS ?? 3);

/** Runs a command; resolves to wall time, stdout, and the child's peak RSS (bytes) and CPU time. */
function timed(command, args, env = {}) {
  const rssFile = join(mkdtempSync(join(tmpdir(), "alteryx-admin-bench-")), "rss");
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      env: {
        ...process.env,
        NO_COLOR: "1",
        NODE_OPTIONS: `--require ${RSS_PRELOAD}`,
        BENCH_RSS_FILE: rssFile,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => {
      stdout += c;
    });
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      let usage = { rss: Number.NaN, cpuMs: Number.NaN };
      try {
        usage = JSON.parse(readFileSync(rssFile, "utf8"));
      } catch {
        // the child did not get to write it
      }
      if (code !== 0) reject(new Error(`${args.join(" ")} exited ${code}: ${stderr}`));
      else resolve({ ms, stdout, ...usage });
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;

async function firstRun() {
  const node = [];
  const report = [];
  for (let i = 0; i < RUNS; i++) {
    node.push(await timed(process.execPath, ["-e", "0"]));
    report.push(await timed(process.execPath, [BIN, "report", "--demo"], { HOME: tmpdir() }));
  }
  const base = median(node.map((r) => r.ms));
  const job = median(report.map((r) => r.ms));
  const cpu = median(report.map((r) => r.cpuMs));
  console.log("1. first run: `alteryx-admin report --demo`, median of", RUNS);
  console.log(`   node -e 0 (baseline)      ${fmt(base)}`);
  console.log(
    `   report --demo             ${fmt(job)}  (${(job / base).toFixed(1)}x the baseline; goal < 1.50 s: ${job < 1500 ? "met" : "not met"}), CPU ${fmt(cpu)}`,
  );
}

async function largeDownload() {
  const bytes = 1024 ** 3;
  const results = [];
  for (const [name, size] of [
    ["a 1 KiB package (baseline)", 1024],
    ["a 1 GiB package", bytes],
  ]) {
    const mock = await startMockGallery({ validation: false, packageBytes: size });
    const out = mkdtempSync(join(tmpdir(), "alteryx-admin-bench-dl-"));
    try {
      const env = {
        ALTERYX_GALLERY_URL: mock.url,
        ALTERYX_API_KEY: mock.credentials.consumerKey,
        ALTERYX_API_SECRET: mock.credentials.consumerSecret,
      };
      const list = await timed(
        process.execPath,
        [BIN, "workflows", "list", "--limit", "1", "--fields", "id"],
        env,
      );
      const [{ id }] = JSON.parse(list.stdout);
      const run = await timed(
        process.execPath,
        [BIN, "workflows", "download", id, "--out", out],
        env,
      );
      const written = Number(run.stdout.split("\t")[1]);
      results.push({ name, ...run, written });
    } finally {
      await mock.close();
      rmSync(out, { recursive: true, force: true });
    }
  }
  const [base, big] = results;
  console.log("2. one package download: the CLI's peak RSS");
  for (const r of results)
    console.log(
      `   ${r.name.padEnd(26)}${mib(r.rss)} peak RSS, ${fmt(r.ms)}, ${mib(r.written)} written`,
    );
  console.log(
    `   1 GiB / baseline          ${(big.rss / base.rss).toFixed(2)}x the RSS (goal: under 150 MiB: ${big.rss < 150 * 1024 ** 2 ? "met" : "not met"}); ${(bytes / 1024 ** 2 / (big.ms / 1000)).toFixed(0)} MiB/s`,
  );
}

async function bigBackup() {
  const packages = 1000;
  const latency = 50;
  const concurrency = 8;
  const mock = await startMockGallery({ validation: false });
  const client = createAdminClient({
    baseUrl: mock.url,
    consumerKey: mock.credentials.consumerKey,
    consumerSecret: mock.credentials.consumerSecret,
  });
  const env = {
    ALTERYX_GALLERY_URL: mock.url,
    ALTERYX_API_KEY: mock.credentials.consumerKey,
    ALTERYX_API_SECRET: mock.credentials.consumerSecret,
  };
  const out = mkdtempSync(join(tmpdir(), "alteryx-admin-bench-backup-"));
  try {
    const listed = JSON.parse(
      (
        await timed(
          process.execPath,
          [BIN, "workflows", "list", "--limit", "0", "--fields", "id"],
          env,
        )
      ).stdout,
    );
    const file = await new Response((await downloadPackage(client, listed[0].id)).body).blob();
    const missing = packages - listed.length;
    for (let i = 0; i < missing; i += 25)
      await Promise.all(
        Array.from({ length: Math.min(25, missing - i) }, (_, j) =>
          publishWorkflow(client, {
            file,
            name: `Bench ${i + j}`,
            owner: "gallery.admin@example.com",
            validate: false,
            isPublic: false,
          }),
        ),
      );
    mock.faults.setLatency(latency);
    const idsFile = join(out, "ids.txt");
    writeFileSync(
      idsFile,
      `${JSON.parse(
        (
          await timed(
            process.execPath,
            [BIN, "workflows", "list", "--limit", "0", "--fields", "id"],
            env,
          )
        ).stdout,
      )
        .map((w) => w.id)
        .join("\n")}\n`,
    );
    // Several runs into fresh folders, the median shown: this machine's speed drifts. Each run
    // after one of the bare client, so that both see the same machine.
    const runs = [];
    const bare = [];
    for (let i = 0; i < BACKUP_RUNS; i++) {
      const bareRun = await timed(process.execPath, [BARE, idsFile, String(concurrency)], env);
      bare.push(Number(bareRun.stdout));
      const dir = join(out, `run-${i}`);
      const mockCpu = process.cpuUsage();
      const run = await timed(
        process.execPath,
        [BIN, "backup", "--out", dir, "--concurrency", String(concurrency)],
        env,
      );
      const { user, system } = process.cpuUsage(mockCpu);
      runs.push({
        ...run,
        downloaded: JSON.parse(run.stdout).downloaded,
        mockMs: (user + system) / 1000,
      });
    }
    const ideal = (packages * latency) / concurrency;
    const run = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
    const range = runs.length > 1 ? `, runs ${runs.map((r) => fmt(r.ms)).join(" ")}` : "";
    console.log(
      `3. backup of ${run.downloaded} packages, ${latency} ms latency, --concurrency ${concurrency}, median of ${runs.length}`,
    );
    const floor = median(bare);
    console.log(`   ideal ${packages} x ${latency} ms / ${concurrency} (baseline)  ${fmt(ideal)}`);
    console.log(
      `   a bare client, same downloads         ${fmt(floor)}  (${(floor / ideal).toFixed(2)}x the ideal: this machine's and the mock's part; undici request, no files)`,
    );
    console.log(
      `   backup                                ${fmt(run.ms)}  (${(run.ms / ideal).toFixed(2)}x the ideal; goal <= 1.20x: ${run.ms / ideal <= 1.2 ? "met" : "not met"}), peak RSS ${mib(run.rss)}, CPU ${fmt(run.cpuMs)} (the mock: ${fmt(run.mockMs)})${range}`,
    );
  } finally {
    await mock.close();
    rmSync(out, { recursive: true, force: true });
  }
}

// BENCH_ONLY=first,download,backup,install runs some of them.
const only = (name) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(",").includes(name);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${cpus().length} cores`,
);
if (only("first")) await firstRun();
// The backup before the 1 GiB download: the kernel is still writing back and freeing that file
// for seconds after, which slowed a backup run right after it by about 0.5 s.
if (only("backup")) await bigBackup();
if (only("download")) await largeDownload();
if (only("install") && process.env.BENCH_INSTALL !== "0") await installSizes();
