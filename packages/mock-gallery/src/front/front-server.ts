// The server clients talk to. Each request goes: CORS preflight -> token endpoint (POST
// /webapi/oauth2/token, on a Server with OAuth2) or faults -> preflight (mount, path and route,
// Content-Type, declared size, OAuth1 signature or bearer token) -> body -> Prism (validation)
// -> in-memory Gallery, or straight to the Gallery when validation is off and for large bodies.
// Every refusal takes the one reject path (a Gallery-shaped body; on /webapi/v3 the body check
// answers in the v3 shape), so hostile input never crashes the process, and every answer
// carries the CORS headers.
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
import type { RouteRequest, RouteResponse } from "../gallery/routes/route.js";
import { WEBAPI_BASE } from "../gallery/v3/v3-router.js";
import { galleryError } from "../gallery-error.js";
import { answerTokenRequest, TOKEN_PATH, type TokenEndpoint } from "../oauth2/token-endpoint.js";
import { forwardToPrism, type PrismAnswer, type PrismTarget } from "../prism/forward-to-prism.js";
import { requestViolationAs400 } from "../prism/request-violation-as-400.js";
import { checkBody, readBody } from "./body.js";
import { CORS_HEADERS, isPreflight, PREFLIGHT_HEADERS } from "./cors.js";
import { Exchange } from "./exchange.js";
import { FailurePacer } from "./failure-pacer.js";
import { type FaultState, faultRejection } from "./faults.js";
import { HeldResponse } from "./hold-answer.js";
import type { FrontLimits } from "./limits.js";
import { WEBAPI_V3 } from "./mounts.js";
import { preflight, routeMethod, type Site } from "./preflight.js";
import { reject } from "./reject.js";
import type { RequestLogEntry } from "./request-log.js";
import { answerUnreadable } from "./unreadable.js";

export type { RequestLogEntry } from "./request-log.js";

/**
 * Where verified requests go: through Prism (validation; `gallery` answers the large bodies,
 * absent in static mode), or straight to the in-memory Gallery (no validation).
 */
export type Backend =
  | { prismOrigin: string; v3PrismOrigin: string; gallery?: Gallery }
  | { gallery: Gallery };

/** What the front server needs. */
export type FrontServerOptions = Backend & {
  /** The mounts and their authentication. */
  site: Site;
  /** The token endpoint, on a Server with OAuth2. */
  tokenEndpoint: TokenEndpoint | undefined;
  faults: FaultState;
  bom: boolean;
  log: RequestLogEntry[];
  logger?: ((line: string) => void) | undefined;
  limits: FrontLimits;
};

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Creates (but does not start) the front server. */
export function createFrontServer(options: FrontServerOptions): { server: Server } {
  const { limits } = options;
  // Prism's server closes a keep-alive connection after 5 s idle (Node's default). An idle socket
  // is dropped here after 4 s, before Prism can close it under a request being sent on it.
  const agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 });
  const prism =
    "prismOrigin" in options ? { origin: new URL(options.prismOrigin), agent } : undefined;
  const prismV3 =
    "v3PrismOrigin" in options ? { origin: new URL(options.v3PrismOrigin), agent } : undefined;
  const exchanges = new WeakMap<Socket, Exchange>();
  const context: FrontContext = {
    options,
    prism,
    prismV3,
    pacer: new FailurePacer(limits.refusalCpuMsPerSecond, limits.refusalBurstMs),
  };
  const server = createServer<typeof IncomingMessage, typeof HeldResponse>(
    {
      ServerResponse: HeldResponse,
      maxHeaderSize: limits.maxHeaderBytes,
      // A missing Host gets a Gallery body (the local address is signed instead), not a bare 400.
      requireHostHeader: false,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often Node looks for requests past those timeouts (its default is 30 s).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs / 4),
    },
    (req, res) => {
      for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
      const exchange = new Exchange(req, options);
      // Known while its answer is not finished: a timeout on the socket concerns this request.
      exchanges.set(req.socket, exchange);
      res.once("close", () => {
        if (exchanges.get(req.socket) === exchange) exchanges.delete(req.socket);
      });
      handle(exchange, req, res, context).catch((error: unknown) => {
        // The connection went (a client that left, a request timed out): nothing to answer.
        if (req.socket.destroyed || exchange.recorded) return void res.destroy();
        exchange.note(
          `mock-gallery: internal error ${error instanceof Error ? error.message : String(error)}`,
        );
        const failure = galleryError(500, "Exception", "An error has occurred.");
        reject(exchange, req, res, { failure }, options.bom);
      });
    },
  );
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) =>
    answerUnreadable(error, socket, limits, exchanges.get(socket)),
  );
  server.on("close", () => agent.destroy());
  // Its responses are HeldResponses; to the code that starts and closes it, a server like any.
  return { server: server as unknown as Server };
}

/** What every request of one front server shares. */
interface FrontContext {
  options: FrontServerOptions;
  prism: PrismTarget | undefined;
  /** The Prism instance that validates Server API v3 (server-v3.yaml). */
  prismV3: PrismTarget | undefined;
  pacer: FailurePacer;
}

