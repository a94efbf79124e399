import { crc32 } from "node:zlib";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { FILLER_NAME, packageOfSize } from "./package-stream.js";

const xml = new TextEncoder().encode("<AlteryxDocument>Café</AlteryxDocument>");

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The CRC-32 field of the local header at `offset` (RFC: PKWARE APPNOTE 4.3.7). */
const localCrc = (zip: Buffer, offset: number) => zip.readUInt32LE(offset + 14);

describe("packageOfSize", () => {
  it.each([200 * 1024, 64 * 1024 + 1, 300_001])(
    "is a valid zip of exactly %i bytes, read by an independent unzip",
    async (size) => {
      const pkg = packageOfSize("Tëst Flow.yxmd", xml, size);
      expect(pkg.length).toBe(size);
      const zip = await collect(pkg.stream());
      expect(zip.length).toBe(size);
      const files = unzipSync(new Uint8Array(zip));
      expect(Object.keys(files)).toEqual(["Tëst Flow.yxmd", FILLER_NAME]);
      expect(Buffer.from(files["Tëst Flow.yxmd"] ?? []).equals(Buffer.from(xml))).toBe(true);
      const filler = files[FILLER_NAME] ?? new Uint8Array();
      // fflate does not check CRCs: compare the stored ones with the extracted data
      expect(localCrc(zip, 0)).toBe(crc32(xml));
      const fillerHeader = 30 + Buffer.byteLength("Tëst Flow.yxmd") + xml.length;
      expect(localCrc(zip, fillerHeader)).toBe(crc32(filler));
    },
  );

  it("is the smallest package (an empty filler) when the size asked is below it", async () => {
    const pkg = packageOfSize("a.yxmd", xml, 10);
    const zip = await collect(pkg.stream());
    expect(zip.length).toBe(pkg.length);
    expect(pkg.length).toBeGreaterThan(10);
    expect(unzipSync(new Uint8Array(zip))[FILLER_NAME]).toHaveLength(0);
  });

  it("is produced as it is read: a 256 MiB package read four chunks holds little", async () => {
    const pkg = packageOfSize("a.yxmd", xml, 256 * 1024 ** 2);
    const stream = pkg.stream();
    const reader = stream[Symbol.asyncIterator]();
    let read = 0;
    for (let i = 0; i < 4; i++) read += ((await reader.next()).value as Uint8Array).length;
    await new Promise((resolve) => setImmediate(resolve));
    // what the stream generated ahead of its reader is bounded by its buffer, not the package
    expect(read + stream.readableLength).toBeLessThan(2 * 1024 * 1024);
    stream.destroy();
  });

  it("gives the same bytes every time (fixed dates, deterministic filler)", async () => {
    const a = await collect(packageOfSize("a.yxmd", xml, 100_000).stream());
    const b = await collect(packageOfSize("a.yxmd", xml, 100_000).stream());
    expect(a.equals(b)).toBe(true);
  });
});
