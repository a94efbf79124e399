// The request body: read whole up to the size limit, and checked where Prism would answer
// something that is not Gallery-shaped (invalid JSON).
import type { IncomingMessage } from "node:http";
import { badRequest, galleryError } from "../gallery-error.js";
import type { Rejection } from "./reject.js";

/** The largest request body accepted. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Reads the whole body, or refuses it with a 413 past {@link MAX_BODY_BYTES}. */
export async function readBody(req: IncomingMessage): Promise<Buffer | Rejection> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      return {
        failure: galleryError(
          413,
          "ArgumentException",
          `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
        ),
      };
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Refuses a JSON body that does not parse (Prism would answer its own non-Gallery error). */
export function checkBody(body: Buffer, contentType: string | undefined): Rejection | undefined {
  if (body.length === 0 || !/json/i.test(contentType ?? "") || isJson(body)) return undefined;
  return {
    failure: badRequest(
      "The request body is not valid JSON (UTF-8, without a byte order mark); fix the body or its Content-Type.",
    ),
  };
}

function isJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString("utf8"));
    return true;
  } catch {
    return false;
  }
}
