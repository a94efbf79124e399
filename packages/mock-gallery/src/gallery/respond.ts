// How the in-memory Gallery meets HTTP: a request target becomes a RouteRequest, and a
// RouteResponse is written to a ServerResponse. The front server uses it to answer without
// Prism (`validation: false`, and streamed packages in both modes); the Gallery's own server,
// which only Prism talks to, shares the request side.
import type { ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import type { RouteRequest, RouteResponse } from "./routes/route.js";

/** The Admin v1 mount point of a Gallery. */
export const ADMIN_V1_BASE = "/gallery/api/admin/v1";

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Builds what the routes see from a request target (with or without its base: the Admin v1
 * base of /gallery/api by default, or the one the request came in under, /webapi/admin/v1).
 */
export function toRouteRequest(
  method: string,
  target: string,
  contentType: string | undefined,
  body: Uint8Array,
  base: string = ADMIN_V1_BASE,
): RouteRequest {
  const url = new URL(target, "http://gallery.invalid");
  const path = relativePath(url.pathname, base);
  return { method, path, query: url.searchParams, contentType, body };
}

/** The path a target's route is matched on: normalized, relative to the base it came under. */
export function routePath(target: string, base: string = ADMIN_V1_BASE): string {
  return relativePath(new URL(target, "http://gallery.invalid").pathname, base);
}

function relativePath(pathname: string, base: string): string {
  return pathname.startsWith(base) ? pathname.slice(base.length) : pathname;
}

/**
 * Test hook behind `faults.corruptNextResponse`: the first item of a list loses its string id,
 * which breaks the spec (Prism flags it; without validation the client receives it as is).
 */
export function corruptFirstItem(json: unknown): unknown {
  if (!Array.isArray(json) || json.length === 0) return json;
  const [first, ...rest] = json as Array<Record<string, unknown>>;
  const { id: _dropped, ...withoutId } = first ?? {};
  return [{ ...withoutId, id: 42 }, ...rest];
}

/** How {@link sendRouteResponse} writes a JSON answer. */
export interface SendOptions {
  /** Prefix JSON bodies with a UTF-8 BOM. */
  bom: boolean;
  /** Break the first item of a list (see {@link corruptFirstItem}). */
  corrupt: boolean;
  /** Answer a HEAD request: the headers of the GET answer, no body (none is produced). */
  head?: boolean;
}

/**
 * Writes a route's answer with its exact Content-Length; a streamed package is piped with
 * backpressure, so it is produced only as fast as the client reads it. A client that leaves
 * mid-stream simply ends the stream.
 */
export async function sendRouteResponse(
  res: ServerResponse,
  result: RouteResponse,
  options: SendOptions,
): Promise<void> {
  if ("streamed" in result) {
    res.writeHead(result.status, {
      ...result.headers,
      "content-length": String(result.streamed.length),
    });
    if (options.head) res.end();
    else await pipeline(result.streamed.stream(), res).catch(() => res.destroy());
    return;
  }
  if ("binary" in result) {
    res.writeHead(result.status, { ...result.headers, "content-length": result.binary.length });
    res.end(result.binary);
    return;
  }
  if ("empty" in result) {
    res.writeHead(result.status, { "content-length": 0 });
    res.end();
    return;
  }
  const text = Buffer.from(
    JSON.stringify(options.corrupt ? corruptFirstItem(result.json) : result.json),
  );
  const payload = options.bom ? Buffer.concat([BOM, text]) : text;
  res.writeHead(result.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": payload.length,
  });
  res.end(payload);
}
