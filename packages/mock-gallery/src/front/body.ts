// The request body: read whole up to the size limit, and checked where Prism would answer
// something that is not the API's own error shape (invalid JSON).
import type { IncomingMessage } from "node:http";
import { v3BadRequest } from "../gallery/v3/v3-error.js";
import { badRequest } from "../gallery-error.js";
import { tooLarge } from "./preflight.js";
import type { Rejection } from "./reject.js";

/**
 * Reads the whole body, or refuses it with a 413 once it passes `maxBodyBytes` (a chunked body
 * announces no length; one with a Content-Length above the limit is refused before reading).
 */
export async function readBody(
  req: IncomingMessage,
  maxBodyBytes: number,
): Promise<Buffer | Rejection> {
  if (Number(req.headers["content-length"] ?? 0) > maxBodyBytes) {
    return { failure: tooLarge(maxBodyBytes), closeConnection: true };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) return { failure: tooLarge(maxBodyBytes), closeConnection: true };
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Refuses a JSON body that does not parse (Prism would answer its own error shape), in the
 * shape of the API it came to: Admin v1's Gallery error, or API v3's `{ message, modelState }`.
 */
export function checkBody(
  body: Buffer,
  contentType: string | undefined,
  api: "admin-v1" | "v3",
): Rejection | undefined {
  if (body.length === 0 || !/json/i.test(contentType ?? "") || isJson(body)) return undefined;
  const message =
    "The request body is not valid JSON (UTF-8, without a byte order mark); fix the body or its Content-Type.";
  return { failure: api === "v3" ? v3BadRequest(message) : badRequest(message) };
}

function isJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString("utf8"));
    return true;
  } catch {
    return false;
  }
}
