/**
 * End-to-end: backup downloads packages while the workflow listing goes on. A fake Gallery lists
 * a full first page of workflows and holds the second page until a package has been asked for
 * (or two seconds have passed): a backup that waits for every listing before its first download
 * gets the page late, and the test fails.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { galleryEnv, run, tempDir } from "./helpers.js";

/** The backup's page size of the workflow listing (INVENTORIES in src/commands/backup). */
const PAGE = 500;
const workflow = (i: number) => ({
  id: `5f0000000000000000${String(i).padStart(6, "0")}`,
  metaInfo: { name: `Workflow ${i}` },
});

let server: Server;
let url: string;
let packagesAsked = 0;
let secondPageHeldMs: number | undefined;
let releaseSecondPage: (() => void) | undefined;

beforeAll(async () => {
  server = createServer((request, response) => {
    const u = new URL(request.url ?? "/", "http://127.0.0.1");
    const path = u.pathname.replace("/gallery/api/admin/v1", "");
    const json = (body: unknown) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (/^\/\w{24}\/package\/$/.test(path)) {
      packagesAsked++;
      releaseSecondPage?.();
      response.writeHead(200, { "content-type": "application/octet-stream" });
      return void response.end("PK fake package");
    }
    if (path === "/workflows/") {
      const offset = Number(u.searchParams.get("offset"));
      if (offset === 0) return json(Array.from({ length: PAGE }, (_, i) => workflow(i)));
      if (offset === PAGE) {
        const since = performance.now();
        const answer = () => {
          releaseSecondPage = undefined;
          clearTimeout(fallback);
          secondPageHeldMs = performance.now() - since;
          json([workflow(PAGE)]);
        };
        const fallback = setTimeout(answer, 2000);
        if (packagesAsked > 0) return answer();
        releaseSecondPage = answer;
        return;
      }
      return json([]);
    }
    return json([]); // users, subscriptions, schedules, collections: none
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  url = `http://127.0.0.1:${port}/gallery/api/admin/v1`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe("backup while listing", () => {
  it("starts downloading the packages of the first page before the workflow listing has ended", async () => {
    const result = await run(["backup", "--out", tempDir(), "--concurrency", "4"], {
      env: galleryEnv(url, "key", "secret"),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ downloaded: PAGE + 1, failed: 0 });
    expect(packagesAsked).toBe(PAGE + 1);
    // Answered on the first package request, not by the two-second fallback.
    expect(secondPageHeldMs).toBeLessThan(1500);
  });
});
