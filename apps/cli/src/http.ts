/** The fetch the client uses: logs one line per request with --verbose, never a secret. */

import { redactUrl } from "@alteryx-admin/client";
import { errorCode } from "./errors.js";
import type { Logger } from "./log.js";

/**
 * Wraps fetch so every request is logged as `METHOD URL -> STATUS (ms)` at verbose level.
 * The URL loses its `oauth_*` parameters and headers are never printed, so neither the
 * signature nor the Authorization header can reach the terminal.
 */
export function loggingFetch(logger: Logger, base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const rawUrl = input instanceof Request ? input.url : String(input);
    const line = `${method.toUpperCase()} ${redactUrl(rawUrl)}`;
    const started = performance.now();
    try {
      const response = await base(input, init);
      logger.debug(`${line} -> ${response.status} (${Math.round(performance.now() - started)} ms)`);
      return response;
    } catch (error) {
      logger.debug(`${line} -> ${errorCode(error) ?? (error as Error).name}`);
      throw error;
    }
  };
}
