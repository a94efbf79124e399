// Everything the front server checks before a request may reach Prism or the Gallery: the
// path, the Content-Type and the OAuth1 signature. Each check returns a Rejection or nothing.
// Some checks exist because Prism 5 would crash the process on such input (it parses paths and
// Content-Types outside any error handling); they apply in both validation modes alike.
import type { IncomingMessage } from "node:http";
import { MIMEType } from "node:util";
import { ADMIN_V1_BASE } from "../gallery/respond.js";
import { badRequest, notFound } from "../gallery-error.js";
import { truncate } from "../oauth/parse.js";
import type { Verifier } from "../oauth/verifier.js";
import type { Exchange } from "./exchange.js";
import type { Rejection } from "./reject.js";

/** Runs the checks in order; the first that fails decides. */
export function preflight(
  exchange: Exchange,
  req: IncomingMessage,
  verifier: Verifier,
): Rejection | undefined {
  return checkPath(exchange) ?? checkContentType(req) ?? checkSignature(exchange, req, verifier);
}

function checkPath({ path }: Exchange): Rejection | undefined {
  if (!(path === ADMIN_V1_BASE || path.startsWith(`${ADMIN_V1_BASE}/`))) {
    return refuse(
      notFound(`Nothing is served at this path; the Admin API v1 lives under ${ADMIN_V1_BASE}/.`),
    );
  }
  if (path.startsWith(`${ADMIN_V1_BASE}//`)) {
    // Prism reads a target starting with // as another host (//x/users/ would serve /users/,
    // // alone is a 500 with a stack trace on stderr): no Gallery route starts that way.
    return refuse(
      notFound(`Nothing is served at this path; remove the doubled slash after ${ADMIN_V1_BASE}.`),
    );
  }
  if (!decodablePath(path)) {
    return refuse(
      badRequest(
        `The request path is not valid percent-encoding near "${truncate(path, 60)}". Encode every byte outside A-Z a-z 0-9 - . _ ~ / as %XX of its UTF-8 form.`,
      ),
    );
  }
  return undefined;
}

function checkContentType(req: IncomingMessage): Rejection | undefined {
  const value = req.headers["content-type"];
  if (value === undefined || value === "" || parsableMediaType(value)) return undefined;
  return refuse(
    badRequest(
      `The Content-Type header "${truncate(value, 60)}" is not a valid media type; send type/subtype, for example application/json or multipart/form-data; boundary=...`,
    ),
  );
}

function checkSignature(
  exchange: Exchange,
  req: IncomingMessage,
  verifier: Verifier,
): Rejection | undefined {
  const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  const verification = verifier.verify(
    { method: exchange.method, url: exchange.target, rawHeaders: req.rawHeaders },
    host,
  );
  exchange.nonce = verification.nonce;
  if (verification.ok) return undefined;
  const where = `${exchange.method} ${exchange.shownPath}`;
  return {
    failure: verification.failure,
    ...(verification.retryAfterSeconds === undefined
      ? {}
      : { headers: { "retry-after": String(verification.retryAfterSeconds) } }),
    note: verification.diagnosis
      ? `mock-gallery: bad signature on ${where}: ${verification.diagnosis}`
      : `mock-gallery: rejected ${where}: ${verification.failure.body.message}`,
  };
}

function refuse(failure: Rejection["failure"]): Rejection {
  return { failure };
}

/** Whether a Content-Type is a WHATWG media type (as Prism parses it). */
function parsableMediaType(value: string): boolean {
  try {
    new MIMEType(value);
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
