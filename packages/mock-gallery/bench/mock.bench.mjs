// Benchmark of the mock Gallery (not a test): start-up time and requests per second through
// the whole chain (verifier -> Prism -> in-memory Gallery), as ratios against a bare node:http
// server answering a fixed JSON array in the same run. Needs `pnpm build` first.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { createSigner } from "@alteryx-admin/oauth1-signer";
import { createDataset } from "../dist/gallery/dataset.js";
import { createGallery } from "../dist/gallery/routes.js";
import { startGalleryServer } from "../dist/gallery/server.js";
import { startMockGallery } from "../dist/index.js";
import { createVerifier } from "../dist/oauth/verifier.js";

const DURATION_MS = Number(process.env.BENCH_MS ?? 2000);
const CONCURRENCY = 8;

async function throughput(name, makeRequest) {
  const one = await measure(name, makeRequest, 1);
  const many = await measure(name, makeRequest, CONCURRENCY);
  return { name, sequentialMs: one.meanMs, rps: many.rps, failed: one.failed + many.failed };
}

async function measure(name, makeRequest, concurrency) {
  // warm-up
  for (let i = 0; i < 50; i++) await makeRequest();
  let done = 0;
  let failed = 0;
  const end = performance.now() + DURATION_MS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const ok = await makeRequest();
        if (ok) done++;
        else failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rps = done / seconds;
  return { name, rps, failed, meanMs: (1000 * concurrency) / rps };
}

function ops(name, fn, iterations) {
  for (let i = 0; i < Math.min(200, iterations); i++) fn(i);
  const t = performance.now();
  for (let i = 0; i < iterations; i++) fn(i);
  const seconds = (performance.now() - t) / 1000;
  return { name, opsPerSecond: iterations / seconds, meanUs: (seconds * 1e6) / iterations };
}

async function coldStart(args = []) {
  const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
  const t = performance.now();
  const child = spawn(process.execPath, [bin, "--quiet", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve) => {
    let text = "";
    child.stdout.on("data", (c) => {
      text += c;
      if (/Admin v1 URL/.test(text)) resolve();
    });
  });
  const ms = performance.now() - t;
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  return ms;
}

// --- start-up, with Prism and without (validation: false), alternating so that load drifts
// hit both alike ---
const cold = [];
const coldDirect = [];
for (let i = 0; i < 5; i++) {
  cold.push(await coldStart());
  coldDirect.push(await coldStart(["--no-validation"]));
}
// Prism is imported by the first validated start: do that once before timing warm starts.
await (await startMockGallery()).close();
const warm = [];
const warmDirect = [];
for (let i = 0; i < 5; i++) {
  for (const [list, options] of [
    [warm, {}],
    [warmDirect, { validation: false }],
  ]) {
    const t = performance.now();
    const g = await startMockGallery(options);
    list.push(performance.now() - t);
    await g.close();
  }
}

// --- throughput ---
const baselineBody = JSON.stringify(
  Array.from({ length: 10 }, (_, i) => ({ id: String(i).padStart(24, "0") })),
);
const baseline = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(baselineBody);
});
await new Promise((r) => baseline.listen(0, "127.0.0.1", r));
const baselineUrl = `http://127.0.0.1:${baseline.address().port}/gallery/api/admin/v1/users/?pageSize=10`;

// The in-memory Gallery alone (no verifier, no Prism), to show what Prism and the verifier add.
const inner = await startGalleryServer(createGallery(createDataset(1)));
const innerUrl = `${inner.origin}/gallery/api/admin/v1/users/?pageSize=10`;

const gallery = await startMockGallery();
const direct = await startMockGallery({ validation: false });
const staticGallery = await startMockGallery({ static: true });
const signer = createSigner(gallery.credentials);
const staticSigner = createSigner(staticGallery.credentials);
const directSigner = createSigner(direct.credentials);
const badSigner = createSigner({
  ...gallery.credentials,
  consumerSecret: `${gallery.credentials.consumerSecret}-wrong`,
});

