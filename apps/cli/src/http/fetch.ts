/**
 * The fetch the CLI gives the client: on the target's dispatcher (CA, proxy, timeouts), the
 * client's requests through undici's `request` (light-fetch.ts, the same answers for less CPU),
 * any other through undici's fetch; one log line per request with --verbose. Never logs a
 * header's value or an oauth_* value: the Authorization header shows its scheme only
 * (`Authorization: Bearer <redacted>`).
 * Failures pass through unchanged: the client turns them into its typed errors (method, origin
 * and path of the request), which is how the CLI names a failed request.
 */
import { redactUrl } from "@alteryx-admin/client";
import type { Dispatcher } from "undici";
import { errorCode } from "../errors.js";
import type { Logger } from "../log.js";
import { lightFetch } from "./light-fetch.js";
import { fetch as undiciFetch } from "./undici.js";

/** A fetch with the signature the client calls (`fetch(url, init)`), which doctor's probes use too. */
export type CliFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** Options of {@link createCliFetch}. */
export interface CliFetchOptions {
  dispatcher: Dispatcher;
  logger: Logger;
}

/** ` [Authorization: <scheme> <redacted>]` when the request carries credentials, else "". */
export function authorizationNote(headers: HeadersInit | undefined): string {
  if (headers === undefined) return "";
  const value = new Headers(headers).get("authorization");
  if (value === null) return "";
  // The scheme is a token before a space (RFC 9110); a bare value could be the credential itself.
  const scheme = /^[A-Za-z][A-Za-z0-9-]*(?= )/.exec(value)?.[0] ?? "(unknown scheme)";
  return ` [Authorization: ${scheme} <redacted>]`;
}

/** Creates the CLI's fetch for one target. */
export function createCliFetch(options: CliFetchOptions): CliFetch {
  const { dispatcher, logger } = options;
  // undici's Response type is its own; at run time it is the class the client reads.
  const send = (url: string, init: RequestInit) =>
    lightFetch(dispatcher, url, init) ??
    (undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    }) as Promise<Response>);
  // The log line is built only with --verbose: this runs for every request.
  if (logger.verbosity !== "verbose") return (url, init = {}) => send(url, init);
  return async (url, init = {}) => {
    const method = (init.method ?? "GET").toUpperCase();
    const shown = `${redactUrl(url)}${authorizationNote(init.headers)}`;
    const started = performance.now();
    try {
      const response = await send(url, init);
      logger.debug(
        `${method} ${shown} -> ${response.status} (${Math.round(performance.now() - started)} ms)`,
      );
      return response;
    } catch (error) {
      logger.debug(`${method} ${shown} -> ${errorCode(error) ?? (error as Error).name}`);
      throw error;
    }
  };
}
