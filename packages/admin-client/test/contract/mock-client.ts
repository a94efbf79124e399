/** Clients on the global mock Gallery of the contract tests (see test/global-setup.ts). */
import { inject } from "vitest";
import {
  type AdminClient,
  type AdminClientOptions,
  createAdminClient,
  type Placement,
} from "../../src/index.js";

/** Both placements: every operation is checked with each. */
export const PLACEMENTS: readonly Placement[] = ["header", "query"];

/** A client on the global mock. */
export function mockClient(options: Partial<AdminClientOptions> = {}): AdminClient {
  const { url, consumerKey, consumerSecret } = inject("mockGallery");
  return createAdminClient({ baseUrl: url, consumerKey, consumerSecret, ...options });
}

/** A 24-hex ObjectId. */
export const OBJECT_ID = /^[0-9a-f]{24}$/;

/** Bytes that the mock accepts as a package (a zip starts with "PK\x03\x04"). */
export function fakePackage(seed: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(2048);
  bytes.set([0x50, 0x4b, 0x03, 0x04]);
  for (let i = 4; i < bytes.length; i++) bytes[i] = (i * 31 + seed * 7) % 256;
  return bytes;
}
