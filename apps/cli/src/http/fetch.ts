/**
 * The fetch the CLI gives the client: undici's fetch on the target's dispatcher (CA, proxy,
 * timeouts), one log line per request with --verbose, and every failure marked with the request
 * it belongs to, so that the error message can name it. Never logs a header or an oauth_* value.
 */
import { type Dispatcher, fetch as undiciFetch } from "undici";
import { errorCode } from "../errors.js";
import type { Logger } from "../log.js";
import { redactUrl } from "../log.js";
import { markFailedRequest, type RequestLabel } from "./request-label.js";

/** A fetch with the standard signature (the client may call it with a Request or a URL). */
export type CliFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Options of {@link createCliFetch}. */
export interface CliFetchOptions {
  dispatcher: Dispatcher;
  logger: Logger;
  /** The --timeout in seconds, for messages. */
  timeoutSeconds: number;
  /** The proxy in effect, for messages. */
  proxy?: RequestLabel["proxy"];
}

/** Splits a Request into a URL and an init undici's fetch accepts (it takes only its own Request class). */
async function toUrlAndInit(
  input: string | URL | Request,
  init: RequestInit | undefined,
): Promise<{ url: string; init: RequestInit }> {
  if (!(input instanceof Request)) return { url: String(input), init: init ?? {} };
  const copy: RequestInit = {
    method: input.method,
    headers: input.headers,
    signal: input.signal,
    redirect: input.redirect,
  };
  // Buffered, so that the length is known (the client buffers bodies anyway, to retry them).
  if (input.body !== null) copy.body = await input.arrayBuffer();
  return { url: input.url, init: { ...copy, ...init } };
}

/** Statuses whose responses have no body (a Response cannot be built with one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A Response whose body, when it fails (cut, or stalled past --timeout), fails with an error
 * marked with `label`. The bytes pass through unchanged.
 */
function withLabelledBody(response: Response, label: RequestLabel): Response {
  const source = response.body;
  if (source === null || NULL_BODY.has(response.status)) return response;
  const reader = source.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(markFailedRequest(error, { ...label, phase: "body" }));
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/**
 * Creates the CLI's fetch for one target. Errors are thrown unchanged (the client retries and
 * wraps them), but marked with the request so that {@link describeFailure} can name it.
 */
export function createCliFetch(options: CliFetchOptions): CliFetch {
  const { dispatcher, logger, timeoutSeconds, proxy } = options;
  return async (input, init) => {
    const request = await toUrlAndInit(input, init);
    const method = (request.init.method ?? "GET").toUpperCase();
    const shown = redactUrl(request.url);
    const label: RequestLabel = {
      method,
      url: shown,
      timeoutSeconds,
      phase: "request",
      proxy,
    };
    const started = performance.now();
    try {
      const response = (await undiciFetch(request.url, {
        ...(request.init as Parameters<typeof undiciFetch>[1]),
        dispatcher,
      })) as unknown as Response;
      logger.debug(
        `${method} ${shown} -> ${response.status} (${Math.round(performance.now() - started)} ms)`,
      );
      return withLabelledBody(response, label);
    } catch (error) {
      logger.debug(`${method} ${shown} -> ${errorCode(error) ?? (error as Error).name}`);
      throw markFailedRequest(error, label);
    }
  };
}
