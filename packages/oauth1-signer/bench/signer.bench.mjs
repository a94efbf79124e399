// Signing throughput on a typical Admin API request, against named baselines in the same run.
// Runs on dist/: build first (`pnpm build && pnpm bench`).
import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import os from "node:os";
import { Bench } from "tinybench";
import { createSigner } from "../dist/index.js";

const require = createRequire(import.meta.url);
const OAuth = require("oauth-1.0a");
const oauthSign = require("oauth-sign");

const URL_ = "https://gallery.example.com/gallery/api/admin/v1/users/?page=1&pageSize=100";
const BASE_URI = "https://gallery.example.com/gallery/api/admin/v1/users/";
const consumerKey = "a5d2f1c0e9b84d7a9c3f2e1d0c9b8a7f";
const consumerSecret = "Zq8sW3eR5tY7uI9oP1aS3dF5gH7jK9lZ2xC4vB6nM8qW0eR2tY4u";

const nodeSigner = createSigner({ consumerKey, consumerSecret, crypto: "node" });
const webSigner = createSigner({ consumerKey, consumerSecret, crypto: "webcrypto" });

const oauth1a = OAuth({
  consumer: { key: consumerKey, secret: consumerSecret },
  signature_method: "HMAC-SHA1",
  hash_function: (base, key) => createHmac("sha1", key).update(base).digest("base64"),
});

// oauth-sign only signs: the caller collects the parameters (here once, outside the loop).
const oauthSignParams = {
  page: "1",
  pageSize: "100",
  oauth_consumer_key: consumerKey,
  oauth_nonce: "d41d8cd98f00b204e9800998ecf8427e",
  oauth_signature_method: "HMAC-SHA1",
  oauth_timestamp: "1700000000",
  oauth_version: "1.0",
};

// The floor: one HMAC-SHA1 over a base string computed beforehand.
const precomputed = await nodeSigner.authorize({ method: "GET", url: URL_ });
const floorKey = `${consumerSecret}&`;

// The WebCrypto floor: one subtle.sign over the same base string with an imported key.
const webFloorKey = await crypto.subtle.importKey(
  "raw",
  new TextEncoder().encode(floorKey),
  { name: "HMAC", hash: "SHA-1" },
  false,
  ["sign"],
);
const webFloorData = new TextEncoder().encode(precomputed.baseString);

// Warm up both paths (node:crypto is loaded and the CryptoKey imported on first use).
await webSigner.authorize({ method: "GET", url: URL_ });

const TASKS = new Map([
  [
    "oauth-1.0a authorize + toHeader (node:crypto HMAC)",
    () => {
      oauth1a.toHeader(oauth1a.authorize({ url: URL_, method: "GET" }));
    },
  ],
  [
    "oauth-sign hmacsign (parameters pre-collected)",
    () => {
      oauthSign.hmacsign("GET", BASE_URI, oauthSignParams, consumerSecret, "");
    },
  ],
  [
    "this package: authorize() (node:crypto)",
    async () => {
      await nodeSigner.authorize({ method: "GET", url: URL_ });
    },
  ],
  [
    "this package: authorize() (WebCrypto)",
    async () => {
      await webSigner.authorize({ method: "GET", url: URL_ });
    },
  ],
  [
    "this package: sign(Request) (middleware path, incl. new Request)",
    async () => {
      await nodeSigner.sign(new Request(URL_));
    },
  ],
  [
    "WebCrypto floor: bare subtle.sign HMAC-SHA1 (imported key) of the same base string",
    async () => {
      await crypto.subtle.sign("HMAC", webFloorKey, webFloorData);
    },
  ],
  [
    "floor: bare node:crypto HMAC-SHA1 of a precomputed base string",
    () => {
      createHmac("sha1", floorKey).update(precomputed.baseString).digest("base64");
    },
  ],
]);

// The machine may be shared: run several rounds and report the median of each task. Besides
// tinybench's wall-clock throughput, each task's CPU time per operation (process.cpuUsage over
// a batch) is reported: it is much less disturbed by other processes on a busy machine.
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const batch = Number(process.env.BENCH_BATCH ?? 20000);
const samples = new Map();
const cpuSamples = new Map();
let names = [];
const push = (map, key, value) => map.set(key, [...(map.get(key) ?? []), value]);
for (let round = 0; round < rounds; round++) {
  const bench = createBench();
  await bench.run();
  names = bench.tasks.map((task) => task.name);
  for (const task of bench.tasks) {
    push(samples, task.name, 1000 / task.result.period);
    const fn = TASKS.get(task.name);
    const start = process.cpuUsage();
    for (let i = 0; i < batch; i++) await fn();
    const used = process.cpuUsage(start);
    push(cpuSamples, task.name, (used.user + used.system) / batch);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const opsOf = (name) => median(samples.get(name));
const cpuOf = (name) => median(cpuSamples.get(name));
const baselineOps = opsOf(names[0]);
const baselineCpu = cpuOf(names[0]);
const rows = names.map((name) => {
  const ops = opsOf(name);
  const cpu = cpuOf(name);
  return `| ${name} | ${Math.round(ops).toLocaleString("en-US")} | ${(1e6 / ops).toFixed(2)} | ${(ops / baselineOps).toFixed(2)}x | ${cpu.toFixed(2)} | ${(baselineCpu / cpu).toFixed(2)}x |`;
});
console.log(
  `Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown CPU"}), ${os.platform()} ${os.arch()}; median of ${rounds} rounds; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}\n`,
);
console.log(
  "| task | ops/s (wall) | µs/op (wall) | vs oauth-1.0a (wall) | CPU µs/op | vs oauth-1.0a (CPU) |",
);
console.log("|---|---:|---:|---:|---:|---:|");
console.log(rows.join("\n"));

function createBench() {
  const bench = new Bench({ time: Number(process.env.BENCH_TIME_MS ?? 1000), warmupTime: 200 });
  for (const [name, fn] of TASKS) bench.add(name, fn);
  return bench;
}
