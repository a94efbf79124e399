// Where the client's wall time goes on a loopback request (see the README's benchmark section and
// issue 6): each case does one small thing before fetching the same pre-signed URL, so the rows
// show what that thing costs in wall time, not CPU. Run after `pnpm build`:
// `node bench/wall-cost.bench.mjs`. On the 2-core dev machine any few microseconds of work before
// the fetch (24 µs of plain JS, one HMAC, even one getRandomValues) cost 35-50 µs of wall time
// (13-17% of a 300 µs loopback request), so per-request signing alone is over 10% here.
import { webcrypto } from "node:crypto";
import { isMainThread, parentPort, Worker } from "node:worker_threads";

if (!isMainThread) {
  const { createServer } = await import("node:http");
  const body = JSON.stringify([{ id: "a", email: "a@example.com" }, { id: "b" }]);
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(body);
  });
  server.listen(0, "127.0.0.1", () => parentPort?.postMessage(server.address().port));
} else {
  const worker = new Worker(new URL(import.meta.url));
  const port = await new Promise((resolve) => worker.once("message", resolve));
  const nodeCrypto = await import("node:crypto");
  const { createSigner } = await import("@alteryx-admin/oauth1-signer");
  const { createAdminClient } = await import("../dist/index.js");
  const root = `http://127.0.0.1:${port}/gallery/api/admin/v1`;
  const url = `${root}/users/?page=0&pageSize=100`;
  const signer = createSigner({ consumerKey: "key", consumerSecret: "secret" });
  const presigned = (await signer.authorize({ method: "GET", url })).url;
  const admin = createAdminClient({ baseUrl: root, consumerKey: "key", consumerSecret: "secret" });
  const keyBytes = new TextEncoder().encode("secret&");
  let sink = 0;
  const cases = {
    "baseline: fetch a pre-signed URL": async () => (await fetch(presigned)).json(),
    "24 µs of plain JS, then the same": async () => {
      for (let i = 0; i < 3000; i++) sink += Math.sqrt(i);
      return (await fetch(presigned)).json();
    },
    "one node:crypto HMAC, then the same": async () => {
      nodeCrypto.createHmac("sha1", keyBytes).update(presigned).digest("base64");
      return (await fetch(presigned)).json();
    },
    "one getRandomValues(16), then the same": async () => {
      webcrypto.getRandomValues(new Uint8Array(16));
      return (await fetch(presigned)).json();
    },
    "signer.authorize(), then the same": async () => {
      await signer.authorize({ method: "GET", url });
      return (await fetch(presigned)).json();
    },
    "createAdminClient GET /users/": async () =>
      (await admin.GET("/users/", { params: { query: { page: 0, pageSize: 100 } } })).data,
  };
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let round = 0; round < 12; round++) {
    for (const [name, run] of Object.entries(cases)) {
      for (let i = 0; i < 100; i++) await run();
      const count = 400;
      const start = process.hrtime.bigint();
      for (let i = 0; i < count; i++) await run();
      samples[name].push(Number(process.hrtime.bigint() - start) / 1000 / count);
    }
  }
  const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];
  const baseline = median(samples["baseline: fetch a pre-signed URL"]);
  console.log("| case | µs/request (median of 12 rounds) | vs baseline |\n|---|---:|---:|");
  for (const [name, values] of Object.entries(samples)) {
    const us = median(values);
    console.log(`| ${name} | ${us.toFixed(1)} | ${((us / baseline - 1) * 100).toFixed(1)}% |`);
  }
  if (sink < 0) console.log(sink);
  await worker.terminate();
}
