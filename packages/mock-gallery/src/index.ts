/**
 * @alteryx-admin/mock-gallery: a mock Alteryx Gallery (Admin API v1) that issues OAuth2 bearer
 * tokens and guards /webapi with them, verifies OAuth1 signatures like the server and explains
 * bad ones, and validates every exchange with Prism.
 *
 * @packageDocumentation
 */
import { type MockGalleryOptions, validateOptions } from "./options.js";
import { type MockGallery, startMock } from "./start-mock.js";

export type { Faults } from "./front/faults.js";
export type { RequestLogEntry } from "./front/front-server.js";
export {
  DATASET_SIZES,
  KNOWN_CURATOR,
  REFERENCE_DATE,
} from "./gallery/dataset/generation.js";
export { MISTAKES, type Mistake } from "./oauth/diagnose.js";
export { INVALID_SIGNATURE } from "./oauth/verifier.js";
export { AUTHORIZATION_DENIED } from "./oauth2/bearer.js";
export type { TokenStats } from "./oauth2/token-endpoint.js";
export type { MockGalleryOptions } from "./options.js";
export type { MockGallery } from "./start-mock.js";

/**
 * Starts a mock Gallery: the token endpoint and the bearer guard of /webapi (OAuth2), the
 * OAuth1 verifier of /gallery/api, as `serverVersion` says -> Prism (request and response
 * validation against the Admin v1 spec, unless `validation: false`) -> in-memory Gallery with
 * a deterministic dataset.
 *
 * @example
 * const gallery = await startMockGallery();
 * // OAuth2: a token from gallery.tokenUrl, then `${gallery.webapiUrl}/admin/v1/...`;
 * // OAuth1: sign requests to gallery.url; both with gallery.credentials ...
 * await gallery.close();
 */
export async function startMockGallery(options: MockGalleryOptions = {}): Promise<MockGallery> {
  validateOptions(options);
  return await startMock(options);
}
