// A 256 MiB package downloads while the mock's memory stays flat: the mock runs in a child
// process (from the build) so that its peak RSS is its own, not the test's or the client's.
import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type Credentials, signedFetch } from "./sign.js";

const SIZE = 256 * 1024 * 1024;
const built = existsSync(fileURLToPath(new URL("../dist/index.js", import.meta.url)));
const fixture = fileURLToPath(new URL("./fixtures/mock-process.mjs", import.meta.url));

interface Memory {
  rss: number;
  peakRss: number;
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once("message", (message) => resolve(message as T));
    child.once("exit", (code) => reject(new Error(`the mock process exited (${code})`)));
  });
}

/** Downloads the whole body without keeping it; returns its length and first and last bytes. */
async function drain(res: Response): Promise<{ length: number; head: Buffer; tail: Buffer }> {
  let length = 0;
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  const reader = res.body?.getReader();
  if (!reader) throw new Error("the download has no body");
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    const chunk = read.value;
    if (length === 0) head = Buffer.from(chunk.subarray(0, 4));
    length += chunk.length;
    tail = Buffer.concat([tail, chunk]).subarray(-22);
  }
  return { length, head, tail };
}

describe.skipIf(!built)("packageBytes: 256 MiB with flat memory (needs the build)", () => {
  it.each([
    ["with validation", {}],
    ["without validation", { validation: false }],
  ])(
    "%s",
    async (_mode, options) => {
      const child = fork(fixture, [JSON.stringify({ ...options, packageBytes: SIZE })], {
        stdio: ["ignore", "ignore", "inherit", "ipc"],
      });
      try {
        const started = await nextMessage<{ url: string; credentials: Credentials } & Memory>(
          child,
        );
        const list = await signedFetch(started.credentials, `${started.url}/workflows/?limit=1`);
        const [workflow] = (await list.json()) as Array<{ id: string }>;
        child.send("memory");
        const before = await nextMessage<Memory>(child);
        const res = await signedFetch(
          started.credentials,
          `${started.url}/${workflow?.id}/package/`,
        );
        expect(res.headers.get("content-length")).toBe(String(SIZE));
        const { length, head, tail } = await drain(res);
        expect(length).toBe(SIZE);
        expect(head.readUInt32LE(0)).toBe(0x04034b50); // a zip's first local header
        expect(tail.readUInt32LE(0)).toBe(0x06054b50); // and its end of central directory
        child.send("memory");
        const after = await nextMessage<Memory>(child);
        // A buffered package would add its 256 MiB (or twice that) to the peak; a streamed one
        // adds next to nothing. A quarter of the size leaves room for GC noise.
        expect(after.peakRss - Math.max(before.peakRss, before.rss)).toBeLessThan(SIZE / 4);
        child.send("close");
      } finally {
        await new Promise((resolve) => {
          if (child.exitCode !== null) resolve(undefined);
          else {
            child.once("exit", resolve);
            setTimeout(() => child.kill("SIGKILL"), 5000).unref();
          }
        });
      }
    },
    60_000,
  );
});
