/** The embedded mock Gallery used when nothing is configured, so every command can be tried. */
import type { Target } from "./config/resolve.js";

/** The part of @alteryx-admin/mock-gallery's MockGallery the CLI uses. */
interface RunningMock {
  url: string;
  credentials: { consumerKey: string; consumerSecret: string };
  close(): Promise<void>;
}

/** A running embedded mock and the target pointing at it. */
export interface Embedded {
  mock: RunningMock;
  target: Target;
}

/**
 * Starts an in-process mock Gallery on 127.0.0.1 with random credentials. The module is
 * imported lazily: it carries Prism, which runs against a real server never need.
 */
export async function startEmbedded(seed: number, label: string): Promise<Embedded> {
  const specifier = "@alteryx-admin/mock-gallery";
  const { startMockGallery } = (await import(specifier)) as {
    startMockGallery: (options: { seed: number }) => Promise<RunningMock>;
  };
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
