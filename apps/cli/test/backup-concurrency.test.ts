/**
 * End-to-end: backup downloads packages with bounded concurrency. A fake Gallery holds each
 * package response until as many downloads as --concurrency are open (then 100 ms more, or half
 * a second in all), and records the most it ever had open at once: more than --concurrency means the
 * bound leaks, fewer means the downloads ran one by one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { galleryEnv, run, startScriptedGallery, tempDir } from "./helpers.js";

const CONCURRENCY = 3;
const WORKFLOWS = Array.from({ length: 10 }, (_, i) => ({
  id: `5f00000000000000000000${String(i).padStart(2, "0")}`,
  metaInfo: { name: `Workflow ${i}` },
}));

let gallery: Awaited<ReturnType<typeof startScriptedGallery>>;
let open = 0;
let most = 0;
let waiting: Array<() => void> = [];

beforeAll(async () => {
  gallery = await startScriptedGallery(({ path, query, response, json }) => {
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
    if (path === "/workflows/") return json(query.get("offset") === "0" ? WORKFLOWS : []);
    return json([]); // users, subscriptions, schedules, collections: none
  });
});
afterAll(async () => {
  waiting = [];
  await gallery?.close();
});

describe("backup concurrency", () => {
  it("never has more than --concurrency downloads open, and does use them", async () => {
    const result = await run(["backup", "--out", tempDir(), "--concurrency", String(CONCURRENCY)], {
      env: galleryEnv(gallery.url, "key", "secret"),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ downloaded: WORKFLOWS.length, failed: 0 });
    expect(most).toBe(CONCURRENCY);
  });
});
