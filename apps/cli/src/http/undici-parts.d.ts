// Types of the undici modules that src/http/undici.ts imports by path (undici types only its
// entry point): each is the CommonJS `module.exports` of that file.
declare module "undici/lib/web/fetch/index.js" {
  const fetchModule: { fetch: typeof import("undici").fetch };
  export default fetchModule;
}
declare module "undici/lib/dispatcher/agent.js" {
  const Agent: typeof import("undici").Agent;
  export default Agent;
}
declare module "undici/lib/dispatcher/pool.js" {
  const Pool: typeof import("undici").Pool;
  export default Pool;
}
declare module "undici/lib/dispatcher/proxy-agent.js" {
  const ProxyAgent: typeof import("undici").ProxyAgent;
  export default ProxyAgent;
}
declare module "undici/lib/dispatcher/env-http-proxy-agent.js" {
  const EnvHttpProxyAgent: typeof import("undici").EnvHttpProxyAgent;
  export default EnvHttpProxyAgent;
}
declare module "undici/lib/api/api-request.js" {
  const request: (
    this: import("undici").Dispatcher,
    options: import("undici").Dispatcher.RequestOptions,
  ) => Promise<import("undici").Dispatcher.ResponseData>;
  export default request;
}
