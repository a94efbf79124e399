/**
 * @alteryx-admin/mock-gallery: a mock Alteryx Gallery (Admin API v1) that verifies OAuth1
 * signatures like the server, explains bad ones, and validates every exchange with Prism.
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
export type { MockGalleryOptions } from "./options.js";
export type { MockGallery } from "./start-mock.js";

/**
 * Starts a mock Gallery: OAuth1 verifier -> Prism (request and response validation against
 * the Admin v1 spec, unless `validation: false`) -> in-memory Gallery with a deterministic
 * dataset.
 *
 * @example
 * const gallery = await startMockGallery();
 * // point a client at gallery.url with gallery.credentials ...
 * await gallery.close();
 */
export async function startMockGallery(options: MockGalleryOptions = {}): Promise<MockGallery> {
  validateOptions(options);
  return await startMock(options);
}
