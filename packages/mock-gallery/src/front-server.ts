// The server clients talk to: faults -> OAuth1 verifier -> Prism (validation) -> in-memory
// Gallery, or straight to the Gallery when validation is off and for streamed packages. It also adds the optional UTF-8 BOM after Prism has validated the JSON, and turns
// every failure into a Gallery-shaped body so that hostile input never crashes the process.
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { Socket } from "node:net";
import { MIMEType } from "node:util";
import type { FaultState } from "./faults.js";
import { sendRouteResponse, toRouteRequest } from "./gallery/respond.js";
import type { Gallery } from "./gallery/routes.js";
import { ADMIN_V1_BASE, CORRUPT_RESPONSE_HEADER } from "./gallery/server.js";
import { badRequest, galleryError, notFound } from "./gallery-error.js";
import { canonicalMultipart, isMultipart } from "./multipart.js";
import { headerValues, parseAuthorizationHeader, splitTarget, truncate } from "./oauth/parse.js";
import type { Verifier } from "./oauth/verifier.js";
import { bytesToPrismText, prismTextToBytes, TRANSCODED_HEADER } from "./transport.js";

/** One entry of the request log. */
export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  nonce?: string;
}

/**
 * Where verified requests go: through Prism (validation; `gallery` answers the streamed
 * packages, absent in static mode), or straight to the in-memory Gallery (no validation).
 */
export type Backend = { prismOrigin: string; gallery?: Gallery } | { gallery: Gallery };

