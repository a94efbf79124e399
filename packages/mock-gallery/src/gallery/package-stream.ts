// Large workflow packages for download tests (the `packageBytes` option): a valid .yxzp (zip)
// of an exact size, generated while it is sent, so that a 1 GiB package never sits in memory.
// The archive holds the workflow's XML and a stored filler entry; both are written uncompressed
// ("stored") so that the size is known before the first byte and every CRC is in the local
// headers (no data descriptors, which some zip readers refuse for stored entries). The filler's
// CRC is computed once per size by zlib's native crc32 (fflate's JS CRC is ~10x slower).
import { Readable } from "node:stream";
import { crc32 } from "node:zlib";

/** Name of the filler entry inside a large package. */
export const FILLER_NAME = "filler.bin";

/** The largest package a zip without ZIP64 extensions can describe. */
export const MAX_PACKAGE_BYTES = 0xffff_ffff;

const CHUNK = Buffer.alloc(64 * 1024);
const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;
// 2021-01-01 00:00 in MS-DOS date/time form: a fixed stamp keeps packages byte-identical.
const DOS_DATE = ((2021 - 1980) << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
// Bit 11: names are UTF-8.
const UTF8_FLAG = 0x0800;

/** A package ready to be sent: its exact length, and a stream that produces it lazily. */
export interface PackageStream {
  length: number;
  stream(): Readable;
}

interface Entry {
  name: Buffer;
  size: number;
  crc: number;
  offset: number;
  /** Writes the data (the workflow's bytes, or the filler chunk by chunk). */
  data(): Iterable<Uint8Array>;
}

const fillerCrcs = new Map<number, number>();

/**
 * A .yxzp of exactly `totalBytes` bytes holding `workflowName` (the workflow's XML, `workflow`)
 * and a filler entry that makes up the size. When `totalBytes` is smaller than the package with
 * an empty filler, that smallest package is produced instead.
 */
export function packageOfSize(
  workflowName: string,
  workflow: Uint8Array,
  totalBytes: number,
): PackageStream {
  const workflowEntry = { name: Buffer.from(workflowName, "utf8"), size: workflow.length };
  const fillerName = Buffer.from(FILLER_NAME, "utf8");
  const overhead =
    END_RECORD +
    2 * (LOCAL_HEADER + CENTRAL_HEADER) +
    2 * (workflowEntry.name.length + fillerName.length);
  const fillerSize = Math.max(0, totalBytes - overhead - workflow.length);
  const entries: Entry[] = [
    { ...workflowEntry, crc: crc32(workflow), offset: 0, data: () => [workflow] },
    {
      name: fillerName,
      size: fillerSize,
      crc: fillerCrc(fillerSize),
      offset: LOCAL_HEADER + workflowEntry.name.length + workflow.length,
      data: () => filler(fillerSize),
    },
  ];
  const centralOffset =
    LOCAL_HEADER * 2 + workflowEntry.name.length + fillerName.length + workflow.length + fillerSize;
  const length = overhead + workflow.length + fillerSize;
  return {
    length,
    stream: () => Readable.from(zipChunks(entries, centralOffset), { objectMode: false }),
  };
}

function* zipChunks(entries: readonly Entry[], centralOffset: number): Generator<Uint8Array> {
  for (const entry of entries) {
    yield localHeader(entry);
    yield* entry.data();
  }
  let centralSize = 0;
  for (const entry of entries) {
    const header = centralHeader(entry);
    centralSize += header.length;
    yield header;
  }
  yield endRecord(entries.length, centralSize, centralOffset);
}

function* filler(size: number): Generator<Uint8Array> {
  // The same zeroed chunk is yielded again and again: it is never written to, so a write still
  // queued on the socket keeps its bytes.
  for (let left = size; left > 0; left -= CHUNK.length) {
    yield left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
  }
}

function fillerCrc(size: number): number {
  let crc = fillerCrcs.get(size);
  if (crc === undefined) {
    crc = 0;
    for (const chunk of filler(size)) crc = crc32(chunk, crc);
    fillerCrcs.set(size, crc);
  }
  return crc;
}

function localHeader(entry: Entry): Buffer {
  const header = Buffer.alloc(LOCAL_HEADER + entry.name.length);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(10, 4); // version needed: 1.0 (stored)
  header.writeUInt16LE(UTF8_FLAG, 6);
  header.writeUInt16LE(0, 8); // method: stored
  header.writeUInt16LE(DOS_TIME, 10);
  header.writeUInt16LE(DOS_DATE, 12);
  header.writeUInt32LE(entry.crc, 14);
  header.writeUInt32LE(entry.size, 18);
  header.writeUInt32LE(entry.size, 22);
  header.writeUInt16LE(entry.name.length, 26);
  header.writeUInt16LE(0, 28); // extra field length
  entry.name.copy(header, LOCAL_HEADER);
  return header;
}

function centralHeader(entry: Entry): Buffer {
  const header = Buffer.alloc(CENTRAL_HEADER + entry.name.length);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
  header.writeUInt16LE(10, 6);
  header.writeUInt16LE(UTF8_FLAG, 8);
  header.writeUInt16LE(0, 10);
  header.writeUInt16LE(DOS_TIME, 12);
  header.writeUInt16LE(DOS_DATE, 14);
  header.writeUInt32LE(entry.crc, 16);
  header.writeUInt32LE(entry.size, 20);
  header.writeUInt32LE(entry.size, 24);
  header.writeUInt16LE(entry.name.length, 28);
  // extra, comment, disk number, internal and external attributes stay 0
  header.writeUInt32LE(entry.offset, 42);
  entry.name.copy(header, CENTRAL_HEADER);
  return header;
}

function endRecord(count: number, centralSize: number, centralOffset: number): Buffer {
  const record = Buffer.alloc(END_RECORD);
  record.writeUInt32LE(0x06054b50, 0);
  record.writeUInt16LE(count, 8); // entries on this disk
  record.writeUInt16LE(count, 10); // entries in total
  record.writeUInt32LE(centralSize, 12);
  record.writeUInt32LE(centralOffset, 16);
  return record;
}
