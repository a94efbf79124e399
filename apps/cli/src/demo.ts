/**
 * The demo Gallery of --demo: the mock Gallery package, an optional dependency, started in this
 * process on 127.0.0.1 with random credentials. It is imported only here, so a CLI installed
 * without it runs against real Galleries and explains how to add it when --demo asks for it.
 */
import type { MockGallery } from "@alteryx-admin/mock-gallery";
import type { Target } from "./config/resolve.js";
import { UsageError } from "./errors.js";

/** The package --demo needs. */
const MOCK_PACKAGE = "@alteryx-admin/mock-gallery";

/** A running demo Gallery and the target pointing at it. */
export interface DemoGallery {
  mock: MockGallery;
  target: Target;
}

/** Says how to install the mock when it is missing; any other import failure is rethrown. */
async function importMock(): Promise<typeof import("@alteryx-admin/mock-gallery")> {
  try {
    return await import(MOCK_PACKAGE);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === "ERR_MODULE_NOT_FOUND" && message.includes(MOCK_PACKAGE)) {
      throw new UsageError(
        `--demo needs the optional package ${MOCK_PACKAGE}, which is not installed: run \`npm install -g ${MOCK_PACKAGE}\` (or add it next to alteryx-admin in your project)`,
      );
    }
    throw error;
  }
}

/** Starts a demo Gallery with the dataset of `seed`. */
export async function startDemoGallery(seed: number, label: string): Promise<DemoGallery> {
  const { startMockGallery } = await importMock();
  // No Prism: request validation is for contract tests; the demo wants a quick first run.
  const mock = await startMockGallery({ seed, validation: false });
  // A mock that offers /webapi is named by its root, as a current server is configured.
  const webapiUrl = mock.webapiUrl;
  return {
    mock,
    target: {
      url: webapiUrl ? webapiUrl.replace(/\/webapi\/?$/, "") : mock.url,
      auth: "auto",
      key: mock.credentials.consumerKey,
      secret: mock.credentials.consumerSecret,
      source: label,
      label,
      origins: { url: "--demo", key: "--demo", secret: "--demo" },
    },
  };
}
