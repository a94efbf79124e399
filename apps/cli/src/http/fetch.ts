/**
 * The fetch the CLI gives the client: undici's fetch on the target's dispatcher (CA, proxy,
 * timeouts), one log line per request with --verbose, and every failure marked with the request
 * it belongs to, so that the error message can name it. Never logs a header or an oauth_* value.
 */
import type { Dispatcher } from "undici";
import { errorCode } from "../errors.js";
import type { Logger } from "../log.js";
import { redactUrl } from "../log.js";
import { markFailedRequest, type RequestLabel } from "./request-label.js";
import { fetch as undiciFetch } from "./undici.js";

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

/** The Response methods that read the whole body. */
const BODY_READERS = new Set<PropertyKey>([
  "json",
  "text",
  "arrayBuffer",
  "blob",
  "formData",
  "bytes",
]);

/** A body stream whose failure (cut, or stalled past --timeout) is marked with `label`. */
function labelledStream(source: ReadableStream<Uint8Array>, label: RequestLabel) {
  const reader = source.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(markFailedRequest(error, label));
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/**
 * The response, seen through a Proxy whose body readers (and `body` stream) fail with errors
 * marked with `label`. A Proxy rather than a new Response: most answers are read with json() or
 * text(), and building a stream per request would cost more than the rest of the request.
 */
function withLabelledBody(response: Response, label: RequestLabel): Response {
  const bodyLabel: RequestLabel = { ...label, phase: "body" };
  let body: ReadableStream<Uint8Array> | null | undefined;
  return new Proxy(response, {
    get(target, property) {
      if (property === "body") {
        body ??= target.body && labelledStream(target.body, bodyLabel);
        return body;
      }
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (!BODY_READERS.has(property)) return value.bind(target);
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } catch (error) {
          throw markFailedRequest(error, bodyLabel);
        }
      };
    },
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
