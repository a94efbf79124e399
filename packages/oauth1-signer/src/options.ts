/**
 * Validation of {@link SignerOptions}: every mistake that would otherwise become "The provided
 * signature is invalid." on the server is reported here, at construction, with what to fix.
 * Messages never contain a secret.
 */
import { encodeLabelled } from "./percent-encode.js";
import { redactedView, Secret } from "./secret.js";
import type { SignatureMethod, SignerOptions } from "./types.js";

/** The methods accepted by `signatureMethod`. */
export const SIGNATURE_METHODS: readonly SignatureMethod[] = [
  "HMAC-SHA1",
  "HMAC-SHA256",
  "HMAC-SHA512",
  "PLAINTEXT",
  "RSA-SHA1",
];
const PLACEMENTS = ["header", "query"] as const;
/** Every key of {@link SignerOptions}: anything else is a typo that would be silently ignored. */
const OPTION_NAMES: readonly (keyof SignerOptions)[] = [
  "consumerKey",
  "consumerSecret",
  "token",
  "tokenSecret",
  "signatureMethod",
  "privateKey",
  "placement",
  "realm",
  "nonce",
  "timestamp",
  "clockOffsetSeconds",
  "version",
  "crypto",
];
const CRYPTO_MODES = ["auto", "webcrypto", "node"] as const;

/** Options after validation; secrets boxed so that logging this object shows none. @internal */
export interface NormalizedOptions {
  readonly consumerKey: string;
  readonly consumerSecret: Secret;
  readonly token: string | undefined;
  readonly tokenSecret: Secret;
  readonly signatureMethod: SignatureMethod;
  readonly privateKey: Secret | undefined;
  readonly placement: "header" | "query";
  readonly realm: string | undefined;
  readonly nonce: (() => string) | undefined;
  readonly timestamp: (() => number) | undefined;
  readonly clockOffsetSeconds: number;
  readonly version: boolean;
  readonly crypto: "auto" | "webcrypto" | "node";
}

/**
 * Levenshtein distance, for "did you mean" hints on short option values. Written here on
 * purpose: the signer has no runtime dependencies (the client uses the `leven` package).
 */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(
        current + 1,
        (row[j - 1] as number) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length] as number;
}

/**
 * The closest valid value, compared case-insensitively and ignoring `-`/`_`/space: the nearest
 * by edit distance when it is a few edits away, otherwise the first one that contains (or is
 * contained in) the value ("sha256" for "HMAC-SHA256", "web" for "webcrypto").
 */
function closest(value: string, valid: readonly string[]): string | undefined {
  const simplify = (s: string) => s.toLowerCase().replace(/[-_\s]/g, "");
  const target = simplify(value);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of valid) {
    const d = distance(target, simplify(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Beyond a few edits the nearest value would be noise.
  if (best !== undefined && bestDistance <= Math.max(2, Math.floor(target.length / 3))) {
    return best;
  }
  if (target.length < 3) return undefined;
  return valid.find((candidate) => {
    const simple = simplify(candidate);
    return simple.includes(target) || target.includes(simple);
  });
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : typeof value;
}

function oneOf<T extends string>(
  name: string,
  value: unknown,
  valid: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (valid as readonly string[]).includes(value)) return value as T;
  const hint = typeof value === "string" ? closest(value, valid) : undefined;
  throw new TypeError(
    `Invalid ${name} ${describe(value)}: use one of ${valid.map((v) => `"${v}"`).join(", ")}${hint === undefined ? "" : ` (did you mean "${hint}"?)`}`,
  );
}

function checkString(name: string, value: unknown, secret: boolean): string {
  if (typeof value !== "string") {
    throw new TypeError(`${name} must be a string, got ${value === null ? "null" : typeof value}`);
  }
  if (value !== value.trim()) {
    // A newline or space pasted after a secret is mistake 8 in admin-api-v1.md.
    throw new TypeError(
      `${name} has leading or trailing whitespace (often a pasted newline or space); remove the leading/trailing whitespace${secret ? "" : ` from ${describe(value)}`}`,
    );
  }
  // Fail now, not on the first request, for strings that cannot be percent-encoded.
  encodeLabelled(value, name);
  return value;
}

const PEM_PKCS8 =
  /^-----BEGIN PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PRIVATE KEY-----\r?\n?$/;

function checkPrivateKey(value: unknown): Secret {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(
      'signatureMethod "RSA-SHA1" needs privateKey: a PKCS#8 PEM string starting with "-----BEGIN PRIVATE KEY-----"',
    );
  }
  const pem = value.trim();
  if (/-----BEGIN RSA PRIVATE KEY-----/.test(pem)) {
    throw new TypeError(
      'privateKey is a PKCS#1 key ("BEGIN RSA PRIVATE KEY"); convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem`',
    );
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem)) {
    throw new TypeError(
      "privateKey is encrypted; decrypt it first (`openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem`)",
    );
  }
  if (!PEM_PKCS8.test(`${pem}\n`)) {
    throw new TypeError(
      'privateKey must be a PKCS#8 PEM string: "-----BEGIN PRIVATE KEY-----", base64 lines, "-----END PRIVATE KEY-----"',
    );
  }
  return new Secret(pem);
}

