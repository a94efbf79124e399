// When a signature is wrong, recompute it under the usual client mistakes (reference
// admin-api-v1.md, "Why real clients get ... invalid") alone and in pairs. If one reproduces
// the signature the client sent, we can tell the client exactly what to fix. Only the names of
// the mistakes leave this module: never the secret, never the expected signature.
import { createHmac, timingSafeEqual } from "node:crypto";

/** What the diagnosis needs to know about the rejected request. */
export interface DiagnosisInput {
  method: string;
  /** Query pairs (form-decoded, in the order sent), oauth_* ones included for query placement. */
  queryPairs: ReadonlyArray<readonly [string, string]>;
  /** Authorization header pairs (realm excluded) in the order sent; empty for query placement. */
  headerPairs: ReadonlyArray<readonly [string, string]>;
  /** The raw query as sent, for the "query inside the base URI" mistake. */
  rawQuery: string;
  /** Scheme and host (as signed) and raw path of the request. */
  scheme: string;
  host: string;
  path: string;
  consumerSecret: string;
  /** The signature the client sent (decoded from its placement). */
  clientSignature: string;
}

/** One mistake: a short name and how to fix it. */
export interface Mistake {
  id: string;
  description: string;
  fix: string;
}

/** The usual mistakes the diagnosis can recognise. */
export const MISTAKES = {
  unsorted: {
    id: "unsorted",
    description: "parameters signed in the order they were sent instead of sorted",
    fix: "sort the encoded parameters by name, then by value (byte order), before joining them with &",
  },
  base64url: {
    id: "base64url",
    description: "signature encoded as base64url (- and _) instead of standard base64",
    fix: "encode the HMAC-SHA1 digest with standard base64 (+, / and = padding), then percent-encode it",
  },
  defaultPort: {
    id: "defaultPort",
    description: "default port kept in the base string URI",
    fix: "drop :80 for http and :443 for https from the base string URI",
  },
  formEncoding: {
    id: "formEncoding",
    description: "form encoding used (space as +, * and ~ handled like URLSearchParams)",
    fix: "percent-encode per RFC 3986: space is %20, never +; only A-Z a-z 0-9 - . _ ~ stay unencoded",
  },
  encodeURIComponent: {
    id: "encodeURIComponent",
    description: "encodeURIComponent used alone, leaving ! * ' ( ) unencoded",
    fix: "also encode ! * ' ( ) as %21 %2A %27 %28 %29",
  },
  queryInBaseUri: {
    id: "queryInBaseUri",
    description: "query string kept inside the base string URI",
    fix: "sign the URL without its query (scheme://host/path) and put the query parameters in the sorted parameter list",
  },
  versionSignedNotSent: {
    id: "versionSignedNotSent",
    description: "oauth_version=1.0 signed but not sent",
    fix: "send oauth_version=1.0 with the request, or leave it out of the signature too",
  },
  versionSentNotSigned: {
    id: "versionSentNotSigned",
    description: "oauth_version sent but not signed",
    fix: "include oauth_version in the signed parameters, or do not send it",
  },
  secretWhitespace: {
    id: "secretWhitespace",
    description: "whitespace or a newline after the consumer secret",
    fix: "trim the consumer secret (a space or newline was pasted after it)",
  },
  timestampChanged: {
    id: "timestampChanged",
    description: "signature computed over a different oauth_timestamp than the one sent",
    fix: "compute the timestamp (and the nonce) once, sign with it and send the same values",
  },
  queryNotDecoded: {
    id: "queryNotDecoded",
    description: "query parameters signed as sent (still percent-encoded) instead of decoded first",
    fix: "decode each query name and value (+ is a space) before percent-encoding them again for the signature",
  },
  signatureNotEncoded: {
    id: "signatureNotEncoded",
    description:
      "oauth_signature not percent-encoded in the query, so each + in it was read as a space",
    fix: "percent-encode the signature like every other value (+ as %2B, / as %2F, = as %3D)",
  },
  missingPath: {
    id: "missingPath",
    description: "base string URI without the endpoint path",
    fix: "sign the full request URL including the endpoint path (for example .../gallery/api/admin/v1/users/)",
  },
} as const satisfies Record<string, Mistake>;

type Encoder = (value: string) => string;