const get = async (request) => {
  const res = await fetch(request);
  await res.arrayBuffer();
  return res.status;
};
const results = [
  await throughput(
    "baseline: bare node:http, fixed JSON (unsigned)",
    async () => (await get(baselineUrl)) === 200,
  ),
  await throughput(
    "in-memory Gallery alone (no verifier, no Prism)",
    async () => (await get(innerUrl)) === 200,
  ),
  await throughput(
    "chain: signed GET /users/?pageSize=10",
    async () =>
      (await get(await signer.sign(new Request(`${gallery.url}/users/?pageSize=10`)))) === 200,
  ),
  await throughput(
    "chain: signed GET /workflows/?limit=100",
    async () =>
      (await get(await signer.sign(new Request(`${gallery.url}/workflows/?limit=100`)))) === 200,
  ),
  await throughput(
    "validation: false: signed GET /users/?pageSize=10",
    async () =>
      (await get(await directSigner.sign(new Request(`${direct.url}/users/?pageSize=10`)))) === 200,
  ),
  await throughput(
    "static mode: signed GET /users/",
    async () =>
      (await get(await staticSigner.sign(new Request(`${staticGallery.url}/users/`)))) === 200,
  ),
  await throughput(
    "rejected: bad signature + diagnosis (401)",
    async () =>
      (await get(await badSigner.sign(new Request(`${gallery.url}/users/?pageSize=10`)))) === 401,
  ),
];
await Promise.all([gallery.close(), direct.close(), staticGallery.close()]);
baseline.close();
inner.server.close();
inner.server.closeAllConnections();

// --- verifier alone (in-process) ---
const verifier = createVerifier({
  consumerKey: "k",
  consumerSecret: "s",
  timestampWindowSeconds: 1e9,
});
const plain = createSigner({ consumerKey: "k", consumerSecret: "s" });
const wrong = createSigner({ consumerKey: "k", consumerSecret: "not-s" });
const prepared = [];
const preparedBad = [];
for (let i = 0; i < 2000; i++) {
  const url = `http://127.0.0.1:8080/gallery/api/admin/v1/users/?page=${i}&pageSize=10`;
  const a = await plain.authorize({ method: "GET", url });
  prepared.push({
    method: "GET",
    url: `/gallery/api/admin/v1/users/?page=${i}&pageSize=10`,
    rawHeaders: ["Authorization", a.header],
  });
  const b = await wrong.authorize({ method: "GET", url });
  preparedBad.push({
    method: "GET",
    url: `/gallery/api/admin/v1/users/?page=${i}&pageSize=10`,
    rawHeaders: ["Authorization", b.header],
  });
}
const verifyOk = ops(
  "verifier: good signature",
  (i) => verifier.verify(prepared[i % 2000], "127.0.0.1:8080"),
  2000,
);
const verifyBad = ops(
  "verifier: bad signature + diagnosis",
  (i) => verifier.verify(preparedBad[i % 2000], "127.0.0.1:8080"),
  500,
);

const base = results[0].rps;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`Node ${process.version}, ${DURATION_MS} ms per case and concurrency\n`);
const startup = (label, xs) =>
  console.log(
    `start-up, ${label}: median ${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(", ")})`,
  );
startup("cold (new process until the URL is printed)", cold);
startup("cold, --no-validation", coldDirect);
startup("warm (startMockGallery in a process that loaded the package)", warm);
startup("warm, validation: false", warmDirect);
console.log(
  `validation: false starts ${(median(cold) / median(coldDirect)).toFixed(1)}x faster cold, ${(median(warm) / median(warmDirect)).toFixed(1)}x warm\n`,
);
console.log(`| case | latency, 1 client | requests/s, ${CONCURRENCY} clients | vs baseline |`);
console.log("|---|---:|---:|---:|");
for (const r of results) {
  console.log(
    `| ${r.name} | ${r.sequentialMs.toFixed(2)} ms | ${r.rps.toFixed(0)} | ${(r.rps / base).toFixed(3)}x |${r.failed ? ` (${r.failed} unexpected statuses)` : ""}`,
  );
}
console.log("\n| in-process | ops/s | mean |");
console.log("|---|---:|---:|");
for (const r of [verifyOk, verifyBad]) {
  console.log(`| ${r.name} | ${r.opsPerSecond.toFixed(0)} | ${r.meanUs.toFixed(0)} µs |`);
}
console.log(
  `\ndiagnosis costs ${(verifyOk.opsPerSecond / verifyBad.opsPerSecond).toFixed(0)}x a good verification`,
);
const alone = results[1].sequentialMs;
const chain = results[2].sequentialMs;
console.log(
  `verifier + Prism (validation both ways) + two extra hops add ${(chain - alone).toFixed(2)} ms to GET /users/?pageSize=10 (${alone.toFixed(2)} -> ${chain.toFixed(2)} ms, 1 client)`,
);