/** What the front server needs. */
export type FrontServerOptions = Backend & {
  verifier: Verifier;
  faults: FaultState;
  bom: boolean;
  log: RequestLogEntry[];
  logger?: ((line: string) => void) | undefined;
};

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const MAX_LOG_ENTRIES = 10_000;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Creates (but does not start) the front server. */
export function createFrontServer(options: FrontServerOptions): { server: Server; agent: Agent } {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const prism = "prismOrigin" in options ? new URL(options.prismOrigin) : undefined;
  // requireHostHeader: false so that a missing Host gets a Gallery body (the local address is
  // signed instead) rather than Node's bare 400.
  const server = createServer(
    { maxHeaderSize: 32 * 1024, requireHostHeader: false },
    (req, res) => {
      handle(req, res, options, agent, prism).catch((error: unknown) => {
        options.logger?.(
          `mock-gallery: internal error ${error instanceof Error ? error.message : String(error)}`,
        );
        if (!res.headersSent) {
          const failure = galleryError(500, "Exception", "An error has occurred.");
          sendJson(res, failure.status, failure.body, options.bom);
        } else res.destroy();
      });
    },
  );
  // Malformed HTTP (bad request line, oversized headers, invalid bytes): a Gallery body, not a
  // crash and not Node's bare 400.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const failure = badRequest(
      error.code === "HPE_HEADER_OVERFLOW"
        ? "The request headers are too large."
        : "The request is not valid HTTP.",
      error.code ?? "",
    );
    const body = JSON.stringify(failure.body);
    socket.end(
      `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  server.on("close", () => agent.destroy());
  return { server, agent };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: FrontServerOptions,
  agent: Agent,
  prism: URL | undefined,
): Promise<void> {
  const method = req.method ?? "GET";
  const target = req.url ?? "/";
  const { path, query } = splitTarget(target);
  // The verifier reads the nonce on its way; the log only parses for one itself when it did not.
  let verifiedNonce: string | undefined;
  const record = (status: number) => {
    const nonce = verifiedNonce ?? bestEffortNonce(req.rawHeaders, query);
    const entry: RequestLogEntry = { method, path, status };
    if (nonce !== undefined) entry.nonce = nonce;
    options.log.push(entry);
    if (options.log.length > MAX_LOG_ENTRIES)
      options.log.splice(0, options.log.length - MAX_LOG_ENTRIES);
    options.logger?.(`${method} ${truncatePath(path)} ${status === 0 ? "dropped" : status}`);
  };

  if (options.faults.latencyMs > 0) {
    await delayUnlessClosed(options.faults.latencyMs, res);
    // The client left (or close() ran) while the request waited: nothing to answer.
    if (req.socket.destroyed) return;
  }
  const fault = options.faults.take();
  if (fault.kind === "drop") {
    record(0);
    req.socket.destroy();
    return;
  }
  if (fault.kind === "fail") {
    record(fault.status);
    const headers: Record<string, string> = {};
    if (fault.retryAfterSeconds !== undefined)
      headers["retry-after"] = String(fault.retryAfterSeconds);
    const failure =
      fault.status === 429
        ? galleryError(429, "TooManyRequestsException", "Too many requests. Retry later.")
        : fault.status === 503
          ? galleryError(
              503,
              "ServiceUnavailableException",
              "The service is temporarily unavailable.",
            )
          : galleryError(500, "Exception", "An error has occurred.");
    drain(req);
    sendJson(res, failure.status, failure.body, options.bom, headers);
    return;
  }

  if (!(path === ADMIN_V1_BASE || path.startsWith(`${ADMIN_V1_BASE}/`))) {
    drain(req);
    const failure = notFound(
      `Nothing is served at this path; the Admin API v1 lives under ${ADMIN_V1_BASE}/.`,
    );
    record(failure.status);
    sendJson(res, failure.status, failure.body, options.bom);
    return;
  }

  if (path.startsWith(`${ADMIN_V1_BASE}//`)) {
    // Prism reads a target starting with // as another host (//x/users/ would serve /users/,
    // // alone is a 500 with a stack trace on stderr): no Gallery route starts that way.
    drain(req);
    const failure = notFound(
      `Nothing is served at this path; remove the doubled slash after ${ADMIN_V1_BASE}.`,
    );
    record(failure.status);
    sendJson(res, failure.status, failure.body, options.bom);
    return;
  }
  if (!decodablePath(path)) {
    // Prism decodes the path outside any error handling: %FF there would crash the process.
    drain(req);
    const failure = badRequest(
      `The request path is not valid percent-encoding near "${truncatePath(path).slice(0, 60)}". Encode every byte outside A-Z a-z 0-9 - . _ ~ / as %XX of its UTF-8 form.`,
    );
    record(failure.status);
    sendJson(res, failure.status, failure.body, options.bom);
    return;
  }

  const badType = unparsableContentType(req.headers["content-type"]);
  if (badType !== undefined) {
    // Prism parses Content-Type outside any error handling: a bad one would crash the process.
    drain(req);
    const failure = badRequest(
      `The Content-Type header "${truncatePath(badType).slice(0, 60)}" is not a valid media type; send type/subtype, for example application/json or multipart/form-data; boundary=...`,
    );
    record(failure.status);
    sendJson(res, failure.status, failure.body, options.bom);
    return;
  }

  const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  const verification = options.verifier.verify(
    { method, url: target, rawHeaders: req.rawHeaders },
    host,
  );
  verifiedNonce = verification.nonce;
  if (!verification.ok) {
    drain(req);
    if (verification.diagnosis)
      options.logger?.(
        `mock-gallery: bad signature on ${method} ${truncatePath(path)}: ${verification.diagnosis}`,
      );
    else
      options.logger?.(
        `mock-gallery: rejected ${method} ${truncatePath(path)}: ${verification.failure.body.message}`,
      );
    record(verification.failure.status);
    sendJson(res, verification.failure.status, verification.failure.body, options.bom);
    return;
  }

  const body = await readBody(req);
  if (body === undefined) {
    const failure = galleryError(
      413,
      "ArgumentException",
      `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
    );
    record(failure.status);
    sendJson(res, failure.status, failure.body, options.bom);
    return;
  }
  const contentType = req.headers["content-type"];
  if (body.length > 0 && /json/i.test(contentType ?? "") && !isJson(body)) {
    // Prism's server would answer its own non-Gallery {"error":{"code":"invalid_json"}}
    const failure = badRequest(
      "The request body is not valid JSON (UTF-8, without a byte order mark); fix the body or its Content-Type.",
    );
    record(failure.status);
    sendJson(res, failure.status, failure.body, options.bom);
    return;
  }
  const routed = toRouteRequest(method, target, contentType, body);
  if (options.gallery && (!prism || options.gallery.streams(method, routed.path))) {
    const result = await options.gallery.handle(routed);
    record(result.status);
    const corrupt = options.faults.takeCorrupt();
    await sendRouteResponse(res, result, { bom: options.bom, corrupt });
    return;
  }
  if (!prism) throw new Error("no backend: neither Prism nor the in-memory Gallery");
  let forwarded: { body: Buffer; contentType?: string } = { body };
  if (body.length > 0 && isMultipart(contentType)) {
    const canonical = await canonicalMultipart(contentType ?? "", body);
    if (!canonical) {
      const failure = badRequest(
        "The body is not valid multipart/form-data: check the boundary in the Content-Type header and that every part starts with --boundary and a Content-Disposition: form-data; name=... header.",
      );
      record(failure.status);
      sendJson(res, failure.status, failure.body, options.bom);
      return;
    }
    forwarded = canonical;
  }
  const upstream = await forwardToPrism(
    req,
    forwarded,
    target.slice(ADMIN_V1_BASE.length) || "/",
    options,
    agent,
    prism,
  );
  record(upstream.status);
  let payload = upstream.body;
  const responseType = String(upstream.headers["content-type"] ?? "");
  if (upstream.status === 200 && responseType.startsWith("application/octet-stream")) {
    payload = prismTextToBytes(payload);
  }
  if (options.bom && /json/.test(responseType) && payload.length > 0) {
    payload = Buffer.concat([BOM, payload]);
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    headers[name] = value;
  }
  headers["content-length"] = String(payload.length);
  res.writeHead(upstream.status, headers);
  res.end(payload);
}

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

function forwardToPrism(
  req: IncomingMessage,
  { body, contentType }: { body: Buffer; contentType?: string },
  pathAndQuery: string,
  options: FrontServerOptions,
  agent: Agent,
  prism: URL,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (
      value === undefined ||
      HOP_BY_HOP.has(name) ||
      name === "host" ||
      name.startsWith("x-mock-gallery-")
    )
      continue;
    headers[name] = value;
  }
  if (contentType !== undefined) headers["content-type"] = contentType;
  let outgoing = body;
  const isJson = /json/i.test(String(req.headers["content-type"] ?? ""));
  if (body.length > 0 && !isJson) {
    outgoing = bytesToPrismText(body);
    headers[TRANSCODED_HEADER] = "1";
  }
  if (body.length > 0) headers["content-length"] = String(outgoing.length);
  if (options.faults.takeCorrupt()) headers[CORRUPT_RESPONSE_HEADER] = "1";
  // Host and port always come from Prism's origin: a target such as //evil.example/ must stay a
  // path (new URL(target, origin) would read it as another host).
  const path = pathAndQuery.startsWith("/") ? pathAndQuery : `/${pathAndQuery}`;
  return new Promise((resolve, reject) => {
    const target = { hostname: prism.hostname, port: prism.port, path };
    const upstream = httpRequest({ ...target, method: req.method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 502,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      );
      response.on("error", reject);
    });
    upstream.on("error", reject);
    upstream.end(body.length > 0 ? outgoing : undefined);
  });
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The Content-Type header when it is present but not a WHATWG media type (as Prism parses it). */
function unparsableContentType(value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  try {
    new MIMEType(value);
    return undefined;
  } catch {
    return value;
  }
}

function isJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString("utf8"));
    return true;
  } catch {
    return false;
  }
}

/** Whether every %XX sequence of the path decodes to UTF-8 (what Prism assumes). */
function decodablePath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function drain(req: IncomingMessage): void {
  req.resume();
}

function bestEffortNonce(rawHeaders: readonly string[], query: string): string | undefined {
  try {
    const header = headerValues(rawHeaders, "authorization")[0];
    const fromHeader = header
      ? parseAuthorizationHeader(header)?.find(([n]) => n === "oauth_nonce")
      : undefined;
    if (fromHeader) return fromHeader[1];
    const match = /(?:^|&)oauth_nonce=([^&]*)/.exec(query);
    return match?.[1] === undefined ? undefined : decodeURIComponent(match[1].replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

/** Sends a JSON body with its length (and a UTF-8 BOM when asked, like some servers). */
function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  bom: boolean,
  headers: Record<string, string> = {},
): void {
  const text = Buffer.from(JSON.stringify(body));
  const payload = bom ? Buffer.concat([BOM, text]) : text;
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": payload.length,
  });
  res.end(payload);
}

/** Waits `ms`, or less when the connection closes first (so close() leaves no timer behind). */
function delayUnlessClosed(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off("close", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once("close", done);
  });
}

function truncatePath(path: string): string {
  return truncate(path, 120);
}
