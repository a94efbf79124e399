/**
 * @alteryx-admin/mock-gallery: a mock Alteryx Gallery (Admin API v1) that verifies OAuth1
 * signatures like the server, explains bad ones, and validates every exchange with Prism.
 *
 * @packageDocumentation
 */
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FaultState, type Faults } from "./faults.js";
import { type Backend, createFrontServer, type RequestLogEntry } from "./front-server.js";
import { createDataset } from "./gallery/dataset.js";
import { MAX_PACKAGE_BYTES } from "./gallery/package-stream.js";
import { createGallery } from "./gallery/routes.js";
import { ADMIN_V1_BASE, startGalleryServer } from "./gallery/server.js";
import { createVerifier } from "./oauth/verifier.js";

export type { Faults } from "./faults.js";
export type { RequestLogEntry } from "./front-server.js";
export { DATASET_SIZES, KNOWN_CURATOR, REFERENCE_DATE } from "./gallery/dataset.js";
export { MISTAKES, type Mistake } from "./oauth/diagnose.js";
export { INVALID_SIGNATURE } from "./oauth/verifier.js";

/** Options of {@link startMockGallery}; every one is optional. */
export interface MockGalleryOptions {
  /** Port to listen on (default 0: a free port). */
  port?: number;
  /** Interface to listen on (default "127.0.0.1"). */
  host?: string;
  /** The API key clients must sign with (random per start when omitted). */
  consumerKey?: string;
  /** The API secret (random per start when omitted). */
  consumerSecret?: string;
  /** Seed of the generated dataset (default 1): same seed, same data. */
  seed?: number;
  /** Answer from the spec's examples through Prism, without the in-memory Gallery. */
  static?: boolean;
  /**
   * Validate every request and response with Prism (default true). `false` sends verified
   * requests straight to the in-memory Gallery (same checks and answers, no validation) and
   * never loads Prism: a quicker start for demos. Not with `static`.
   */
  validation?: boolean;
  /**
   * Size in bytes of every seeded workflow's package download (a valid .yxzp with a filler
   * entry), generated while it is sent, up to 4 GiB - 1. Such downloads bypass Prism.
   */
  packageBytes?: number;
  /** Public address clients sign against (a Gallery behind a load balancer). */
  publicBaseUrl?: string;
  /** Accepted clock skew of oauth_timestamp in seconds (default 300). */
  timestampWindowSeconds?: number;
  /** Prefix JSON bodies with a UTF-8 BOM, like some real servers. */
  bom?: boolean;
  /**
   * Receives one line per request and per diagnosis; never secrets. Without it, setting the
   * MOCK_GALLERY_DEBUG environment variable prints those lines to stderr.
   */
  logger?: (line: string) => void;
}

/** A running mock Gallery. */
export interface MockGallery {
  /** The Admin v1 base URL, e.g. http://127.0.0.1:50123/gallery/api/admin/v1 (no trailing slash). */
  url: string;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** The key and secret the mock accepts. */
  credentials: { consumerKey: string; consumerSecret: string };
  /** Fault injection for client tests. */
  faults: Faults;
  /** Every request seen (newest last, at most 10 000), with its status and oauth_nonce. */
  requests: ReadonlyArray<RequestLogEntry>;
  /** Stops every server of the mock. */
  close(): Promise<void>;
}

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
  const credentials = redactedInInspect({
    consumerKey: options.consumerKey ?? randomBytes(12).toString("hex"),
    consumerSecret: options.consumerSecret ?? randomBytes(24).toString("base64url"),
  });
  // MOCK_GALLERY_DEBUG=1 prints the request and diagnosis lines of every mock (e.g. in CI).
  const logger =
    options.logger ??
    (process.env.MOCK_GALLERY_DEBUG
      ? (line: string) => process.stderr.write(`[mock-gallery] ${line}\n`)
      : undefined);
  const closers: Array<() => Promise<void>> = [];
  try {
    const backend = await startBackend(options, logger, closers);
    const verifier = createVerifier({
      ...credentials,
      timestampWindowSeconds: options.timestampWindowSeconds ?? 300,
      ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}),
    });
    const faults = new FaultState();
    const log: RequestLogEntry[] = [];
    const { server } = createFrontServer({
      ...backend,
      verifier,
      faults,
      bom: options.bom ?? false,
      log,
      logger,
    });
    const port = options.port ?? 0;
    const host = options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      const failed = (error: NodeJS.ErrnoException) => reject(listenError(error, host, port));
      server.once("error", failed);
      server.listen(port, host, () => {
        server.off("error", failed);
        resolve();
      });
    });
    closers.unshift(() => closeServer(server));
    const address = server.address() as AddressInfo;
    const hostName = address.family === "IPv6" ? `[${address.address}]` : address.address;
    const origin = `http://${hostName}:${address.port}`;
    let closed: Promise<void> | undefined;
    return {
      url: `${origin}${ADMIN_V1_BASE}`,
      origin,
      credentials,
      faults,
      requests: log,
      close() {
        closed ??= closeAll(closers);
        return closed;
      },
    };
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}

