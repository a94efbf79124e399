/**
 * End-to-end: backup downloads packages while the workflow listing goes on. A fake Gallery lists
 * the short first page of workflows and holds the second page until a package has been asked for
 * (or two seconds have passed): a backup that waits for every listing before its first download
 * gets the page late, and the test fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { galleryEnv, run, startScriptedGallery, tempDir } from "./helpers.js";

/** The backup's first page of the workflow listing (INVENTORIES in src/commands/backup). */
const FIRST = 50;
/** Two pages after the first: one full page of 500, and one of 1. */
const TOTAL = FIRST + 500 + 1;
const workflow = (i: number) => ({
  id: `5f0000000000000000${String(i).padStart(6, "0")}`,
  metaInfo: { name: `Workflow ${i}` },
});

let gallery: Awaited<ReturnType<typeof startScriptedGallery>>;
let packagesAsked = 0;
let secondPageHeldMs: number | undefined;
let releaseSecondPage: (() => void) | undefined;
const pagesAsked: string[] = [];

beforeAll(async () => {
  gallery = await startScriptedGallery(({ path, query, response, json }) => {
    if (/^\/\w{24}\/package\/$/.test(path)) {
      packagesAsked++;
      releaseSecondPage?.();
      response.writeHead(200, { "content-type": "application/octet-stream" });
      return void response.end("PK fake package");
    }
    if (path === "/workflows/") {
      const offset = Number(query.get("offset"));
      const limit = Number(query.get("limit"));
      pagesAsked.push(`${offset}+${limit}`);
      const page = () =>
        json(
          Array.from({ length: Math.max(0, Math.min(limit, TOTAL - offset)) }, (_, i) =>
            workflow(offset + i),
          ),
        );
      if (offset !== FIRST) return page();
      const since = performance.now();
      const answer = () => {
        releaseSecondPage = undefined;
        clearTimeout(fallback);
        secondPageHeldMs = performance.now() - since;
        page();
      };
      const fallback = setTimeout(answer, 2000);
      if (packagesAsked > 0) return answer();
      releaseSecondPage = answer;
      return;
    }
    return json([]); // users, subscriptions, schedules, collections: none
  });
});
afterAll(async () => {
  await gallery?.close();
});

describe("backup while listing", () => {
  it("starts downloading the packages of the first page before the workflow listing has ended", async () => {
    const result = await run(["backup", "--out", tempDir(), "--concurrency", "4"], {
      env: galleryEnv(gallery.url, "key", "secret"),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ downloaded: TOTAL, failed: 0 });
    expect(packagesAsked).toBe(TOTAL);
    // A short first page, then full pages from where it ended.
    expect(pagesAsked).toEqual([`0+${FIRST}`, `${FIRST}+500`, `${FIRST + 500}+500`]);
    // Answered on the first package request, not by the two-second fallback.
    expect(secondPageHeldMs).toBeLessThan(1500);
  });
});