async function handle(
  exchange: Exchange,
  req: IncomingMessage,
  res: HeldResponse,
  { options, prism, prismV3, pacer }: FrontContext,
): Promise<void> {
  if (isPreflight(exchange.method, req.headers)) {
    exchange.record(204);
    req.resume();
    res.writeHead(204, PREFLIGHT_HEADERS);
    return void res.end();
  }
  const held = options.faults.latencyMs > 0 ? res.hold(options.faults.latencyMs) : undefined;
  // Faults are for the API calls a client test makes; its token requests are not taken by them.
  if (options.tokenEndpoint && exchange.path === TOKEN_PATH) {
    return answerTokenRequest(exchange, req, res, options.tokenEndpoint);
  }
  const fault = options.faults.take();
  if (fault.kind === "drop") {
    // Cut when the answer would have come, as before the latency held answers.
    await held;
    exchange.record(0);
    return void req.socket.destroy();
  }
  const { bom, limits } = options;
  const refusal = faultRejection(fault) ?? preflight(exchange, req, options.site, limits);
  if (refusal) {
    const wait = refusal.paced ? pacer.delay(refusal.paced.costMs) : 0;
    if (wait > 0) await delayUnlessClosed(wait, res);
    if (req.socket.destroyed) return;
    return reject(exchange, req, res, refusal, bom);
  }
  const body = await readBody(req, limits.maxBodyBytes);
  if (!Buffer.isBuffer(body)) return reject(exchange, req, res, body, bom);
  const contentType = req.headers["content-type"];
  const badBody = checkBody(body, contentType, exchange.mount === WEBAPI_V3 ? "v3" : "admin-v1");
  if (badBody) return reject(exchange, req, res, badBody, bom);
  const surface =
    exchange.mount === WEBAPI_V3
      ? v3Surface(options, prismV3)
      : adminV1Surface(options, prism, exchange.mount?.base ?? ADMIN_V1_BASE);
  return dispatch(exchange, req, res, body, options, surface);
}

/** Server API v3: Prism's upstream and the routes are relative to /webapi. */
function v3Surface({ gallery }: FrontServerOptions, prism: PrismTarget | undefined): Surface {
  return {
    base: WEBAPI_BASE,
    prism,
    toRequest: (method, target, contentType, body) =>
      toRouteRequest(method, target, contentType, body, WEBAPI_BASE),
    rewrite: requestViolationAs400,
    handle: gallery && ((request) => gallery.handleV3(request)),
    skipsPrism: (request, max) => gallery?.skipsPrismV3(request, max) === true,
  };
}

/** One API the front serves: its base, its Prism and how the Gallery answers it. */
interface Surface {
  /** The path Prism's upstream ends with (stripped before forwarding). */
  base: string;
  prism: PrismTarget | undefined;
  toRequest(
    method: string,
    target: string,
    contentType: string | undefined,
    body: Uint8Array,
  ): RouteRequest;
  handle?: ((request: RouteRequest) => Promise<RouteResponse>) | undefined;
  skipsPrism(request: RouteRequest, max: number): boolean;
  /** Turns Prism's answer into the API's own (v3: a request violation becomes a 400). */
  rewrite?: (answer: PrismAnswer) => PrismAnswer;
}

/** Admin v1 at one of its bases (/gallery/api/admin/v1 with OAuth1, /webapi/admin/v1). */
function adminV1Surface(
  { gallery }: FrontServerOptions,
  prism: PrismTarget | undefined,
  base: string,
): Surface {
  return {
    base,
    prism,
    toRequest: (method, target, contentType, body) =>
      toRouteRequest(method, target, contentType, body, base),
    handle: gallery && ((request) => gallery.handle(request)),
    skipsPrism: (request, max) => gallery?.skipsPrism(request, max) === true,
  };
}

/** Sends a verified request to the Gallery, through Prism unless validation is off or the body is large. */
async function dispatch(
  exchange: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  options: FrontServerOptions,
  surface: Surface,
): Promise<void> {
  const { bom, limits } = options;
  const { prism, handle } = surface;
  const contentType = req.headers["content-type"];
  const method = routeMethod(exchange.method);
  const routed = surface.toRequest(method, exchange.target, contentType, body);
  const corrupt = options.faults.takeCorrupt();
  const head = exchange.method === "HEAD";
  const large =
    body.length > limits.prismBodyBytes || surface.skipsPrism(routed, limits.prismBodyBytes);
  if (handle && (!prism || large)) {
    const result = await handle(routed);
    exchange.record(result.status);
    return sendRouteResponse(res, result, { bom, corrupt, head });
  }
  if (!prism) throw new Error("no backend: neither Prism nor the in-memory Gallery");
  if (large) {
    const failure = galleryError(
      413,
      "RequestEntityTooLargeException",
      `Static mode validates bodies through Prism, up to ${limits.prismBodyBytes} bytes; send a smaller body, or use the in-memory Gallery (static: false).`,
    );
    return reject(exchange, req, res, { failure }, bom);
  }
  let answer = await forwardToPrism(
    {
      method,
      pathAndQuery: exchange.target.slice(surface.base.length) || "/",
      headers: req.headers,
      body,
      corrupt,
    },
    prism,
  );
  if ("failure" in answer) return reject(exchange, req, res, answer, bom);
  if (surface.rewrite) answer = surface.rewrite(answer);
  exchange.record(answer.status);
  const json = /json/.test(String(answer.headers["content-type"] ?? ""));
  const payload =
    bom && json && answer.body.length > 0 ? Buffer.concat([BOM, answer.body]) : answer.body;
  res.writeHead(answer.status, { ...answer.headers, "content-length": String(payload.length) });
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