/**
 * Starts what sits behind the front server: Prism (unless validation is off) in front of the
 * in-memory Gallery (unless static). Prism is imported only here: loading it is most of the
 * mock's start-up time, which `validation: false` saves.
 */
async function startBackend(
  options: MockGalleryOptions,
  logger: ((line: string) => void) | undefined,
  closers: Array<() => Promise<void>>,
): Promise<Backend> {
  const gallery = options.static
    ? undefined
    : createGallery(createDataset(options.seed ?? 1), { packageBytes: options.packageBytes });
  if (options.validation === false && gallery) return { gallery };
  let upstream: string | undefined;
  if (gallery) {
    const internal = await startGalleryServer(gallery);
    closers.push(() => closeServer(internal.server));
    upstream = `${internal.origin}${ADMIN_V1_BASE}`;
  }
  const { startPrism } = await import("./prism.js");
  const prism = await startPrism(logger ? { upstream, logger } : { upstream });
  closers.push(() => prism.close());
  return gallery ? { prismOrigin: prism.origin, gallery } : { prismOrigin: prism.origin };
}

/**
 * Tests read `credentials.consumerSecret` directly, but `console.log(gallery)` or a failing
 * assertion must not print it: non-enumerable hooks (not copied by spreads) hide it from
 * util.inspect and from toJSON users (JSON.stringify, and pretty-format in vitest's diffs).
 */
function redactedInInspect<T extends { consumerKey: string; consumerSecret: string }>(
  credentials: T,
): T {
  const redacted = () => ({ consumerKey: credentials.consumerKey, consumerSecret: "[redacted]" });
  Object.defineProperty(credentials, Symbol.for("nodejs.util.inspect.custom"), {
    enumerable: false,
    value: redacted,
  });
  Object.defineProperty(credentials, "toJSON", { enumerable: false, value: redacted });
  return credentials;
}

/** Turns a listen failure into a message that says what to change. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  switch (error.code) {
    case "EADDRINUSE":
      return new Error(
        `startMockGallery: ${where} is already in use; choose another port, or port 0 for a free one`,
        { cause: error },
      );
    case "EACCES":
      return new Error(
        `startMockGallery: no permission to listen on ${where}; use a port above 1023, or port 0`,
        { cause: error },
      );
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new Error(
        `startMockGallery: host "${host}" is not an address of this machine; use 127.0.0.1 (the default), ::1, or 0.0.0.0 for every interface`,
        { cause: error },
      );
    default:
      return new Error(`startMockGallery: cannot listen on ${where}: ${error.message}`, {
        cause: error,
      });
  }
}

async function closeAll(closers: Array<() => Promise<void>>): Promise<void> {
  for (const close of closers) await close().catch(() => undefined);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function validateOptions(options: MockGalleryOptions): void {
  const known = new Set([
    "port",
    "host",
    "consumerKey",
    "consumerSecret",
    "seed",
    "static",
    "validation",
    "packageBytes",
    "publicBaseUrl",
    "timestampWindowSeconds",
    "bom",
    "logger",
  ]);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new TypeError(
        `startMockGallery: unknown option "${key}" (known: ${[...known].join(", ")})`,
      );
    }
  }
  if (
    options.port !== undefined &&
    (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
  ) {
    throw new RangeError(`startMockGallery: port must be an integer 0-65535, not ${options.port}`);
  }
  if (options.validation !== undefined && typeof options.validation !== "boolean") {
    throw new TypeError(
      `startMockGallery: validation must be true or false, not ${options.validation}`,
    );
  }
  if (options.static && options.validation === false) {
    throw new TypeError(
      "startMockGallery: static answers from the spec's examples through Prism, so it needs validation; drop validation: false or static",
    );
  }
  if (
    options.packageBytes !== undefined &&
    (!Number.isInteger(options.packageBytes) ||
      options.packageBytes < 0 ||
      options.packageBytes > MAX_PACKAGE_BYTES)
  ) {
    throw new RangeError(
      `startMockGallery: packageBytes must be an integer 0-${MAX_PACKAGE_BYTES} (a zip without ZIP64 stays under 4 GiB), not ${options.packageBytes}`,
    );
  }
  if (options.static && options.packageBytes !== undefined) {
    throw new TypeError(
      "startMockGallery: packageBytes sizes the in-memory Gallery's packages, which static mode does not use; drop one of them",
    );
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    throw new RangeError(`startMockGallery: seed must be an integer, not ${options.seed}`);
  }
  if (
    options.timestampWindowSeconds !== undefined &&
    (!Number.isFinite(options.timestampWindowSeconds) || options.timestampWindowSeconds <= 0)
  ) {
    throw new RangeError("startMockGallery: timestampWindowSeconds must be a number > 0");
  }
  if (options.consumerKey === "")
    throw new TypeError("startMockGallery: consumerKey must not be empty");
  if (options.consumerSecret === "")
    throw new TypeError("startMockGallery: consumerSecret must not be empty");
}
