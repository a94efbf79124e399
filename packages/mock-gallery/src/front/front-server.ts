// The server clients talk to. Each request goes: faults -> preflight (path, Content-Type,
// OAuth1 signature) -> body -> Prism (validation) -> in-memory Gallery, or straight to the
// Gallery when validation is off and for streamed packages. Every refusal takes the one reject
// path (a Gallery-shaped body), so hostile input never crashes the process.
import {
  Agent,
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { Socket } from "node:net";
import type { Gallery } from "../gallery/create-gallery.js";
import { ADMIN_V1_BASE, sendRouteResponse, toRouteRequest } from "../gallery/respond.js";
import { badRequest, galleryError } from "../gallery-error.js";
import type { Verifier } from "../oauth/verifier.js";
import { forwardToPrism, type PrismTarget } from "../prism/forward-to-prism.js";
import { checkBody, readBody } from "./body.js";
import { Exchange } from "./exchange.js";
import { type FaultState, faultRejection } from "./faults.js";
import { preflight } from "./preflight.js";
import { reject } from "./reject.js";
import type { RequestLogEntry } from "./request-log.js";

export type { RequestLogEntry } from "./request-log.js";

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

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Creates (but does not start) the front server. */
export function createFrontServer(options: FrontServerOptions): { server: Server } {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const prism =
    "prismOrigin" in options ? { origin: new URL(options.prismOrigin), agent } : undefined;
  // requireHostHeader: false so that a missing Host gets a Gallery body (the local address is
  // signed instead) rather than Node's bare 400.
  const server = createServer(
    { maxHeaderSize: 32 * 1024, requireHostHeader: false },
    (req, res) => {
      const exchange = new Exchange(req, options);
      handle(exchange, req, res, options, prism).catch((error: unknown) => {
        exchange.note(
          `mock-gallery: internal error ${error instanceof Error ? error.message : String(error)}`,
        );
        if (res.headersSent) res.destroy();
        else {
          const failure = galleryError(500, "Exception", "An error has occurred.");
          reject(exchange, req, res, { failure }, options.bom);
        }
      });
    },
  );
  server.on("clientError", answerUnreadable);
  server.on("close", () => agent.destroy());
  return { server };
}

async function handle(
  exchange: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  options: FrontServerOptions,
  prism: PrismTarget | undefined,
): Promise<void> {
  if (options.faults.latencyMs > 0) {
    await delayUnlessClosed(options.faults.latencyMs, res);
    // The client left (or close() ran) while the request waited: nothing to answer.
    if (req.socket.destroyed) return;
  }
  const fault = options.faults.take();
  if (fault.kind === "drop") {
    exchange.record(0);
    req.socket.destroy();
    return;
  }
  const refusal = faultRejection(fault) ?? preflight(exchange, req, options.verifier);
  if (refusal) return reject(exchange, req, res, refusal, options.bom);
  const body = await readBody(req);
  if (!Buffer.isBuffer(body)) return reject(exchange, req, res, body, options.bom);
  const contentType = req.headers["content-type"];
  const badBody = checkBody(body, contentType);
  if (badBody) return reject(exchange, req, res, badBody, options.bom);

  const routed = toRouteRequest(exchange.method, exchange.target, contentType, body);
  const corrupt = options.faults.takeCorrupt();
  if (options.gallery && (!prism || options.gallery.streams(exchange.method, routed.path))) {
    const result = await options.gallery.handle(routed);
    exchange.record(result.status);
    return sendRouteResponse(res, result, { bom: options.bom, corrupt });
  }
  if (!prism) throw new Error("no backend: neither Prism nor the in-memory Gallery");
  const answer = await forwardToPrism(
    {
      method: exchange.method,
      pathAndQuery: exchange.target.slice(ADMIN_V1_BASE.length) || "/",
      headers: req.headers,
      body,
      corrupt,
    },
    prism,
  );
  if ("failure" in answer) return reject(exchange, req, res, answer, options.bom);
  exchange.record(answer.status);
  const json = /json/.test(String(answer.headers["content-type"] ?? ""));
  const payload =
    options.bom && json && answer.body.length > 0 ? Buffer.concat([BOM, answer.body]) : answer.body;
  res.writeHead(answer.status, { ...answer.headers, "content-length": String(payload.length) });
  res.end(payload);
}

/**
 * Malformed HTTP (bad request line, oversized headers, invalid bytes): a Gallery body, not a
 * crash and not Node's bare 400.
 */
function answerUnreadable(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) return void socket.destroy();
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
