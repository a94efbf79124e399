/**
 * createSigner: where a request is signed. Collects the parameters (query, oauth, form body),
 * builds the base string, signs it and places the result in the header or the query.
 */
import { OAuthParameters, SignedAuthorization } from "./authorization.js";
import {
  checkMethod,
  encodePair,
  normalizeEncoded,
  type SplitUrl,
  splitUrl,
} from "./base-string.js";
import { randomNonce } from "./nonce.js";
import { type NormalizedOptions, normalizeOptions } from "./options.js";
import { encodeLabelled, parseForm, percentEncode } from "./percent-encode.js";
import { redactedView } from "./secret.js";
import {
  createSignFunction,
  isNode,
  NODE_CRYPTO_MISSING,
  type SignFunction,
} from "./signature-methods.js";
import type { Authorization, AuthorizeInput, Signer, SignerOptions } from "./types.js";

const FORM_TYPE = /^\s*application\/x-www-form-urlencoded\s*(;|$)/i;

/** True when a Content-Type means a body that RFC 5849 3.4.1.3.1 signs. @internal */
export function isFormContentType(contentType: string | null | undefined): boolean {
  return typeof contentType === "string" && FORM_TYPE.test(contentType);
}

/**
 * Encoded base string URIs of recent requests: an API client calls the same few endpoints, and
 * encoding the URI is a good part of the work that is not the HMAC itself.
 */
const encodedUris = new Map<string, string>();
const ENCODED_URI_CACHE_SIZE = 256;

function encodeBaseUri(baseUri: string): string {
  let encoded = encodedUris.get(baseUri);
  if (encoded === undefined) {
    encoded = percentEncode(baseUri);
    if (encodedUris.size >= ENCODED_URI_CACHE_SIZE) encodedUris.clear();
    encodedUris.set(baseUri, encoded);
  }
  return encoded;
}

/** What the signature step needs from the steps before it. */
interface Steps {
  split: SplitUrl;
  parameters: Array<[string, string]>;
  normalizedParameters: string;
  baseString: string;
  nonce: string;
  encodedNonce: string;
  timestamp: string;
}

function nowSeconds(): number {
  return Date.now() / 1000;
}

/**
 * Creates a signer for one set of credentials. Options are validated here, and a bad one
 * throws a TypeError that says what to fix (never echoing a secret).
 *
 * @example
 * const signer = createSigner({ consumerKey: "key", consumerSecret: "secret" });
 * const signed = await signer.sign(new Request("https://gallery.example.com/gallery/api/admin/v1/users/"));
 */
