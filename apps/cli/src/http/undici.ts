/**
 * The parts of undici the CLI uses, required from their own modules. undici's entry point loads
 * everything it offers (the HTTP cache, WebSocket, EventSource, mock agents, interceptors): that
 * was about 60% of this CLI's start-up, for fetch and four dispatcher classes. undici has no
 * `exports` map, so these paths are public files of the pinned version; `undici.test.ts` checks
 * that they are the very objects the entry point exports, so an upgrade that moves them fails
 * there rather than at a user's.
 */
import { createRequire } from "node:module";
import type * as Undici from "undici";

const require = createRequire(import.meta.url);

/** undici's fetch (the entry point's `fetch` only adds a stack trace to its errors). */
export const fetch: typeof Undici.fetch = (
  require("undici/lib/web/fetch/index.js") as { fetch: typeof Undici.fetch }
).fetch;
/** undici's Agent. */
export const Agent: typeof Undici.Agent = require("undici/lib/dispatcher/agent.js");
/** undici's Pool. */
export const Pool: typeof Undici.Pool = require("undici/lib/dispatcher/pool.js");
/** undici's ProxyAgent. */
export const ProxyAgent: typeof Undici.ProxyAgent = require("undici/lib/dispatcher/proxy-agent.js");
/** undici's EnvHttpProxyAgent. */
export const EnvHttpProxyAgent: typeof Undici.EnvHttpProxyAgent = require("undici/lib/dispatcher/env-http-proxy-agent.js");
