// Client overhead and paging memory, against a plain local node:http server (not the mock: its
// Prism validation would dominate). Runs on dist/: build first (`pnpm build && pnpm bench`).
//
// 1. Requests per second for GET /users/ (a small JSON array) through createAdminClient (on
//    fetch, like every request of the client), against the baseline: plain fetch of a URL signed
//    in advance (no signing, no openapi-fetch), one request at a time (latency-bound) and with 16
//    in flight (CPU-bound). Rows in between show where the cost comes from. A figure to report,
//    not a goal: a real Gallery call takes 10 to 500 ms.
// 2. A paging walk over 10,000 and 100,000 generated items with the peak heap of each.
//
// The server runs in a child process so that its work is not counted on the client's loop.

import { fork } from "node:child_process";
import os from "node:os";

const ROOT = "/gallery/api/admin/v1";

if (process.argv[2] === "--server") {
  // The server: no signature check; /users/ answers five users, /workflows/ pages through
  // `total` generated workflows with offset/limit.
  const { createServer } = await import("node:http");
  const users = JSON.stringify(
    Array.from({ length: 5 }, (_, i) => ({
      id: `5a00000000000000000000${String(i).padStart(2, "0")}`,
      email: `user${i}@example.com`,
      firstName: "Ana",
      lastName: "Lopez",
      active: true,
      curator: i === 0,
    })),
  );
  const workflow = (i) =>
    `{"id":"${i.toString(16).padStart(24, "0")}","fileName":"Workflow ${i}.yxmd","isChained":false,"metaInfo":{"name":"Workflow ${i}","description":"A generated workflow for the paging benchmark","author":"bench"},"packageType":1,"public":false,"runCount":${i % 97},"runDisabled":false,"subscriptionId":"503bac188031af11f8f8e478","uploadDate":"2018-10-17T13:58:43.975Z","version":1}`;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === `${ROOT}/users/`) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(users);
      return;
    }
    if (url.pathname === `${ROOT}/workflows/`) {
      const total = Number(url.searchParams.get("total") ?? 0);
      const offset = Number(url.searchParams.get("offset") ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? total);
      const parts = [];
      for (let i = offset; i < Math.min(total, offset + limit); i++) parts.push(workflow(i));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`[${parts.join(",")}]`);
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end('{"message":"not found"}');
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.send?.(server.address().port));
  // Gone with the bench: the parent closes the IPC channel when it ends.
  process.on("disconnect", () => process.exit(0));
} else {
  const { createAdminClient, paginate } = await import("../dist/index.js");
  const { createSigner } = await import("@alteryx-admin/oauth1-signer");
  const { default: createClient } = await import("openapi-fetch");

  const server = fork(new URL(import.meta.url), ["--server"]);
  const port = await new Promise((resolve) => server.once("message", resolve));
  const baseUrl = `http://127.0.0.1:${port}${ROOT}`;
  const credentials = { consumerKey: "bench-key", consumerSecret: "bench-secret" };

  const admin = createAdminClient({ baseUrl, ...credentials });
  const adminQuery = createAdminClient({ baseUrl, ...credentials, placement: "query" });
  const signer = createSigner(credentials);
  const usersUrl = `${baseUrl}/users/`;
  const presigned = (await signer.authorize({ method: "GET", url: usersUrl })).url;
  // Where the cost comes from: openapi-fetch alone, on the same pre-signed URL.
  const bareOpenapiFetch = createClient({ baseUrl });
  const presignedPath = presigned.slice(baseUrl.length);
  const ok = ({ error }) => {
    if (error !== undefined) throw new Error("unexpected error");
  };

  const CLIENT = "createAdminClient GET /users/ (defaults: header placement)";
  const tasks = [
    [
      "baseline: plain fetch of a URL signed in advance + json()",
      async () => (await fetch(presigned)).json(),
    ],
    [
      "by hand: sign each request (authorize) + plain fetch + json()",
      async () => {
        const { header } = await signer.authorize({ method: "GET", url: usersUrl });
        return (await fetch(usersUrl, { headers: { authorization: header } })).json();
      },
    ],
    [
      "openapi-fetch alone (no signing, no retries), same pre-signed URL",
      async () => ok(await bareOpenapiFetch.GET(presignedPath)),
    ],
    [CLIENT, async () => ok(await admin.GET("/users/"))],
    [
      "createAdminClient GET /users/ (query placement)",
      async () => ok(await adminQuery.GET("/users/")),
    ],
  ];

  /** Requests per second of `run` with `concurrency` requests in flight, over `count` requests. */
  const throughput = async (run, concurrency, count) => {
    const loop = async (n) => {
      for (let i = 0; i < n; i++) await run();
    };
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: concurrency }, () => loop(count / concurrency)));
    return count / (Number(process.hrtime.bigint() - started) / 1e9);
  };
  const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

  // Many short rounds, each running every task in a rotated order: a load spike from elsewhere
  // on the machine then hits all tasks alike, and the median over the rounds drops it.
  const rounds = Number(process.env.BENCH_ROUNDS ?? 30);
  const perRound = Number(process.env.BENCH_REQUESTS ?? 256);
  const modes = [
    ["one request at a time", 1],
    ["16 requests in flight", 16],
  ];
  console.log(
    `Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown CPU"}), ${os.platform()} ${os.arch()}; median of ${rounds} rounds of ${perRound} requests per task; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} (the machine may be shared: compare rows of one run, not runs)`,
  );
  const clientCost = {};
  for (const [mode, concurrency] of modes) {
    for (const [, run] of tasks) await throughput(run, concurrency, 512); // warm-up
    const samples = new Map(tasks.map(([name]) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < tasks.length; i++) {
        const [name, run] = tasks[(i + round) % tasks.length];
        samples.get(name).push(await throughput(run, concurrency, perRound));
      }
    }
    const baselineOps = median(samples.get(tasks[0][0]));
    console.log(`\n${mode}:\n`);
    console.log("| task | requests/s | µs/request | cost vs baseline |");
    console.log("|---|---:|---:|---:|");
    for (const [name] of tasks) {
      const ops = median(samples.get(name));
      const cost = (baselineOps / ops - 1) * 100;
      if (name === CLIENT) clientCost[mode] = cost;
      console.log(
        `| ${name} | ${Math.round(ops).toLocaleString("en-US")} | ${(1e6 / ops).toFixed(1)} | ${name === tasks[0][0] ? "baseline" : `${cost.toFixed(1)}%`} |`,
      );
    }
  }
  const verdict = Object.entries(clientCost)
    .map(([mode, cost]) => `${cost.toFixed(1)}% ${mode}`)
    .join(", ");
  console.log(
    `\ncreateAdminClient (signing, openapi-fetch, timeout, retry and redirect handling, JSON checked) vs the baseline: ${verdict}.`,
  );

  // Paging walk: the peak heap while walking must not grow with the number of items.
  const walk = async (total) => {
    // `total` rides along as an extra query parameter the bench server reads; the cast is the
    // price of a parameter the spec does not have.
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let count = 0;
    const started = performance.now();
    for await (const item of paginate(admin, "/workflows/", {
      pageSize: 1000,
      query: /** @type {never} */ ({ total }),
    })) {
      if (item.id === "") throw new Error("unexpected item");
      count++;
      if (count % 250 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    const ms = performance.now() - started;
    if (count !== total) throw new Error(`walked ${count} items, expected ${total}`);
    return { total, ms, peakMiB: (peak - before) / 2 ** 20 };
  };
  await walk(5_000); // warm-up
  const small = await walk(10_000);
  const large = await walk(100_000);
  console.log(
    `\nPaging walk, GET /workflows/ with pageSize 1000 (one page held at a time)${globalThis.gc ? "" : " (run with --expose-gc for steadier numbers)"}:\n`,
  );
  console.log("| items | time | items/s | peak heap above start |");
  console.log("|---:|---:|---:|---:|");
  for (const r of [small, large]) {
    console.log(
      `| ${r.total.toLocaleString("en-US")} | ${(r.ms / 1000).toFixed(2)} s | ${Math.round((r.total / r.ms) * 1000).toLocaleString("en-US")} | ${r.peakMiB.toFixed(1)} MiB |`,
    );
  }
  console.log(
    `\nPeak heap at 100,000 items is ${(large.peakMiB / small.peakMiB).toFixed(2)}x the peak at 10,000 (flat means about 1x).`,
  );
  server.disconnect();
}
