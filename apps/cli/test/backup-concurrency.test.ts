/**
 * End-to-end: backup downloads packages with bounded concurrency. A fake Gallery holds each
 * package response until as many downloads as --concurrency are open (then 100 ms more, or half
 * a second in all), and records the most it ever had open at once: more than --concurrency means the
 * bound leaks, fewer means the downloads ran one by one.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { galleryEnv, run, tempDir } from "./helpers.js";

const CONCURRENCY = 3;
const WORKFLOWS = Array.from({ length: 10 }, (_, i) => ({
  id: `5f00000000000000000000${String(i).padStart(2, "0")}`,
  metaInfo: { name: `Workflow ${i}` },
}));

let server: Server;
let url: string;
let open = 0;
let most = 0;
let waiting: Array<() => void> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const u = new URL(request.url ?? "/", "http://127.0.0.1");
    const path = u.pathname.replace("/gallery/api/admin/v1", "");
    const json = (body: unknown) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const pkg = /^\/(\w{24})\/package\/$/.exec(path);
    if (pkg) {
      open++;
      most = Math.max(most, open);
      const send = () => {
        open--;
        response.writeHead(200, {
          "content-type": "application/octet-stream",
          "content-disposition": `attachment; filename="${pkg[1]}.yxzp"`,
        });
        response.end(`PK fake package ${pkg[1]}`);
      };
      waiting.push(send);
      if (waiting.length === CONCURRENCY) {
        // Held a little longer, so a download beyond the bound would arrive and be counted.
        setTimeout(() => {
          for (const release of waiting.splice(0)) release();
        }, 100);
      } else if (waiting.length < CONCURRENCY) {
        setTimeout(() => {
          const index = waiting.indexOf(send);
          if (index >= 0) waiting.splice(index, 1)[0]?.();
        }, 500);
      }
      return;
    }
    if (path === "/workflows/") return json(u.searchParams.get("offset") === "0" ? WORKFLOWS : []);
    return json([]); // users, subscriptions, schedules, collections: none
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  url = `http://127.0.0.1:${port}/gallery/api/admin/v1`;
});
afterAll(async () => {
  waiting = [];
  await new Promise((resolve) => server?.close(resolve));
});

describe("backup concurrency", () => {
  it("never has more than --concurrency downloads open, and does use them", async () => {
    const result = await run(["backup", "--out", tempDir(), "--concurrency", String(CONCURRENCY)], {
      env: galleryEnv(url, "key", "secret"),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ downloaded: WORKFLOWS.length, failed: 0 });
    expect(most).toBe(CONCURRENCY);
  });
});
