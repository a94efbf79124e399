/**
 * The parts of undici the CLI uses, imported from their own modules. undici's entry point loads
 * everything it offers (the HTTP cache, WebSocket, EventSource, mock agents, interceptors): that
 * was about 60% of this CLI's start-up, for fetch and four dispatcher classes. undici has no
 * `exports` map, so these paths are public files of the pinned version; `undici.test.ts` checks
 * that they are the very objects the entry point exports, so an upgrade that moves them fails
 * there rather than at a user's. Static imports (of CommonJS modules: the default import is
 * `module.exports`) let the bundler of the published CLI take them in.
 */

import type { Dispatcher } from "undici";
import requestOn from "undici/lib/api/api-request.js";
import AgentClass from "undici/lib/dispatcher/agent.js";
import EnvHttpProxyAgentClass from "undici/lib/dispatcher/env-http-proxy-agent.js";
import PoolClass from "undici/lib/dispatcher/pool.js";
import ProxyAgentClass from "undici/lib/dispatcher/proxy-agent.js";
import fetchModule from "undici/lib/web/fetch/index.js";

/** undici's fetch (the entry point's `fetch` only adds a stack trace to its errors). */
export const fetch = fetchModule.fetch;
/** undici's Agent. */
export const Agent = AgentClass;
/** undici's Pool. */
export const Pool = PoolClass;
/** undici's ProxyAgent. */
export const ProxyAgent = ProxyAgentClass;
/** undici's EnvHttpProxyAgent. */
export const EnvHttpProxyAgent = EnvHttpProxyAgentClass;

/**
 * undici's `request` on a dispatcher: the entry point adds it to every dispatcher's prototype,
 * and that is not loaded here.
 */
export function request(
  dispatcher: Dispatcher,
  options: Dispatcher.RequestOptions,
): Promise<Dispatcher.ResponseData> {
  return requestOn.call(dispatcher, options);
}