export function createSigner(options: SignerOptions): Signer {
  const o: NormalizedOptions = normalizeOptions(options);
  // Outside Node this is known now; on Node a failed import is reported on the first request.
  if (o.crypto === "node" && !isNode()) throw new TypeError(NODE_CRYPTO_MISSING);
  const nonceSource = o.nonce ?? randomNonce;
  const clock = o.timestamp ?? nowSeconds;
  // Encoded once: these are the same for every request.
  const encodedConsumerKey = percentEncode(o.consumerKey);
  const encodedToken = o.token === undefined ? undefined : percentEncode(o.token);
  const realmPrefix = o.realm === undefined ? "OAuth " : `OAuth realm="${o.realm}", `;

  let signFunction: SignFunction | undefined;
  let signFunctionLoading: Promise<SignFunction> | undefined;
  const getSignFunction = (): Promise<SignFunction> => {
    signFunctionLoading ??= createSignFunction(o).then((f) => {
      signFunction = f;
      return f;
    });
    return signFunctionLoading;
  };

  function nextTimestamp(): string {
    const clockValue = clock();
    if (typeof clockValue !== "number" || !Number.isFinite(clockValue)) {
      throw new TypeError(`timestamp() must return a number of seconds, got ${typeof clockValue}`);
    }
    if (o.timestamp !== undefined && clockValue > 1e11) {
      throw new TypeError(
        `timestamp() returned ${clockValue}, which looks like milliseconds; return seconds (Math.floor(Date.now() / 1000))`,
      );
    }
    const seconds = Math.floor(clockValue + o.clockOffsetSeconds);
    if (seconds <= 0) {
      throw new TypeError(
        `The oauth_timestamp would be ${seconds}; it must be positive seconds since the epoch (check timestamp and clockOffsetSeconds)`,
      );
    }
    return String(seconds);
  }

  function nextNonce(): string {
    const nonce = nonceSource();
    if (typeof nonce !== "string" || nonce === "") {
      throw new TypeError("nonce() must return a non-empty string");
    }
    return nonce;
  }

  // Everything about the protocol parameters that does not change between requests, built
  // once: their encoded pairs and the fixed parts of the header and the query.
  const staticEncoded: Array<[string, string]> = [
    ["oauth_consumer_key", encodedConsumerKey],
    ["oauth_signature_method", o.signatureMethod],
  ];
  if (encodedToken !== undefined) staticEncoded.push(["oauth_token", encodedToken]);
  if (o.version) staticEncoded.push(["oauth_version", "1.0"]);
  const tail = (separator: string, quote: string) =>
    `${o.token === undefined ? "" : `${separator}oauth_token=${quote}${encodedToken}${quote}`}${o.version ? `${separator}oauth_version=${quote}1.0${quote}` : ""}`;
  const headerHead = `${realmPrefix}oauth_consumer_key="${encodedConsumerKey}", oauth_nonce="`;
  const headerTail = `", oauth_signature_method="${o.signatureMethod}", oauth_timestamp="`;
  const headerEnd = `"${tail(", ", '"')}`;
  const queryHead = `oauth_consumer_key=${encodedConsumerKey}&oauth_nonce=`;
  const queryTail = `&oauth_signature_method=${o.signatureMethod}&oauth_timestamp=`;
  const queryEnd = tail("&", "");

  /**
   * Signs synchronously when the sign function is (node:crypto, PLAINTEXT), so the common path
   * costs no extra promise hops; otherwise returns a promise.
   */
  function authorizeParts(
    method: string,
    url: string | URL,
    bodyPairs: Array<[string, string]> | null,
  ): Authorization | Promise<Authorization> {
    const upperMethod = checkMethod(method);
    const split = splitUrl(url);
    const parameters: Array<[string, string]> =
      split.query === "" ? [] : parseForm(split.query, "query");
    const encoded: Array<[string, string]> = [];
    for (const pair of parameters) {
      if (pair[0] === "oauth_signature") {
        throw new TypeError(
          "This URL is already signed (its query has oauth_signature); sign the original, unsigned URL",
        );
      }
      encoded.push(encodePair(pair[0], pair[1]));
    }
    if (bodyPairs !== null) {
      for (const pair of bodyPairs) encoded.push(encodePair(pair[0], pair[1]));
    }

    const nonce = nextNonce();
    const timestamp = nextTimestamp();
    const encodedNonce = encodeLabelled(nonce, "The nonce");
    parameters.push(
      ["oauth_consumer_key", o.consumerKey],
      ["oauth_nonce", nonce],
      ["oauth_signature_method", o.signatureMethod],
      ["oauth_timestamp", timestamp],
    );
    if (o.token !== undefined) parameters.push(["oauth_token", o.token]);
    if (o.version) parameters.push(["oauth_version", "1.0"]);
    // RFC 5849 3.4.1.3.1 order: query, protocol parameters, form body.
    if (bodyPairs !== null) for (const pair of bodyPairs) parameters.push(pair);
    for (const pair of staticEncoded) encoded.push(pair);
    encoded.push(["oauth_nonce", encodedNonce], ["oauth_timestamp", timestamp]);

    const [normalizedParameters, encodedParameters] = normalizeEncoded(encoded);
    const baseString = `${upperMethod}&${encodeBaseUri(split.baseUri)}&${encodedParameters}`;
    const steps: Steps = {
      split,
      parameters,
      normalizedParameters,
      baseString,
      nonce,
      encodedNonce,
      timestamp,
    };
    if (signFunction === undefined) {
      return getSignFunction().then(async (sign) => finish(steps, await sign(baseString)));
    }
    const signature = signFunction(baseString);
    return typeof signature === "string"
      ? finish(steps, signature)
      : signature.then((value) => finish(steps, value));
  }

  function finish(steps: Steps, signature: string): Authorization {
    const { split, nonce, encodedNonce, timestamp } = steps;
    // Signatures are base64 (RSA, HMAC) or an encoded key (PLAINTEXT): no `!'()*` in them, so
    // encodeURIComponent is exact here.
    const encodedSignature = encodeURIComponent(signature);

    const oauthParameters = new OAuthParameters();
    oauthParameters.oauth_consumer_key = o.consumerKey;
    oauthParameters.oauth_nonce = nonce;
    oauthParameters.oauth_signature = signature;
    oauthParameters.oauth_signature_method = o.signatureMethod;
    oauthParameters.oauth_timestamp = timestamp;
    if (o.token !== undefined) oauthParameters.oauth_token = o.token;
    if (o.version) oauthParameters.oauth_version = "1.0";
    const header = `${headerHead}${encodedNonce}", oauth_signature="${encodedSignature}${headerTail}${timestamp}${headerEnd}`;
    const query = `${queryHead}${encodedNonce}&oauth_signature=${encodedSignature}${queryTail}${timestamp}${queryEnd}`;
    const base = split.withoutFragment;
    const last = base.charCodeAt(base.length - 1);
    const signedUrl =
      split.query === ""
        ? `${base}${last === 63 /* ? */ ? "" : "?"}${query}`
        : `${base}${last === 38 /* & */ ? "" : "&"}${query}`;

    return new SignedAuthorization(
      oauthParameters,
      signature,
      encodedSignature,
      header,
      signedUrl,
      steps.parameters,
      steps.normalizedParameters,
      split.baseUri,
      steps.baseString,
    );
  }

  function authorize(input: AuthorizeInput): Promise<Authorization> {
    try {
      const result = authorizeInput(input);
      return result instanceof Promise ? result : Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  function authorizeInput(input: AuthorizeInput): Authorization | Promise<Authorization> {
    if (input === null || typeof input !== "object") {
      throw new TypeError("authorize() expects { method, url, body?, contentType? }");
    }
    const { body } = input;
    let bodyPairs: Array<[string, string]> | null = null;
    if (body !== undefined && body !== null) {
      if (typeof body === "string") {
        if (isFormContentType(input.contentType)) bodyPairs = parseForm(body, "form body");
      } else if (body instanceof URLSearchParams) {
        // fetch sends a URLSearchParams body as form data unless told otherwise.
        if (input.contentType == null || isFormContentType(input.contentType)) {
          bodyPairs = [...body];
        }
      } else {
        throw new TypeError(
          "authorize() body must be a string, URLSearchParams or null; other bodies (JSON, multipart, binary) are never signed, so leave them out",
        );
      }
    }
    return authorizeParts(input.method, input.url, bodyPairs);
  }

  async function sign(request: Request): Promise<Request> {
    // Duck-typed: a Request from another realm or fetch implementation is fine too.
    if (
      request === null ||
      typeof request !== "object" ||
      typeof request.url !== "string" ||
      typeof request.method !== "string" ||
      typeof request.clone !== "function"
    ) {
      throw new TypeError("sign() expects a Request; for other clients use authorize()");
    }
    const headers = new Headers(request.headers);
    let formBody: string | null = null;
    let bodyPairs: Array<[string, string]> | null = null;
    if (request.body !== null && isFormContentType(headers.get("content-type"))) {
      // Read a copy: the body is a one-shot stream and must still be sent.
      formBody = await request.clone().text();
      bodyPairs = parseForm(formBody, "form body");
    }
    const authorization = await authorizeParts(request.method, request.url, bodyPairs);
    if (o.placement === "header") headers.set("authorization", authorization.header);
    return rebuildRequest(
      request,
      o.placement === "query" ? authorization.url : request.url,
      headers,
      formBody,
    );
  }

  const signer: Signer = { sign, authorize };
  return Object.freeze(
    redactedView(signer, "Signer", {
      consumerKey: o.consumerKey,
      signatureMethod: o.signatureMethod,
      placement: o.placement,
    }),
  );
}

/**
 * A copy of `request` with another URL and headers, built from explicit init fields rather
 * than `new Request(url, request)`, which would copy the original's signed-over URL and headers.
 */
function rebuildRequest(
  request: Request,
  url: string,
  headers: Headers,
  formBody: string | null,
): Request {
  const init: RequestInit & { duplex?: "half" } = {
    method: request.method,
    headers,
    signal: request.signal,
    redirect: request.redirect,
  };
  if (request.body !== null) {
    if (formBody !== null) init.body = formBody;
    else {
      init.body = request.body;
      init.duplex = "half";
    }
  }
  // The other fields are copied only when they differ from the defaults: each one given costs
  // the Request constructor more work, and a missing one (Deno and Bun lack some) is skipped.
  if (request.credentials !== undefined && request.credentials !== "same-origin") {
    init.credentials = request.credentials;
  }
  if (request.cache !== undefined && request.cache !== "default") init.cache = request.cache;
  if (request.integrity) init.integrity = request.integrity;
  if (request.keepalive) init.keepalive = request.keepalive;
  if (request.mode !== undefined && request.mode !== "cors" && request.mode !== "navigate") {
    init.mode = request.mode;
  }
  if (request.referrer && request.referrer !== "about:client") init.referrer = request.referrer;
  if (request.referrerPolicy) init.referrerPolicy = request.referrerPolicy;
  return new Request(url, init);
}
