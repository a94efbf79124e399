/**
 * Validation of {@link TokenSourceOptions}: every mistake that would otherwise surface later as
 * an obscure failure (a misspelt option silently ignored, a pasted newline in the secret, a
 * relative or plain-http token URL) is reported here, at construction, with what to fix.
 * Messages never contain the secret.
 */
import leven, { closestMatch } from "leven";
import { redactedView, Secret } from "./secret.js";
import type { ClientAuth, TokenSourceOptions } from "./types.js";

/** Every key of {@link TokenSourceOptions}: anything else is a typo that would be ignored. */
const OPTION_NAMES: readonly (keyof TokenSourceOptions)[] = [
  "tokenUrl",
  "clientId",
  "clientSecret",
  "clientAuth",
  "refreshSkewSeconds",
  "fetch",
  "dispatcher",
  "allowInsecureHttp",
];
/** Names people bring from OAuth1 code or from RFC 6749's wire format. */
const ALIASES: Readonly<Record<string, keyof TokenSourceOptions>> = {
  consumerkey: "clientId",
  consumersecret: "clientSecret",
  apikey: "clientId",
  apisecret: "clientSecret",
  client_id: "clientId",
  client_secret: "clientSecret",
  token_url: "tokenUrl",
  tokenendpoint: "tokenUrl",
  token_endpoint: "tokenUrl",
};
const CLIENT_AUTHS: readonly ClientAuth[] = ["basic", "post"];
const DEFAULT_SKEW_SECONDS = 60;

/** Options after validation; the secret boxed so that logging this object shows none. @internal */
export interface NormalizedOptions {
  /** The token URL as given (query kept), for the request. */
  readonly tokenUrl: URL;
  /** Origin and path of the token URL: what messages show. */
  readonly tokenUrlForDisplay: string;
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly clientAuth: ClientAuth;
  readonly refreshSkewSeconds: number;
  readonly fetch: TokenSourceOptions["fetch"];
  readonly dispatcher: object | undefined;
  /** True when the token URL is http: (loopback, or allowed by `allowInsecureHttp`). */
  readonly insecure: boolean;
}

function describe(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  return value === null ? "null" : typeof value;
}

/**
 * The closest name, compared case-insensitively: the nearest by edit distance when it is a few
 * edits away, otherwise one that contains the value or is contained in it ("refreshSkew").
 */
function closest(value: string, valid: readonly string[]): string | undefined {
  const lower = valid.map((v) => v.toLowerCase());
  const target = value.toLowerCase();
  const maxDistance = Math.max(2, Math.floor(target.length / 3));
  const match = closestMatch(target, lower, { maxDistance });
  if (match !== undefined && leven(target, match) <= maxDistance)
    return valid[lower.indexOf(match)];
  if (target.length < 4) return undefined;
  const index = lower.findIndex((name) => name.includes(target) || target.includes(name));
  return index === -1 ? undefined : valid[index];
}

function checkOptionNames(options: object): void {
  for (const [name, value] of Object.entries(options)) {
    if ((OPTION_NAMES as readonly string[]).includes(name) || value === undefined) continue;
    const hint = ALIASES[name.toLowerCase()] ?? closest(name, OPTION_NAMES);
    throw new TypeError(
      `Unknown option ${describe(name)}${hint === undefined ? "" : ` (did you mean "${hint}"?)`}: the options are ${OPTION_NAMES.join(", ")}`,
    );
  }
}

