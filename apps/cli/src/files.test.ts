import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { removeStaleTemporaries, saveStream } from "./files.js";

describe("removeStaleTemporaries", () => {
  it("removes the .part files a killed run left, and nothing else", async () => {
    const dir = mkdtempSync(join(tmpdir(), "files-"));
    for (const name of [
      "a.yxzp",
      "a.yxzp.0123abcd.part",
      "manifest.json.deadbeef.part",
      "notes.part",
      "b.yxzp.xyz.part",
    ])
      writeFileSync(join(dir, name), "x");
    expect(await removeStaleTemporaries(dir)).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(["a.yxzp", "b.yxzp.xyz.part", "notes.part"]);
  });

  it("recognizes the temporary names saveStream itself uses", async () => {
    const dir = mkdtempSync(join(tmpdir(), "files-"));
    const never = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1, 2, 3]));
      },
    });
    // The write is left hanging, as a run killed mid-download leaves it.
    void saveStream(never, join(dir, "p.yxzp")).catch(() => undefined);
    while (readdirSync(dir).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(readdirSync(dir)).toHaveLength(1);
    expect(await removeStaleTemporaries(dir)).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });
});
