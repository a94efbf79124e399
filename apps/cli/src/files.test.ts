import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readUpTo, removeStaleTemporaries, saveStream } from "./files.js";

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
    let source: ReadableStreamDefaultController<Uint8Array> | undefined;
    const never = new ReadableStream<Uint8Array>({
      start(controller) {
        source = controller;
        controller.enqueue(new Uint8Array([1, 2, 3]));
      },
    });
    // The write is left hanging, as a run killed mid-download leaves it.
    const saving = saveStream(never, join(dir, "p.yxzp")).catch(() => undefined);
    while (readdirSync(dir).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(readdirSync(dir)).toHaveLength(1);
    expect(await removeStaleTemporaries(dir)).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
    // Ends the write (its file is gone) so that its file handle is closed, not left to the GC.
    source?.error(new Error("test over"));
    await saving;
  });
});

/** A stream of `chunks` that counts how many were pulled from it. */
function counted(chunks: Uint8Array[]): {
  stream: ReadableStream<Uint8Array>;
  pulled: () => number;
} {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunks[pulled++];
        if (next) controller.enqueue(next);
        else controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe("readUpTo", () => {
  it("gives the chunks of a body that ends within the limit, and a stream of any other, losing and reordering nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 40 }), { maxLength: 12 }),
        fc.nat(300),
        async (chunks, limit) => {
          const whole = Buffer.concat(chunks);
          const read = await readUpTo(counted(chunks).stream, limit);
          if (whole.length <= limit) {
            expect("chunks" in read).toBe(true);
            if ("chunks" in read) expect(Buffer.concat(read.chunks)).toEqual(whole);
          } else {
            expect("stream" in read).toBe(true);
            if ("stream" in read) expect(await bytesOf(read.stream)).toEqual(whole);
          }
        },
      ),
    );
  });

  it("reads no further than the chunk that passes the limit before handing on a stream", async () => {
    const chunk = new Uint8Array(100);
    const source = counted(Array.from({ length: 50 }, () => chunk));
    const read = await readUpTo(source.stream, 250);
    expect(source.pulled()).toBe(3);
    expect("stream" in read && (await bytesOf(read.stream)).length).toBe(5000);
  });
});

describe("saveStream of chunks already read", () => {
  it("writes the chunks private under the final name, with their size and SHA-256, and leaves no temporary", async () => {
    const dir = mkdtempSync(join(tmpdir(), "files-"));
    const chunks = [Buffer.from("PK first "), Buffer.from("second "), Buffer.from("third")];
    const path = join(dir, "p.yxzp");
    const digest = await saveStream(chunks, path);
    const whole = Buffer.concat(chunks);
    expect(readFileSync(path)).toEqual(whole);
    expect(digest).toEqual({
      size: whole.length,
      sha256: createHash("sha256").update(whole).digest("hex"),
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["p.yxzp"]);
  });

  it("leaves no temporary when the write fails, and names the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "files-"));
    const path = join(dir, "missing-folder", "p.yxzp");
    await expect(saveStream([Buffer.from("x")], path)).rejects.toThrow(/missing-folder/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
