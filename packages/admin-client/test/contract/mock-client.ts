/** Clients on the global mock Gallery of the contract tests (see test/global-setup.ts). */
import { inject } from "vitest";
import {
  type AdminClient,
  type AdminClientOptions,
  createAdminClient,
  type Placement,
} from "../../src/index.js";

/** How a contract test authenticates: OAuth1 in either placement, or OAuth2 bearer tokens. */
export type Scheme = "OAuth1 header" | "OAuth1 query" | "OAuth2 bearer";
/** The three schemes every Admin v1 operation is checked with. */
export const SCHEMES: readonly Scheme[] = ["OAuth1 header", "OAuth1 query", "OAuth2 bearer"];

/**
 * A client on the global mock: OAuth1 at `/gallery/api/admin/v1` (header placement unless
 * `options` says otherwise), or with `scheme` "OAuth2 bearer" at `/webapi/admin/v1`.
 */
export function mockClient(
  options: Partial<AdminClientOptions> = {},
  scheme: Scheme = "OAuth1 header",
): AdminClient {
  const { url, webapiUrl, consumerKey, consumerSecret } = inject("mockGallery");
  if (scheme === "OAuth2 bearer") {
    return createAdminClient({
      baseUrl: `${webapiUrl}/admin/v1`,
      consumerKey,
      consumerSecret,
      ...options,
    });
  }
  const placement: Placement = scheme === "OAuth1 query" ? "query" : "header";
  return createAdminClient({ baseUrl: url, consumerKey, consumerSecret, placement, ...options });
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
