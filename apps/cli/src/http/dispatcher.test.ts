import { describe, expect, it } from "vitest";
import { createDispatcher } from "./dispatcher.js";
import { Agent, EnvHttpProxyAgent, ProxyAgent } from "./undici.js";

describe("createDispatcher", () => {
  const settings = { timeoutMs: 1000 };

  it("connects directly when no proxy variable is set (no NO_PROXY check per request)", async () => {
    const dispatcher = createDispatcher(settings, { NO_PROXY: "example.com" });
    expect(dispatcher).toBeInstanceOf(Agent);
    expect(dispatcher).not.toBeInstanceOf(EnvHttpProxyAgent);
    await dispatcher.close();
  });

  it("follows the environment when a proxy variable is set", async () => {
    for (const name of ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"]) {
      const dispatcher = createDispatcher(settings, { [name]: "http://127.0.0.1:9" });
      expect(dispatcher, name).toBeInstanceOf(EnvHttpProxyAgent);
      await dispatcher.close();
    }
  });

  it("takes --proxy over the environment, and direct over both", async () => {
    const env = { HTTPS_PROXY: "http://127.0.0.1:9" };
    const proxied = createDispatcher({ ...settings, proxy: "http://127.0.0.1:8" }, env);
    expect(proxied).toBeInstanceOf(ProxyAgent);
    const direct = createDispatcher(
      { ...settings, proxy: "http://127.0.0.1:8", direct: true },
      env,
    );
    expect(direct).toBeInstanceOf(Agent);
    await Promise.all([proxied.close(), direct.close()]);
  });
});
