// The one way the front server refuses a request: it logs why, records the status, lets the
// rest of the request body go, and answers the JSON error body (the Gallery's; API v3's for a
// v3 body that is not JSON).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { V3Failure } from "../gallery/v3/v3-error.js";
import type { GalleryFailure } from "../gallery-error.js";
import type { Exchange } from "./exchange.js";

/**
 * A refusal: the failure (Gallery-shaped; API v3's shape for what only the API decides, such as
 * a body that is not JSON), extra headers (Retry-After...), and a log line.
 */
export interface Rejection {
  failure: GalleryFailure | V3Failure;
  headers?: Record<string, string>;
  /** Why, for the log (a diagnosis, a refused parameter); never a secret. */
  note?: string;
  /** Close the connection after the answer (the rest of the body will not be read). */
  closeConnection?: boolean;
  /** A refusal of the verifier, and the CPU time its verification took (see failure-pacer.ts). */
  paced?: { costMs: number };
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Refuses the exchange with a Gallery-shaped error. */
export function reject(
  exchange: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  rejection: Rejection,
  bom: boolean,
): void {
  if (rejection.note) exchange.note(rejection.note);
  exchange.record(rejection.failure.status);
  const headers = { ...rejection.headers };
  if (rejection.closeConnection) headers.connection = "close";
  // Otherwise the rest of the body is read and dropped, so that the connection can be reused.
  else req.resume();
  sendJson(res, rejection.failure.status, rejection.failure.body, bom, headers);
}

/** Sends a JSON body with its length (and a UTF-8 BOM when asked, like some servers). */
export function sendJson(
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
