/**
 * How an answer's body leaves the pipeline. JSON answers (and pages that are not, such as a
 * proxy's HTML) are read whole inside the attempt, so `timeoutMs` covers them and a 2xx that is
 * not JSON fails here, as an {@link AlteryxResponseError}, instead of as a raw SyntaxError in
 * the caller. Other answers (a package download) stream: the timeout then bounds each wait for
 * the next chunk, and a connection cut mid-body becomes an {@link AlteryxNetworkError}.
 */

import type { RequestSummary } from "./errors.js";
import { AlteryxNetworkError, AlteryxResponseError, AlteryxTimeoutError } from "./errors.js";

/** Media types that are read whole and, on a 2xx, must parse as JSON. */
const READ_WHOLE = /^\s*(application\/([\w.+-]+\+)?json|text\/json|text\/html)\s*(;|$)/i;

/**
 * True when the pipeline reads this answer whole: a JSON or HTML body (an HTML page is never
 * the Admin API's answer, but a proxy's or a login page's). Other types, and answers without a
 * Content-Type, stream.
 * @internal
 */
export function isReadWhole(response: Response): boolean {
  return READ_WHOLE.test(response.headers.get("content-type") ?? "");
}

/**
 * Headers of a Response rebuilt from another's body, which fetch has already decoded: its
 * encoding, and a length that counted encoded or BOM-prefixed bytes, no longer apply.
 */
function rebuiltHeaders(response: Response, keepLength: boolean): Headers {
  const headers = new Headers(response.headers);
  if (!keepLength || headers.has("content-encoding")) headers.delete("content-length");
  headers.delete("content-encoding");
  return headers;
}

/**
 * Reads a whole answer as text and hands on a Response with that text. A 2xx whose text is not
 * JSON throws {@link AlteryxResponseError}. The text is parsed here once more than openapi-fetch
 * will: the price of a typed error, small next to a network round trip.
 * @internal
 */
export async function readWhole(
  response: Response,
  request: RequestSummary,
  read: (body: Promise<string>) => Promise<string>,
): Promise<Response> {
  const text = await read(response.text());
  if (response.ok && text.trim() !== "") {
    try {
      JSON.parse(text);
    } catch {
      throw new AlteryxResponseError({
        ...request,
        status: response.status,
        contentType: response.headers.get("content-type") ?? "",
        bodyStart: text.slice(0, 200),
      });
    }
  }
  return new Response(text, {
    status: response.status,
    statusText: response.statusText,
    headers: rebuiltHeaders(response, false),
  });
}

/** What a streamed body needs to turn its failures into typed errors. @internal */
export interface StreamContext {
  request: RequestSummary;
  attempts: number;
  /** Longest wait for one chunk (Infinity: none). */
  timeoutMs: number;
  /** The caller's signal: an abort by the caller is passed on as it is. */
  signal: AbortSignal;
}

/**
 * The answer with its body wrapped: a chunk that does not come within `timeoutMs` fails the read
 * with {@link AlteryxTimeoutError}, a connection cut with {@link AlteryxNetworkError}. The caller's
 * signal still aborts the read (fetch follows it).
 * @internal
 */
export function streamGuarded(response: Response, context: StreamContext): Response {
  const source = response.body;
  if (source === null) return response;
  const reader = source.getReader();
  const { request, attempts, timeoutMs, signal } = context;
  const guarded = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        // A stalled read is cancelled, which ends it (done): the flag tells that from the end.
        let stalled = false;
        const timer = Number.isFinite(timeoutMs)
          ? setTimeout(() => {
              stalled = true;
              reader.cancel().catch(() => undefined);
            }, timeoutMs)
          : undefined;
        try {
          const result = await reader.read();
          if (stalled) {
            controller.error(
              new AlteryxTimeoutError({ ...request, attempts, during: "body", timeoutMs }),
            );
          } else if (result.done) controller.close();
          else controller.enqueue(result.value);
        } catch (cause) {
          // An abort by the caller stays what it is; anything else is the connection failing.
          controller.error(
            stalled
              ? new AlteryxTimeoutError({ ...request, attempts, during: "body", timeoutMs })
              : signal.aborted
                ? signal.reason
                : new AlteryxNetworkError({ ...request, attempts, during: "body", cause }),
          );
        } finally {
          clearTimeout(timer);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(guarded, {
    status: response.status,
    statusText: response.statusText,
    headers: rebuiltHeaders(response, true),
  });
}
