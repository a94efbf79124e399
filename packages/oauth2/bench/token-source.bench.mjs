// What the token source and the middleware cost per call, each against a named baseline in the
// same run: openapi-fetch calls to a local server with a fixed bearer header (no middleware)
// versus the same calls through oauth2Middleware (cached token, a copy of each request kept for
// a retry), and a token request through oauth4webapi versus a hand-written fetch of the same
// form. Runs on dist/: build first (`pnpm build && pnpm bench`).
import { createServer } from "node:http";
import os from "node:os";
import createClient from "openapi-fetch";
import { Bench } from "tinybench";
import { createTokenSource, oauth2Middleware } from "../dist/index.js";

const TOKEN_BODY = JSON.stringify({
  access_token: "a".repeat(40),
  token_type: "bearer",
  expires_in: 3600,
});
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const body = req.url === "/webapi/oauth2/token" ? TOKEN_BODY : '{"ok":true}';
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    res.end(body);
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const tokenUrl = `${origin}/webapi/oauth2/token`;
const baseUrl = `${origin}/webapi/admin/v1`;

const tokens = createTokenSource({ tokenUrl, clientId: "key", clientSecret: "secret" });
const fixed = `Bearer ${await tokens.getToken()}`;
const plain = createClient({ baseUrl, headers: { Authorization: fixed } });
const withMiddleware = createClient({ baseUrl });
withMiddleware.use(oauth2Middleware(tokens));
const json = { name: "workflow", tags: Array.from({ length: 40 }, (_, i) => `tag-${i}`) };
const file = new Blob([new Uint8Array(1024 * 1024)]);
const upload = () => {
  const form = new FormData();
  form.set("name", "workflow");
  form.set("file", file, "w.yxzp");
  return form;
};
const basic = `Basic ${btoa("key:secret")}`;

// Pairs: [baseline, measured]; the ratio column is measured time over its baseline's.
const PAIRS = [
  [
    [
      "GET, fixed bearer header (baseline)",
      () => plain.GET("/users/", { params: { query: { page: 0 } } }),
    ],
    [
      "GET through oauth2Middleware",
      () => withMiddleware.GET("/users/", { params: { query: { page: 0 } } }),
    ],
  ],
  [
    ["PUT 1 KB JSON, fixed header (baseline)", () => plain.PUT("/workflows/", { body: json })],
    [
      "PUT 1 KB JSON through oauth2Middleware",
      () => withMiddleware.PUT("/workflows/", { body: json }),
    ],
  ],
  [
    [
      "POST 1 MiB multipart, fixed header (baseline)",
      () => plain.POST("/workflows/", { body: upload() }),
    ],
    [
      "POST 1 MiB multipart through oauth2Middleware",
      () => withMiddleware.POST("/workflows/", { body: upload() }),
    ],
  ],
  [
    [
      "token request: hand-written fetch + JSON.parse (baseline)",
      async () => {
        const response = await fetch(tokenUrl, {
          method: "POST",
          headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
          body: "grant_type=client_credentials",
        });
        await response.json();
      },
    ],
    [
      "token request: invalidate() + getToken() (oauth4webapi)",
      async () => {
        tokens.invalidate();
        await tokens.getToken();
      },
    ],
  ],
];

// The machine may be shared: several rounds, the median of each task. Besides tinybench's
// wall-clock time, each task's CPU time per operation (process.cpuUsage over a batch; the local
// server runs in this process, so its share is in both columns of a pair) is reported: it is
// much less disturbed by other processes on a busy machine.
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const batch = Number(process.env.BENCH_BATCH ?? 400);
const wall = new Map();
const cpu = new Map();
const push = (map, key, value) => map.set(key, [...(map.get(key) ?? []), value]);
for (let round = 0; round < rounds; round++) {
  const bench = new Bench({ time: Number(process.env.BENCH_TIME_MS ?? 800), warmupTime: 200 });
  for (const [name, fn] of PAIRS.flat()) bench.add(name, fn);
  await bench.run();
  for (const task of bench.tasks) push(wall, task.name, task.result.period * 1000);
  for (const [name, fn] of PAIRS.flat()) {
    const n = name.includes("MiB") ? Math.ceil(batch / 10) : batch;
    const before = process.cpuUsage();
    for (let i = 0; i < n; i++) await fn();
    const used = process.cpuUsage(before);
    push(cpu, name, (used.user + used.system) / n);
  }
}
// A cached getToken() alone: far below a call's cost, so measured as one large batch.
const cachedBatch = 200_000;
const start = performance.now();
for (let i = 0; i < cachedBatch; i++) await tokens.getToken();
const cachedMicros = ((performance.now() - start) * 1000) / cachedBatch;
server.close();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  `Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown CPU"}), ${os.platform()} ${os.arch()}; median of ${rounds} rounds; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}\n`,
);
console.log("| task | µs/op (wall) | vs baseline (wall) | CPU µs/op | vs baseline (CPU) |");
console.log("|---|---:|---:|---:|---:|");
for (const pair of PAIRS) {
  const [baseWall, baseCpu] = [median(wall.get(pair[0][0])), median(cpu.get(pair[0][0]))];
  for (const [name] of pair) {
    const [w, c] = [median(wall.get(name)), median(cpu.get(name))];
    console.log(
      `| ${name} | ${w.toFixed(1)} | ${(w / baseWall).toFixed(2)}x | ${c.toFixed(1)} | ${(c / baseCpu).toFixed(2)}x |`,
    );
  }
}
console.log(
  `\ncached getToken(): ${cachedMicros.toFixed(3)} µs/op (wall, batch of ${cachedBatch.toLocaleString("en-US")})`,
);
