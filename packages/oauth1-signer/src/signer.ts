/**
 * createSigner: where a request is signed. Collects the parameters (query, oauth, form body),
 * builds the base string, signs it and places the result in the header or the query.
 */
import { checkMethod, encodePair, sortAndJoin, splitUrl } from "./base-string.js";
import { randomNonce } from "./nonce.js";
import { type NormalizedOptions, normalizeOptions } from "./options.js";
import { encodeLabelled, parseForm, percentEncode } from "./percent-encode.js";
import { redactedView } from "./secret.js";
import { createSignFunction, type SignFunction } from "./signature-methods.js";
import type { Authorization, AuthorizeInput, Signer, SignerOptions } from "./types.js";

const FORM_TYPE = /^\s*application\/x-www-form-urlencoded\s*(;|$)/i;

/** True when a Content-Type means a body that RFC 5849 3.4.1.3.1 signs. @internal */
export function isFormContentType(contentType: string | null | undefined): boolean {
  return typeof contentType === "string" && FORM_TYPE.test(contentType);
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

  async function authorizeParts(
    method: string,
    url: string | URL,
    bodyPairs: Array<[string, string]> | null,
  ): Promise<Authorization> {
    const upperMethod = checkMethod(method);
    const split = splitUrl(url);
    const parameters: Array<[string, string]> =
      split.query === "" ? [] : parseForm(split.query, "query");
    for (const pair of parameters) {
      if (pair[0] === "oauth_signature") {
        throw new TypeError(
          "This URL is already signed (its query has oauth_signature); sign the original, unsigned URL",
        );
      }
    }
    const encoded: Array<[string, string]> = [];
    for (const pair of parameters) encoded.push(encodePair(pair[0], pair[1]));
    if (bodyPairs !== null) {
      for (const pair of bodyPairs) {
        parameters.push(pair);
        encoded.push(encodePair(pair[0], pair[1]));
      }
    }

    const nonce = nextNonce();
    const timestamp = nextTimestamp();
    const encodedNonce = encodeLabelled(nonce, "The nonce");
    // The protocol parameters in sorted order; oauth_signature is inserted after oauth_nonce.
    const oauth: Array<[string, string, string]> = [
      ["oauth_consumer_key", o.consumerKey, encodedConsumerKey],
      ["oauth_nonce", nonce, encodedNonce],
      ["oauth_signature_method", o.signatureMethod, o.signatureMethod],
      ["oauth_timestamp", timestamp, timestamp],
    ];
    if (o.token !== undefined) oauth.push(["oauth_token", o.token, encodedToken as string]);
    if (o.version) oauth.push(["oauth_version", "1.0", "1.0"]);
    for (const [name, value, encodedValue] of oauth) {
      parameters.push([name, value]);
      encoded.push([name, encodedValue]);
    }

    const normalizedParameters = sortAndJoin(encoded);
    // Normalized parameters hold only unreserved characters, "%", "=" and "&", for which
    // encodeURIComponent is exactly RFC 5849 3.6.
    const baseString = `${upperMethod}&${percentEncode(split.baseUri)}&${encodeURIComponent(normalizedParameters)}`;
    const sign = signFunction ?? (await getSignFunction());
    const signature = await sign(baseString);
    const encodedSignature = percentEncode(signature);
    oauth.splice(2, 0, ["oauth_signature", signature, encodedSignature]);

    const oauthParameters: Record<string, string> = {};
    let header = realmPrefix;
    let query = "";
    for (let i = 0; i < oauth.length; i++) {
      const [name, value, encodedValue] = oauth[i] as [string, string, string];
      oauthParameters[name] = value;
      header += i === 0 ? `${name}="${encodedValue}"` : `, ${name}="${encodedValue}"`;
      query += `&${name}=${encodedValue}`;
    }
    const base = split.withoutFragment;
    const signedUrl =
      split.query === ""
        ? `${base.endsWith("?") ? base : `${base}?`}${query.slice(1)}`
        : `${base}${base.endsWith("&") ? query.slice(1) : query}`;

    return {
      oauthParameters,
      signature,
      header,
      url: signedUrl,
      parameters,
      normalizedParameters,
      baseStringUri: split.baseUri,
      baseString,
    };
  }

  async function authorize(input: AuthorizeInput): Promise<Authorization> {
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
    if (!(request instanceof Request)) {
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
 * A copy of `request` with another URL and headers. Built from explicit init fields: Node 20's
 * `new Request(url, request)` leaks an abort listener per call on the source request.
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
  // Optional fields: copied when the runtime has them (Deno and Bun lack some).
  if (request.credentials !== undefined) init.credentials = request.credentials;
  if (request.cache !== undefined) init.cache = request.cache;
  if (request.integrity) init.integrity = request.integrity;
  if (request.keepalive) init.keepalive = request.keepalive;
  if (request.mode !== undefined && request.mode !== "navigate") init.mode = request.mode;
  if (request.referrer !== undefined && request.referrer !== "about:client") {
    init.referrer = request.referrer;
  }
  if (request.referrerPolicy) init.referrerPolicy = request.referrerPolicy;
  return new Request(url, init);
}
