/**
 * The network settings of one Gallery as an undici dispatcher: a private CA, a proxy (from
 * --proxy or HTTP_PROXY/HTTPS_PROXY/NO_PROXY) and the timeouts of --timeout. One dispatcher per
 * target, so two Galleries (migrate) never share a CA or a connection pool.
 */
import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import type { Dispatcher } from "undici";
import { Agent, EnvHttpProxyAgent, Pool, ProxyAgent } from "./undici.js";

/** The PEM text of NODE_EXTRA_CA_CERTS, when it names a readable file. */
function extraCertificates(env: NodeJS.ProcessEnv = process.env): string[] {
  if (!env.NODE_EXTRA_CA_CERTS) return [];
  try {
    return [readFileSync(env.NODE_EXTRA_CA_CERTS, "utf8")];
  } catch {
    // Node warns about an unreadable file at start-up already.
    return [];
  }
}

/** What a target's connections need. */
export interface NetworkSettings {
  /** PEM text of a private CA, trusted next to the usual public roots. */
  ca?: string | undefined;
  /** A proxy URL that overrides HTTP_PROXY, HTTPS_PROXY and NO_PROXY. */
  proxy?: string | undefined;
  /** No proxy at all, whatever the environment says (the demo Gallery on 127.0.0.1). */
  direct?: boolean | undefined;
  /**
   * The --timeout: the client bounds each attempt with it. The dispatcher's own waits
   * (connecting, the response headers, each wait for body data) get {@link BACKSTOP_MS} more.
   */
  timeoutMs: number;
}

/**
 * How much longer than --timeout undici waits. The client's timeout must fire first: it is the
 * one that fails with a typed error naming the request (AlteryxTimeoutError), and a tie between
 * the two would make the message depend on which timer ran first. undici's timers, the backstop
 * for requests made outside the client (doctor's probes), fire at most this much later.
 */
export const BACKSTOP_MS = 1000;

/**
 * Creates the dispatcher for one target. http:// requests through an http:// proxy are sent to
 * it as plain forward requests (as curl does); https:// ones go through a CONNECT tunnel, with
 * the CA applied to the Gallery's certificate inside it.
 */
export function createDispatcher(settings: NetworkSettings): Dispatcher {
  const limit = settings.timeoutMs + BACKSTOP_MS;
  const timeouts = { headersTimeout: limit, bodyTimeout: limit };
  // `ca` replaces Node's default list, so the public roots go with it, and the certificates of
  // NODE_EXTRA_CA_CERTS (a corporate proxy's CA, say), which Node adds to its list only.
  const tls = settings.ca ? { ca: [...rootCertificates, ...extraCertificates(), settings.ca] } : {};
  // Every pool, direct or behind a proxy, gets the timeouts: undici's proxy wrapper would
  // otherwise create its pools with the defaults (300 s).
  const factory = (origin: string | URL, options: object): Dispatcher =>
    new Pool(origin, { ...options, ...timeouts });
  const common = {
    ...timeouts,
    factory,
    proxyTunnel: false,
    requestTls: tls,
    connect: { ...tls, timeout: limit },
  };
  if (settings.direct) return new Agent({ ...timeouts, connect: common.connect });
  if (settings.proxy) return new ProxyAgent({ ...common, uri: settings.proxy });
  return new EnvHttpProxyAgent(common);
}

/**
 * Where the proxy for a request comes from: --proxy, else the first proxy variable set (undici
 * still applies NO_PROXY to each request), else nothing.
 */
export function proxySetting(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { url: string; origin: string } | undefined {
  if (flag) return { url: flag, origin: "--proxy" };
  for (const name of ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"]) {
    const value = env[name];
    if (value) return { url: value, origin: name };
  }
  return undefined;
}