/** True for a string with an unpaired UTF-16 surrogate, which has no UTF-8 form to send. */
function hasLoneSurrogate(value: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

const CREDENTIAL_HINTS = {
  clientId: "the API Access Key (My Profile > Keys on the server)",
  clientSecret: "the API Access Secret shown next to the key (My Profile > Keys on the server)",
} as const;

function checkCredential(name: "clientId" | "clientSecret", value: unknown): string {
  const shown = name === "clientId";
  if (value === undefined || value === "") {
    throw new TypeError(
      `${name} is ${value === "" ? "empty" : "missing"}: pass ${CREDENTIAL_HINTS[name]}`,
    );
  }
  if (typeof value !== "string") {
    throw new TypeError(`${name} must be a string, got ${describe(value)}`);
  }
  if (value !== value.trim()) {
    throw new TypeError(
      `${name} has leading or trailing whitespace (often a pasted newline or space); remove it${shown ? ` from ${describe(value)}` : ""}`,
    );
  }
  if (hasLoneSurrogate(value)) {
    throw new TypeError(
      `${name} contains a lone UTF-16 surrogate, which has no UTF-8 form and cannot be sent; copy the value again`,
    );
  }
  return value;
}

/** Loopback hosts, where plain http never leaves the machine. */
function isLoopback(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname.endsWith(".localhost") ||
    hostname === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

const TOKEN_URL_EXAMPLE = "https://<host>/webapi/oauth2/token";

function checkTokenUrl(value: unknown, allowInsecureHttp: boolean): URL {
  if (value === undefined || value === "") {
    throw new TypeError(`tokenUrl is required: the server's token endpoint, ${TOKEN_URL_EXAMPLE}`);
  }
  if (typeof value !== "string" && !(value instanceof URL)) {
    throw new TypeError(`tokenUrl must be a string or a URL, got ${describe(value)}`);
  }
  const text = String(value);
  if (!URL.canParse(text)) {
    throw new TypeError(
      `tokenUrl ${describe(text)} is not an absolute URL: pass the full URL including scheme and host, ${TOKEN_URL_EXAMPLE}`,
    );
  }
  const url = new URL(text);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(
      `tokenUrl must be an https: URL (${TOKEN_URL_EXAMPLE}), got ${describe(url.protocol)}`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    // Not echoed: the part before "@" may be the secret.
    throw new TypeError(
      "tokenUrl must not contain a user name or password (user:pass@host): pass clientId and clientSecret instead",
    );
  }
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopback(url.hostname)) {
    throw new TypeError(
      `tokenUrl ${describe(`${url.origin}${url.pathname}`)} is plain http: the API secret and the token would cross the network unencrypted. Use https://, or set allowInsecureHttp: true for a server without TLS on a network you trust`,
    );
  }
  url.hash = "";
  return url;
}

function checkSkew(value: unknown): number {
  if (value === undefined) return DEFAULT_SKEW_SECONDS;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new TypeError(
      `refreshSkewSeconds must be a finite number of seconds, 0 or more (default ${DEFAULT_SKEW_SECONDS}), got ${typeof value === "number" ? value : describe(value)}`,
    );
  }
  return value;
}

function checkClientAuth(value: unknown): ClientAuth {
  if (value === undefined) return "basic";
  if (typeof value === "string" && (CLIENT_AUTHS as readonly string[]).includes(value)) {
    return value as ClientAuth;
  }
  const hint = typeof value === "string" ? closest(value, CLIENT_AUTHS) : undefined;
  throw new TypeError(
    `clientAuth must be "basic" or "post", got ${describe(value)}: "basic" is HTTP Basic (the default), "post" sends client_id and client_secret form fields${hint === undefined ? "" : ` (did you mean "${hint}"?)`}`,
  );
}

function checkOptional(
  name: string,
  value: unknown,
  kind: "function" | "object" | "boolean",
): void {
  if (value === undefined) return;
  const ok =
    kind === "object" ? typeof value === "object" && value !== null : typeof value === kind;
  if (!ok)
    throw new TypeError(
      `${name} must be ${kind === "object" ? "an object" : `a ${kind}`}, got ${describe(value)}`,
    );
}

/**
 * Validates token source options and returns them normalized, or throws a TypeError that says
 * what to fix. The result shows no secret when logged or serialized.
 * @internal
 */
export function normalizeOptions(options: TokenSourceOptions): NormalizedOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`Token source options are required: { tokenUrl, clientId, clientSecret }`);
  }
  checkOptionNames(options);
  checkOptional("allowInsecureHttp", options.allowInsecureHttp, "boolean");
  checkOptional("fetch", options.fetch, "function");
  checkOptional("dispatcher", options.dispatcher, "object");
  const tokenUrl = checkTokenUrl(options.tokenUrl, options.allowInsecureHttp === true);
  const clientId = checkCredential("clientId", options.clientId);
  const clientSecret = new Secret(checkCredential("clientSecret", options.clientSecret));
  const clientAuth = checkClientAuth(options.clientAuth);
  const refreshSkewSeconds = checkSkew(options.refreshSkewSeconds);
  const tokenUrlForDisplay = `${tokenUrl.origin}${tokenUrl.pathname}`;
  const normalized: NormalizedOptions = {
    tokenUrl,
    tokenUrlForDisplay,
    clientId,
    clientSecret,
    clientAuth,
    refreshSkewSeconds,
    fetch: options.fetch,
    dispatcher: options.dispatcher,
    insecure: tokenUrl.protocol === "http:",
  };
  return Object.freeze(redactedView(normalized, "TokenSourceOptions", publicView(normalized)));
}

/** What a token source and its options show when logged: everything but the secret. @internal */
export function publicView(options: NormalizedOptions): object {
  return {
    tokenUrl: options.tokenUrlForDisplay,
    clientId: options.clientId,
    clientSecret: "[redacted]",
    clientAuth: options.clientAuth,
    refreshSkewSeconds: options.refreshSkewSeconds,
  };
}