/** The realm goes into a quoted header value as is: printable ASCII without `"` or `\\`. */
function hasQuoteOrControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) return true;
  }
  return false;
}

/**
 * Rejects unknown option names (`placment: "query"`, `consumer_key`, `signature_method`), which
 * would otherwise be ignored and give a signer that silently does something else. Keys set to
 * `undefined` are let through. Only the name is shown, never the value.
 */
function checkOptionNames(options: SignerOptions): void {
  for (const name of Object.keys(options)) {
    if ((OPTION_NAMES as readonly string[]).includes(name)) continue;
    if ((options as unknown as Record<string, unknown>)[name] === undefined) continue;
    const hint = closest(name, OPTION_NAMES);
    throw new TypeError(
      `Unknown option ${describe(name)}${hint === undefined ? "" : ` (did you mean "${hint}"?)`}: the options are ${OPTION_NAMES.join(", ")}`,
    );
  }
}

function checkFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== "function") {
    throw new TypeError(`${name} must be a function, got ${typeof value}`);
  }
}

/**
 * Validates signer options and returns them normalized, or throws a TypeError that says what
 * to fix. The result shows no secrets when logged or serialized.
 * @internal
 */
export function normalizeOptions(options: SignerOptions): NormalizedOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      "Signer options are required: { consumerKey, consumerSecret, ...optional settings }",
    );
  }
  checkOptionNames(options);
  const signatureMethod = oneOf(
    "signatureMethod",
    options.signatureMethod,
    SIGNATURE_METHODS,
    "HMAC-SHA1",
  );
  if (options.consumerKey === undefined || options.consumerKey === "") {
    throw new TypeError(
      "consumerKey is empty: pass the API key shown on the Gallery's settings page (Keys / API Access)",
    );
  }
  const consumerKey = checkString("consumerKey", options.consumerKey, false);
  const rsa = signatureMethod === "RSA-SHA1";
  if (options.consumerSecret === undefined && !rsa) {
    throw new TypeError(
      'consumerSecret is missing: pass the API secret shown next to the key (use "" only if your server really has none)',
    );
  }
  const consumerSecret = new Secret(
    options.consumerSecret === undefined
      ? ""
      : checkString("consumerSecret", options.consumerSecret, true),
  );
  const token =
    options.token === undefined || options.token === ""
      ? undefined
      : checkString("token", options.token, false);
  if (options.tokenSecret !== undefined && options.tokenSecret !== "" && token === undefined) {
    throw new TypeError(
      "tokenSecret is set but token is not: pass both (three-legged) or neither (one-legged, as the Alteryx Admin API)",
    );
  }
  const tokenSecret = new Secret(
    options.tokenSecret === undefined ? "" : checkString("tokenSecret", options.tokenSecret, true),
  );
  let privateKey: Secret | undefined;
  if (rsa) privateKey = checkPrivateKey(options.privateKey);
  else if (options.privateKey !== undefined) {
    throw new TypeError(
      `privateKey is only used by signatureMethod "RSA-SHA1" (this signer uses "${signatureMethod}"); remove it or set signatureMethod: "RSA-SHA1"`,
    );
  }
  const placement = oneOf("placement", options.placement, PLACEMENTS, "header");
  let realm: string | undefined;
  if (options.realm !== undefined) {
    realm = checkString("realm", options.realm, false);
    if (hasQuoteOrControl(realm)) {
      throw new TypeError(
        "realm must be printable ASCII without quotes or backslashes (it is sent as is in the Authorization header)",
      );
    }
  }
  checkFunction("nonce", options.nonce);
  checkFunction("timestamp", options.timestamp);
  const clockOffsetSeconds = options.clockOffsetSeconds ?? 0;
  if (typeof clockOffsetSeconds !== "number" || !Number.isFinite(clockOffsetSeconds)) {
    throw new TypeError(
      `clockOffsetSeconds must be a finite number of seconds (server time minus local time), got ${describe(clockOffsetSeconds)}`,
    );
  }
  if (options.version !== undefined && typeof options.version !== "boolean") {
    throw new TypeError(`version must be true or false, got ${describe(options.version)}`);
  }
  const normalized: NormalizedOptions = {
    consumerKey,
    consumerSecret,
    token,
    tokenSecret,
    signatureMethod,
    privateKey,
    placement,
    realm,
    nonce: options.nonce,
    timestamp: options.timestamp,
    clockOffsetSeconds,
    version: options.version ?? true,
    crypto: oneOf("crypto", options.crypto, CRYPTO_MODES, "auto"),
  };
  return Object.freeze(
    redactedView(normalized, "SignerOptions", {
      consumerKey,
      signatureMethod,
      placement,
      ...(token === undefined ? {} : { token }),
      ...(realm === undefined ? {} : { realm }),
      consumerSecret: "[redacted]",
      ...(token === undefined ? {} : { tokenSecret: "[redacted]" }),
    }),
  );
}