const rfc3986: Encoder = (value) =>
  encodeURIComponent(value).replace(
    /[!*'()]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
const formEncode: Encoder = (value) => new URLSearchParams([["", value]]).toString().slice(1); // "=" prefix removed

interface Variant {
  mistakes: Mistake[];
  order: "sorted" | "sent" | "oauthFirst";
  encode: Encoder;
  baseUri: string;
  includeQueryParams: boolean;
  /** Query pairs signed instead of the decoded ones (the raw names and values). */
  queryPairs?: ReadonlyArray<readonly [string, string]>;
  version: "asSent" | "add" | "remove";
  secret: string;
  /** Replaces the oauth_timestamp that was sent. */
  timestamp?: string;
}

/**
 * Tries the usual mistakes (alone, and every pair; at most `maxCandidates` signatures) and
 * returns the smallest set of mistakes that reproduces the client's signature, or undefined
 * when none does. Candidates are compared in constant time: one of them is the right signature.
 */
export function diagnoseSignature(
  input: DiagnosisInput,
  maxCandidates = Number.POSITIVE_INFINITY,
): Mistake[] | undefined {
  const correctBase = `${input.scheme}://${input.host}${input.path}`;
  const hasVersion = [...input.queryPairs, ...input.headerPairs].some(
    ([name]) => name === "oauth_version",
  );
  const axes: Array<Array<Partial<Variant> & { mistakes: Mistake[] }>> = [
    hasEncodedQuery(input.rawQuery)
      ? [{ mistakes: [MISTAKES.queryNotDecoded], queryPairs: undecodedQuery(input) }]
      : [],
    [
      { mistakes: [MISTAKES.unsorted], order: "sent" },
      { mistakes: [MISTAKES.unsorted], order: "oauthFirst" },
    ],
    [
      { mistakes: [MISTAKES.formEncoding], encode: formEncode },
      { mistakes: [MISTAKES.encodeURIComponent], encode: encodeURIComponent },
    ],
    baseUriAlternatives(input, correctBase),
    [
      hasVersion
        ? { mistakes: [MISTAKES.versionSentNotSigned], version: "remove" }
        : { mistakes: [MISTAKES.versionSignedNotSent], version: "add" },
    ],
    timestampAlternatives(input).map((timestamp) => ({
      mistakes: [MISTAKES.timestampChanged],
      timestamp,
    })),
    [" ", "\n", "\r\n", "\t", "  "].map((suffix) => ({
      mistakes: [MISTAKES.secretWhitespace],
      secret: input.consumerSecret + suffix,
    })),
  ];
  const base: Variant = {
    mistakes: [],
    order: "sorted",
    encode: rfc3986,
    baseUri: correctBase,
    includeQueryParams: true,
    version: "asSent",
    secret: input.consumerSecret,
  };
  const candidates: Variant[] = [base];
  axes.forEach((axis, i) => {
    for (const a of axis) {
      candidates.push({ ...base, ...a, mistakes: [...a.mistakes] });
      for (const other of axes.slice(i + 1)) {
        for (const b of other) {
          candidates.push({ ...base, ...a, ...b, mistakes: [...a.mistakes, ...b.mistakes] });
        }
      }
    }
  });
  let best: Mistake[] | undefined;
  const client = Buffer.from(input.clientSignature);
  for (const variant of candidates.slice(0, maxCandidates)) {
    const digest = hmac(variant, input);
    const standard = digest.toString("base64");
    const url = digest.toString("base64url");
    let found: Mistake[] | undefined;
    if (sameBytes(standard, client)) found = variant.mistakes;
    else if (sameBytes(url, client) || sameBytes(`${url}=`, client)) {
      found = [...variant.mistakes, MISTAKES.base64url];
    }
    if (found && found.length > 0 && found.length <= 2 && (!best || found.length < best.length)) {
      best = found;
    }
  }
  return best;
}

/** Constant-time equality of a candidate and the client's signature (lengths are public). */
function sameBytes(candidate: string, client: Buffer): boolean {
  const bytes = Buffer.from(candidate);
  return bytes.length === client.length && timingSafeEqual(bytes, client);
}

function baseUriAlternatives(
  input: DiagnosisInput,
  correctBase: string,
): Array<Partial<Variant> & { mistakes: Mistake[] }> {
  const alternatives: Array<Partial<Variant> & { mistakes: Mistake[] }> = [];
  if (!/:\d+$/.test(input.host)) {
    const port = input.scheme === "https" ? 443 : 80;
    alternatives.push({
      mistakes: [MISTAKES.defaultPort],
      baseUri: `${input.scheme}://${input.host}:${port}${input.path}`,
    });
  }
  const ownQuery = ownQuerySegments(input.rawQuery).join("&");
  if (ownQuery !== "") {
    for (const includeQueryParams of [false, true]) {
      alternatives.push({
        mistakes: [MISTAKES.queryInBaseUri],
        baseUri: `${correctBase}?${ownQuery}`,
        includeQueryParams,
      });
    }
  }
  const origin = `${input.scheme}://${input.host}`;
  const apiRoot = input.path.match(/^(.*?\/api\/admin\/v1)\//)?.[1];
  const roots = new Set(["", "/", "/gallery", "/gallery/"]);
  if (apiRoot !== undefined) {
    roots.add(apiRoot);
    roots.add(`${apiRoot}/`);
  }
  for (const root of roots) {
    if (root === input.path) continue;
    alternatives.push({ mistakes: [MISTAKES.missingPath], baseUri: `${origin}${root || ""}` });
  }
  return alternatives;
}

/** Timestamps a client that reads the clock twice may have signed (a second or two apart). */
function timestampAlternatives(input: DiagnosisInput): string[] {
  const sent = [...input.queryPairs, ...input.headerPairs].find(([n]) => n === "oauth_timestamp");
  if (!sent || !/^[0-9]{1,12}$/.test(sent[1])) return [];
  const t = Number(sent[1]);
  return [t - 1, t + 1, t - 2, t + 2].filter((v) => v > 0).map(String);
}

/** Whether any query segment holds % or + (else decoding changes nothing). */
function hasEncodedQuery(rawQuery: string): boolean {
  return /[%+]/.test(rawQuery.replace(/(^|&)oauth_[^&]*/g, ""));
}

/** The query as sent, split but not decoded (the oauth_* pairs stay decoded: they are ours). */
function undecodedQuery(input: DiagnosisInput): Array<readonly [string, string]> {
  const own = ownQuerySegments(input.rawQuery).map((segment): readonly [string, string] => {
    const eq = segment.indexOf("=");
    return eq === -1 ? [segment, ""] : [segment.slice(0, eq), segment.slice(eq + 1)];
  });
  return [...own, ...input.queryPairs.filter(([name]) => name.startsWith("oauth_"))];
}

/** The raw query's non-empty segments that are not oauth_* ones (the request's own query). */
function ownQuerySegments(rawQuery: string): string[] {
  return rawQuery.split("&").filter((segment) => segment !== "" && !segment.startsWith("oauth_"));
}

function hmac(variant: Variant, input: DiagnosisInput): Buffer {
  const queryPairs = variant.queryPairs ?? input.queryPairs;
  let pairs: Array<readonly [string, string]> = [
    ...(variant.includeQueryParams
      ? queryPairs
      : queryPairs.filter(([name]) => name.startsWith("oauth_"))),
    ...input.headerPairs,
  ].filter(([name]) => name !== "oauth_signature");
  if (variant.timestamp !== undefined) {
    const timestamp = variant.timestamp;
    pairs = pairs.map(([name, value]) => [name, name === "oauth_timestamp" ? timestamp : value]);
  }
  if (variant.version === "remove") pairs = pairs.filter(([name]) => name !== "oauth_version");
  if (variant.version === "add") pairs.push(["oauth_version", "1.0"]);
  if (variant.order === "oauthFirst") {
    pairs = [
      ...pairs.filter(([name]) => name.startsWith("oauth_")),
      ...pairs.filter(([name]) => !name.startsWith("oauth_")),
    ];
  }
  const encoded = pairs.map(([name, value]) => [variant.encode(name), variant.encode(value)]);
  if (variant.order === "sorted") {
    encoded.sort(([an = "", av = ""], [bn = "", bv = ""]) =>
      an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0,
    );
  }
  const normalized = encoded.map(([name, value]) => `${name}=${value}`).join("&");
  const baseString = [
    input.method.toUpperCase(),
    variant.encode(variant.baseUri),
    variant.encode(normalized),
  ].join("&");
  const key = `${variant.encode(variant.secret)}&`;
  return createHmac("sha1", key).update(baseString).digest();
}

/** One sentence naming the mistakes and their fixes, for innerExceptionMessage and logs. */
export function describeMistakes(mistakes: readonly Mistake[]): string {
  const parts = mistakes.map((m) => `${m.description} (fix: ${m.fix})`);
  return `Your signature matches one computed with ${mistakes.length === 1 ? "this mistake" : "these mistakes"}: ${parts.join("; ")}.`;
}
