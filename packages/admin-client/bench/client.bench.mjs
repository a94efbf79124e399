// Client overhead and paging memory, against a plain local node:http server (not the mock: its
// Prism validation would dominate). Runs on dist/: build first (`pnpm build && pnpm bench`).
//
// 1. Requests per second for GET /users/ (a small JSON array) through createAdminClient, against
//    the baseline: plain fetch of a URL signed in advance (no signing, no openapi-fetch).
// 2. A paging walk over 10,000 and 100,000 generated items with the peak heap of each.
//
// The server runs in a worker thread so that its work is not counted on the client's loop.
import os from "node:os";
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { Bench } from "tinybench";

const ROOT = "/gallery/api/admin/v1";

if (!isMainThread) {
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
  server.listen(0, "127.0.0.1", () => parentPort?.postMessage(server.address().port));
} else {
  const { createAdminClient, paginate } = await import("../dist/index.js");
  const { createSigner } = await import("@alteryx-admin/oauth1-signer");
  const { default: createClient } = await import("openapi-fetch");

  const worker = new Worker(new URL(import.meta.url));
  const port = await new Promise((resolve) => worker.once("message", resolve));
  const baseUrl = `http://127.0.0.1:${port}${ROOT}`;
  const credentials = { consumerKey: "bench-key", consumerSecret: "bench-secret" };

  const admin = createAdminClient({ baseUrl, ...credentials });
  const adminQuery = createAdminClient({ baseUrl, ...credentials, placement: "query" });
  const adminNoTimeout = createAdminClient({ baseUrl, ...credentials, timeoutMs: Infinity });
  const signer = createSigner(credentials);
  const usersUrl = `${baseUrl}/users/`;
  const presigned = (await signer.authorize({ method: "GET", url: usersUrl })).url;
  // Where the cost comes from: openapi-fetch alone, on the same pre-signed URL.
  const bareOpenapiFetch = createClient({ baseUrl });
  const presignedPath = presigned.slice(baseUrl.length);

  // Each round runs every task (in a rotated order, so none always goes first while the other
  // helpers on the machine are busy); the table shows each task's median over the rounds.
  const tasks = [
    [
      "baseline: plain fetch of a URL signed in advance + json()",
      async () => {
        const response = await fetch(presigned);
        await response.json();
      },
    ],
    [
      "by hand: sign each request (authorize) + plain fetch + json()",
      async () => {
        const { header } = await signer.authorize({ method: "GET", url: usersUrl });
        const response = await fetch(usersUrl, { headers: { authorization: header } });
        await response.json();
      },
    ],
    [
      "openapi-fetch alone (no signing, no retries), same pre-signed URL",
      async () => {
        const { error } = await bareOpenapiFetch.GET(presignedPath);
        if (error !== undefined) throw new Error("unexpected error");
      },
    ],
    [
      "createAdminClient GET /users/ (header placement)",
      async () => {
        const { error } = await admin.GET("/users/");
        if (error !== undefined) throw new Error("unexpected error");
      },
    ],
    [
      "createAdminClient GET /users/ (header placement, timeoutMs Infinity)",
      async () => {
        const { error } = await adminNoTimeout.GET("/users/");
        if (error !== undefined) throw new Error("unexpected error");
      },
    ],
    [
      "createAdminClient GET /users/ (query placement)",
      async () => {
        const { error } = await adminQuery.GET("/users/");
        if (error !== undefined) throw new Error("unexpected error");
      },
    ],
  ];
  // Many short rounds, each running every task for a moment in a rotated order: a load spike
  // from elsewhere on the machine then hits all tasks alike, and the median over the rounds
  // drops it.
  const rounds = Number(process.env.BENCH_ROUNDS ?? 40);
  const samples = new Map(tasks.map(([name]) => [name, []]));
  const warmup = new Bench({ time: 500, warmupTime: 200 });
  for (const [name, fn] of tasks) warmup.add(name, fn);
  await warmup.run();
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({
      time: Number(process.env.BENCH_TIME_MS ?? 60),
      iterations: 20,
      warmup: false,
    });
    for (let i = 0; i < tasks.length; i++) {
      const [name, fn] = tasks[(i + round) % tasks.length];
      bench.add(name, fn);
    }
    await bench.run();
    for (const task of bench.tasks) samples.get(task.name).push(1000 / task.result.period);
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  const opsOf = (name) => median(samples.get(name));
  const baselineOps = opsOf(tasks[0][0]);
  console.log(
    `Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown CPU"}), ${os.platform()} ${os.arch()}; median of ${rounds} rounds; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} (the machine may be shared: compare rows of one run, not runs)\n`,
  );
  console.log("| task | requests/s | µs/request | cost vs baseline |");
  console.log("|---|---:|---:|---:|");
  for (const [name] of tasks) {
    const ops = opsOf(name);
    const extra =
      name === tasks[0][0] ? "baseline" : `${((baselineOps / ops - 1) * 100).toFixed(1)}%`;
    console.log(
      `| ${name} | ${Math.round(ops).toLocaleString("en-US")} | ${(1e6 / ops).toFixed(1)} | ${extra} |`,
    );
  }

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
  await worker.terminate();
}
