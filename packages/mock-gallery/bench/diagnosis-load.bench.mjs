// Benchmark (not a test): does a client sending badly signed requests slow everyone down?
// The median latency of good requests (one client, signed GET /users/?pageSize=10, through
// Prism) alone, then while four clients send worst-case bad requests: a wrong secret and a
// long query of many parameters, just under the size the diagnosis still examines (the most
// work per request). The mock with its default diagnosis budget is compared with one whose
// budget is unlimited (the behaviour before the budget). The mock and the bad clients run in
// child processes. Needs `pnpm build` first.
import { createSigner } from "@alteryx-admin/oauth1-signer";
import { forkWithMessage, nextMessage, stop } from "./processes.mjs";

const GOOD_REQUESTS = Number(process.env.BENCH_GOOD ?? 400);
const BAD_CLIENTS = 4;
/** About 3 900 bytes of query in many short parameters (the diagnosis re-sorts them all). */
const LONG_QUERY = Array.from({ length: 400 }, (_, i) => `p${i}=v${i}`).join("&");

async function goodLatencies(gallery) {
  const good = createSigner(gallery.credentials);
  const url = `${gallery.url}/users/?pageSize=10`;
  for (let i = 0; i < 30; i++) await (await fetch(await good.sign(new Request(url)))).arrayBuffer();
  const latencies = [];
  const started = performance.now();
  for (let i = 0; i < GOOD_REQUESTS; i++) {
    const t = performance.now();
    const res = await fetch(await good.sign(new Request(url)));
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`good request answered ${res.status}`);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.floor(q * (latencies.length - 1))];
  return { median: at(0.5), p90: at(0.9), seconds: (performance.now() - started) / 1000 };
}

async function run(internals) {
  const mock = await forkWithMessage("./mock-child.mjs", ["{}", JSON.stringify(internals)]);
  try {
    const gallery = mock.first;
    const alone = await goodLatencies(gallery);
    const badUrl = `${gallery.url}/users/?pageSize=10&${LONG_QUERY}`;
    const bad = await forkWithMessage("./bad-clients.mjs", [
      badUrl,
      String(BAD_CLIENTS),
      gallery.credentials.consumerKey,
    ]);
    // let the bad clients get going (and the budget's burst run out) before measuring
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const loaded = await goodLatencies(gallery);
    const counts = nextMessage(bad.child);
    await stop(bad.child);
    return { alone, loaded, counts: await counts, badQueryBytes: LONG_QUERY.length };
  } finally {
    await stop(mock.child);
  }
}

const rows = [];
const noBudget = { cpuMsPerSecond: 1e9, burstMs: 1e12 };
const unpaced = { refusalCpuMsPerSecond: 1e9, refusalBurstMs: 1e12 };
for (const [name, internals] of [
  ["defaults: diagnosis and refusal budgets", {}],
  ["diagnosis budget only (refusals not paced)", { limits: unpaced }],
  ["neither (as before)", { diagnosis: noBudget, limits: unpaced }],
]) {
  rows.push({ name, ...(await run(internals)) });
}

console.log(
  `Node ${process.version}, ${GOOD_REQUESTS} good requests per case, ${BAD_CLIENTS} bad clients`,
);
console.log(
  `bad request: wrong secret, ${rows[0].badQueryBytes} bytes of extra query parameters\n`,
);
console.log(
  "| mock | good median alone | good median, 4 bad clients | ratio | good p90, 4 bad clients | bad answers diagnosed / skipped |",
);
console.log("|---|---:|---:|---:|---:|---:|");
for (const { name, alone, loaded, counts } of rows) {
  console.log(
    `| ${name} | ${alone.median.toFixed(2)} ms | ${loaded.median.toFixed(2)} ms | ${(loaded.median / alone.median).toFixed(2)}x | ${loaded.p90.toFixed(2)} ms | ${counts.diagnosed} / ${counts.skipped} |`,
  );
}
