/** The embedded mock Gallery used when nothing is configured, so every command can be tried. */
import type { MockGallery } from "@alteryx-admin/mock-gallery";
import type { Target } from "./config/resolve.js";

/** A running embedded mock and the target pointing at it. */
export interface Embedded {
  mock: MockGallery;
  target: Target;
}

/**
 * Starts an in-process mock Gallery on 127.0.0.1 with random credentials. The module is
 * imported lazily: it carries Prism, which runs against a real server never need.
 */
export async function startEmbedded(seed: number, label: string): Promise<Embedded> {
  const { startMockGallery } = await import("@alteryx-admin/mock-gallery");
  const mock = await startMockGallery({ seed });
  return {
    mock,
    target: {
      url: mock.url,
      key: mock.credentials.consumerKey,
      secret: mock.credentials.consumerSecret,
      source: label,
    },
  };
}
