// The options of startMockGallery and their checks: an unknown option or a bad value is refused
// with a message that names it and says what is accepted.
import { MAX_PACKAGE_BYTES } from "./gallery/package-stream.js";
import { serverFeatures } from "./server-version.js";

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
  /**
   * How long a job run through Server API v3 takes from Queued (the first third) through
   * Running to Completed or Error, in ms (default 300; 0 ends it at once).
   */
  jobDurationMs?: number;
  /** Public address clients sign against (a Gallery behind a load balancer). */
  publicBaseUrl?: string;
  /** Accepted clock skew of oauth_timestamp in seconds (default 300). */
  timestampWindowSeconds?: number;
  /**
   * The Alteryx Server release to behave like, "YYYY.N" (default "2021.4"): "2021.3" and older
   * serve OAuth1 at /gallery/api/admin/v1 only, "2021.4" serves OAuth1 and OAuth2 (/webapi), and
   * "2022.1" and later serve OAuth2 only (OAuth1 paths answer 404 with the /webapi URL to use).
   */
  serverVersion?: string;
  /** Lifetime of the bearer tokens, the `expires_in` of the token answer (default 3600 s). */
  tokenLifetimeSeconds?: number;
  /** Prefix JSON bodies with a UTF-8 BOM, like some real servers. */
  bom?: boolean;
  /**
   * Receives one line per request and per diagnosis; never secrets. Without it, setting the
   * MOCK_GALLERY_DEBUG environment variable prints those lines to stderr.
   */
  logger?: (line: string) => void;
}

/** Throws a TypeError or RangeError naming the first bad option. */
export function validateOptions(options: MockGalleryOptions): void {
  const known = new Set([
    "port",
    "host",
    "consumerKey",
    "consumerSecret",
    "seed",
    "static",
    "validation",
    "packageBytes",
    "jobDurationMs",
    "publicBaseUrl",
    "timestampWindowSeconds",
    "serverVersion",
    "tokenLifetimeSeconds",
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
  if (
    options.jobDurationMs !== undefined &&
    (!Number.isInteger(options.jobDurationMs) ||
      options.jobDurationMs < 0 ||
      options.jobDurationMs > 3_600_000)
  ) {
    throw new RangeError(
      `startMockGallery: jobDurationMs must be an integer 0-3600000 (ms from Queued to the end of a job), not ${options.jobDurationMs}`,
    );
  }
  if (options.static && options.jobDurationMs !== undefined) {
    throw new TypeError(
      "startMockGallery: jobDurationMs times the in-memory Gallery's jobs, which static mode does not use; drop one of them",
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
  if (options.serverVersion !== undefined) serverFeatures(options.serverVersion);
  if (
    options.tokenLifetimeSeconds !== undefined &&
    (!Number.isInteger(options.tokenLifetimeSeconds) || options.tokenLifetimeSeconds < 1)
  ) {
    throw new RangeError(
      `startMockGallery: tokenLifetimeSeconds must be a whole number of seconds >= 1 (expires_in is an integer), not ${options.tokenLifetimeSeconds}`,
    );
  }
  if (options.tokenLifetimeSeconds !== undefined && !serverFeatures(options.serverVersion).oauth2) {
    throw new TypeError(
      `startMockGallery: tokenLifetimeSeconds sets the lifetime of OAuth2 tokens, which Server ${options.serverVersion} does not issue (OAuth2 came with 2021.4); drop one of them`,
    );
  }
  if (options.consumerKey === "")
    throw new TypeError("startMockGallery: consumerKey must not be empty");
  if (options.consumerSecret === "")
    throw new TypeError("startMockGallery: consumerSecret must not be empty");
}
