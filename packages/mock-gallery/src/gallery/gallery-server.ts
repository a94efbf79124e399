// The in-memory Gallery behind Prism: a plain HTTP server on 127.0.0.1 (random port) that
// only Prism talks to.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  bytesToPrismText,
  prismTextToBytes,
  TRANSCODED_HEADER,
} from "../prism/binary-body-workaround.js";
import type { Gallery } from "./create-gallery.js";
import { corruptFirstItem, toRouteRequest } from "./respond.js";
import { isV3Path, WEBAPI_BASE } from "./v3/v3-router.js";

export { ADMIN_V1_BASE } from "./respond.js";

/** Header the front server uses to ask the Gallery to break a response (violation tests). */
export const CORRUPT_RESPONSE_HEADER = "x-mock-gallery-corrupt-response";

/** Starts the Gallery's internal server; resolves to its origin. */
export async function startGalleryServer(
  gallery: Gallery,
): Promise<{ origin: string; server: Server }> {
  // Prism passes on the client's request line (up to the front's limit) with headers of its own.
  const server = createServer({ maxHeaderSize: 32 * 1024 }, (req, res) => {
    handle(gallery, req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        send(res, 500, {
          data: null,
          exceptionName: "Exception",
          innerExceptionMessage: error instanceof Error ? error.message : String(error),
          message: "An error has occurred.",
        });
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, server };
}

async function handle(gallery: Gallery, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let body: Uint8Array = Buffer.concat(chunks);
  if (req.headers[TRANSCODED_HEADER]) body = prismTextToBytes(body);
  const method = req.method ?? "GET";
  const target = req.url ?? "/";
  const contentType = req.headers["content-type"];
  // Prism's two upstreams: .../gallery/api/admin/v1 (Admin v1) and .../webapi (API v3).
  const result = isV3Path(new URL(target, "http://gallery.invalid").pathname)
    ? await gallery.handleV3(toRouteRequest(method, target, contentType, body, WEBAPI_BASE))
    : await gallery.handle(toRouteRequest(method, target, contentType, body));
  if ("streamed" in result) {
    // The front server sends these straight from the Gallery (Gallery.streams): Prism would
    // read the whole package into one string.
    throw new Error("a streamed package reached the Gallery's server behind Prism");
  }
  if ("binary" in result) {
    const text = bytesToPrismText(result.binary);
    res.writeHead(result.status, { ...result.headers, "content-length": text.length });
    res.end(text);
    return;
  }
  if ("empty" in result) {
    res.writeHead(result.status, { "content-length": 0 });
    res.end();
    return;
  }
  send(
    res,
    result.status,
    req.headers[CORRUPT_RESPONSE_HEADER] ? corruptFirstItem(result.json) : result.json,
  );
}

function send(res: ServerResponse, status: number, json: unknown): void {
  const text = JSON.stringify(json);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
