// Starting and stopping a mock: the backend (Prism and/or the in-memory Gallery), the verifier
// and the front server, and closing every one of them again on a failed start or close().
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FaultState, type Faults } from "./front/faults.js";
import { type Backend, createFrontServer, type RequestLogEntry } from "./front/front-server.js";
import { DEFAULT_LIMITS, type FrontLimits } from "./front/limits.js";
import { mountsFor, WEBAPI_BASE } from "./front/mounts.js";
import { createGallery } from "./gallery/create-gallery.js";
import { createDataset } from "./gallery/dataset/create-dataset.js";
import { ADMIN_V1_BASE, startGalleryServer } from "./gallery/gallery-server.js";
import type { DiagnosisLimits } from "./oauth/diagnosis-budget.js";
import { createVerifier } from "./oauth/verifier.js";
import { TOKEN_PATH, type TokenStats } from "./oauth2/token-endpoint.js";
import { DEFAULT_TOKEN_LIFETIME_SECONDS, TokenStore } from "./oauth2/token-store.js";
import type { MockGalleryOptions } from "./options.js";
import { serverFeatures } from "./server-version.js";

/** A running mock Gallery. */
export interface MockGallery {
  /**
   * The OAuth1 Admin v1 base URL, e.g. http://127.0.0.1:50123/gallery/api/admin/v1 (no trailing
   * slash). On a `serverVersion` of 2022.1 or later it stays this URL, where every request is
   * answered 404 with the /webapi URL to use instead (as an old client would meet it).
   */
  url: string;
  /** http://127.0.0.1:<port> */
  origin: string;
  /**
   * `<origin>/webapi`, the base of the OAuth2 APIs: Admin v1 is `${webapiUrl}/admin/v1`. A
   * `serverVersion` before 2021.4 answers 404 there, like such a server.
   */
  webapiUrl: string;
  /** `<origin>/webapi/oauth2/token`, where clients get bearer tokens (client credentials). */
  tokenUrl: string;
  /** The Server release the mock behaves like ("2021.4" unless the option said otherwise). */
  serverVersion: string;
  /** Counts of the token endpoint (tokenRequests, tokensIssued), updated live. */
  stats: Readonly<TokenStats>;
  /** The key and secret the mock accepts: OAuth1 consumer key and secret, OAuth2 client id and secret. */
  credentials: { consumerKey: string; consumerSecret: string };
  /** Fault injection for client tests. */
  faults: Faults;
  /** Every request seen (newest last, at most 10 000), with its status and oauth_nonce. */
  requests: ReadonlyArray<RequestLogEntry>;
  /** Stops every server of the mock. */
  close(): Promise<void>;
}

/** Limits that tests shrink or widen; not public options (the README documents the defaults). */
export interface MockInternals {
  /** Capacity of the nonce replay cache. */
  nonceCapacity?: number;
  /** Limits of the diagnosis of bad signatures. */
  diagnosis?: Partial<DiagnosisLimits>;
  /** The front server's limits (headers, body, timeouts). */
  limits?: Partial<FrontLimits>;
}

/**
 * Starts the mock (options already checked). `internals` shrinks limits for tests; users go
 * through startMockGallery, which has the documented defaults.
 */
export async function startMock(
  options: MockGalleryOptions,
  internals: MockInternals = {},
): Promise<MockGallery> {
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
    const { limits, ...verifierInternals } = internals;
    const verifier = createVerifier({
      ...credentials,
      ...verifierInternals,
      timestampWindowSeconds: options.timestampWindowSeconds ?? 300,
      ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}),
    });
    const faults = new FaultState();
    const log: RequestLogEntry[] = [];
    const features = serverFeatures(options.serverVersion);
    const tokens = features.oauth2
      ? new TokenStore(options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS)
      : undefined;
    const stats: TokenStats = { tokenRequests: 0, tokensIssued: 0 };
    const { server } = createFrontServer({
      ...backend,
      site: {
        features,
        mounts: mountsFor(features),
        verifier,
        tokens,
        publicOrigin: options.publicBaseUrl ? new URL(options.publicBaseUrl).origin : undefined,
      },
      tokenEndpoint: tokens ? { credentials, store: tokens, stats } : undefined,
      faults,
      bom: options.bom ?? false,
      log,
      logger,
      limits: { ...DEFAULT_LIMITS, ...limits },
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
      webapiUrl: `${origin}${WEBAPI_BASE}`,
      tokenUrl: `${origin}${TOKEN_PATH}`,
      serverVersion: features.version,
      stats,
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
    : createGallery(createDataset(options.seed ?? 1), {
        packageBytes: options.packageBytes,
        jobDurationMs: options.jobDurationMs,
      });
  if (options.validation === false && gallery) return { gallery };
  let origin: string | undefined;
  if (gallery) {
    const internal = await startGalleryServer(gallery);
    closers.push(() => closeServer(internal.server));
    origin = internal.origin;
  }
  const { startPrism } = await import("./prism/start-prism.js");
  // One Prism per spec, both proxying to the same in-memory Gallery.
  const start = async (spec: "admin-v1" | "server-v3", base: string) => {
    const upstream = origin === undefined ? undefined : `${origin}${base}`;
    const prism = await startPrism({ spec, upstream, ...(logger ? { logger } : {}) });
    closers.push(() => prism.close());
    return prism.origin;
  };
  const [prismOrigin, v3PrismOrigin] = await Promise.all([
    start("admin-v1", ADMIN_V1_BASE),
    start("server-v3", WEBAPI_BASE),
  ]);
  return gallery ? { prismOrigin, v3PrismOrigin, gallery } : { prismOrigin, v3PrismOrigin };
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
