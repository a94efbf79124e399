import * as undici from "undici";
import requestOn from "undici/lib/api/api-request.js";
import { describe, expect, it } from "vitest";
import { Agent, EnvHttpProxyAgent, fetch, Pool, ProxyAgent } from "./undici.js";

describe("undici's parts, required from their own modules", () => {
  it("are the objects undici's entry point exports", () => {
    expect(Agent).toBe(undici.Agent);
    expect(Pool).toBe(undici.Pool);
    expect(ProxyAgent).toBe(undici.ProxyAgent);
    expect(EnvHttpProxyAgent).toBe(undici.EnvHttpProxyAgent);
    expect(typeof fetch).toBe("function");
    expect(fetch.name).toBe("fetch");
    // request() calls the function the entry point puts on every dispatcher.
    expect(requestOn).toBe(undici.Dispatcher.prototype.request);
  });
});
