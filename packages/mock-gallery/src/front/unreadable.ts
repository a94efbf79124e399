// Requests Node's parser refuses before there is a request to answer (invalid HTTP, headers
// over the limit) or that arrive too slowly (headers or body past their timeout): answered
// straight on the socket, still Gallery-shaped, with the CORS headers, then closed.
import type { Socket } from "node:net";
import { type GalleryFailure, galleryError } from "../gallery-error.js";
import { corsHeaderLines } from "./cors.js";
import type { Exchange } from "./exchange.js";
import type { FrontLimits } from "./limits.js";

const REASONS: Record<number, string> = {
  400: "Bad Request",
  408: "Request Timeout",
  431: "Request Header Fields Too Large",
};

/**
 * Answers a client error. `exchange` is the request in progress on the socket, if any (a body
 * that arrives too slowly): it is recorded, unless its answer is already being written, in
 * which case the connection is simply cut.
 */
export function answerUnreadable(
  error: NodeJS.ErrnoException,
  socket: Socket,
  limits: FrontLimits,
  exchange: Exchange | undefined,
): void {
  if (!socket.writable || exchange?.recorded) return void socket.destroy();
  const failure = describe(error, limits);
  exchange?.record(failure.status);
  const body = JSON.stringify(failure.body);
  socket.end(
    `HTTP/1.1 ${failure.status} ${REASONS[failure.status]}\r\n${corsHeaderLines()}content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

function describe(error: NodeJS.ErrnoException, limits: FrontLimits): GalleryFailure {
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return galleryError(
        431,
        "RequestHeaderFieldsTooLargeException",
        `The request line and headers are larger than ${limits.maxHeaderBytes} bytes; send a shorter query or fewer, smaller headers.`,
      );
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return galleryError(
        408,
        "RequestTimeoutException",
        `The request did not arrive in time: headers are expected within ${limits.headersTimeoutMs / 1000} s and the whole request within ${limits.requestTimeoutMs / 1000} s.`,
      );
    default:
      return galleryError(
        400,
        "ArgumentException",
        "The request is not valid HTTP.",
        error.code ?? "",
      );
  }
}
