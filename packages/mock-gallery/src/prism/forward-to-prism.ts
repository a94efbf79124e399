// Sends a verified request through Prism (which validates it, proxies it to the in-memory
// Gallery and validates the answer) and returns Prism's answer with binary bodies restored.
// Two Prism 5 weaknesses are worked around on the way: multipart bodies are re-encoded into a
// form its parser survives, and binary bodies cross it as latin1-in-UTF-8 text.
import { type Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { CORRUPT_RESPONSE_HEADER } from "../gallery/gallery-server.js";
import { badRequest, type GalleryFailure } from "../gallery-error.js";
import { bytesToPrismText, prismTextToBytes, TRANSCODED_HEADER } from "./binary-body-workaround.js";
import { canonicalMultipart, isMultipart } from "./multipart-for-prism.js";

/** What goes to Prism. */
export interface PrismRequest {
  method: string;
  /** Path and query relative to the Admin v1 base (Prism's upstream includes the base). */
  pathAndQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Ask the Gallery to break its answer (faults.corruptNextResponse). */
  corrupt: boolean;
}

/** Prism's answer, body restored to the bytes the Gallery sent. */
export interface PrismAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** Where Prism listens, and the keep-alive agent to reach it. */
export interface PrismTarget {
  origin: URL;
  agent: Agent;
}

const FORWARDED_HEADERS = ["content-type", "accept", "prefer"] as const;

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "upgrade",
  "proxy-connection",
  "te",
  "trailer",
]);

/** Forwards to Prism; a multipart body that cannot be parsed is refused instead. */
export async function forwardToPrism(
  request: PrismRequest,
  prism: PrismTarget,
): Promise<PrismAnswer | { failure: GalleryFailure }> {
  let body = request.body;
  let contentType = request.headers["content-type"];
  if (body.length > 0 && isMultipart(contentType)) {
    const canonical = await canonicalMultipart(contentType ?? "", body);
    if (!canonical) {
      return {
        failure: badRequest(
          "The body is not valid multipart/form-data: check the boundary in the Content-Type header and that every part starts with --boundary and a Content-Disposition: form-data; name=... header.",
        ),
      };
    }
    body = canonical.body;
    contentType = canonical.contentType;
  }
  const headers = forwardedHeaders(request.headers);
  if (contentType !== undefined) headers["content-type"] = contentType;
  if (body.length > 0 && !/json/i.test(String(request.headers["content-type"] ?? ""))) {
    body = bytesToPrismText(body);
    headers[TRANSCODED_HEADER] = "1";
  }
  if (body.length > 0) headers["content-length"] = String(body.length);
  if (request.corrupt) headers[CORRUPT_RESPONSE_HEADER] = "1";
  const answer = await send(request.method, request.pathAndQuery, headers, body, prism);
  if (
    answer.status === 200 &&
    String(answer.headers["content-type"]).startsWith("application/octet-stream")
  ) {
    answer.body = prismTextToBytes(answer.body);
  }
  return answer;
}

/**
 * Only what Prism reads: the body's type, content negotiation and its Prefer header (static
 * mode). Everything else stays at the front, so that the request Prism sees is never larger
 * than the one the front accepted (Prism's own header limit answers a bare 431).
 */
function forwardedHeaders(incoming: IncomingHttpHeaders): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = incoming[name];
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

/**
 * Sends one request to Prism. A kept-alive socket that Prism closed just as the request went out
 * fails with ECONNRESET or "socket hang up" before any answer: that request never reached Prism,
 * so it is sent once more on a new socket (the body is a Buffer, so it can be).
 */
async function send(
  method: string,
  pathAndQuery: string,
  headers: Record<string, string | string[]>,
  body: Buffer,
  target: PrismTarget,
): Promise<PrismAnswer> {
  try {
    return await sendOnce(method, pathAndQuery, headers, body, target);
  } catch (error) {
    if (!(error instanceof StaleSocketError)) throw error;
    return sendOnce(method, pathAndQuery, headers, body, target);
  }
}

/** A request that failed on a reused keep-alive socket before any answer came. */
class StaleSocketError extends Error {}

function sendOnce(
  method: string,
  pathAndQuery: string,
  headers: Record<string, string | string[]>,
  body: Buffer,
  { origin, agent }: PrismTarget,
): Promise<PrismAnswer> {
  // Host and port always come from Prism's origin: a target such as //evil.example/ must stay a
  // path (new URL(target, origin) would read it as another host).
  const path = pathAndQuery.startsWith("/") ? pathAndQuery : `/${pathAndQuery}`;
  return new Promise((resolve, reject) => {
    const target = { hostname: origin.hostname, port: origin.port, path };
    const upstream = httpRequest({ ...target, method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const answerHeaders: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) answerHeaders[name] = value;
        }
        resolve({
          status: response.statusCode ?? 502,
          headers: answerHeaders,
          body: Buffer.concat(chunks),
        });
      });
      response.on("error", reject);
    });
    upstream.on("error", (error: NodeJS.ErrnoException) => {
      const stale =
        upstream.reusedSocket &&
        (error.code === "ECONNRESET" || error.message === "socket hang up");
      reject(stale ? new StaleSocketError(error.message, { cause: error }) : error);
    });
    upstream.end(body.length > 0 ? body : undefined);
  });
}
