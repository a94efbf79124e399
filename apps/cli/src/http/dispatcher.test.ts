import { describe, expect, it } from "vitest";
import { createDispatcher } from "./dispatcher.js";
import { Agent, EnvHttpProxyAgent, ProxyAgent } from "./undici.js";

describe("createDispatcher", () => {
  const settings = { timeoutMs: 1000 };

  it("follows the environment's proxy variables without --proxy", async () => {
    const dispatcher = createDispatcher(settings);
    expect(dispatcher).toBeInstanceOf(EnvHttpProxyAgent);
    await dispatcher.close();
  });

  it("takes --proxy over the environment, and direct over both", async () => {
    const proxied = createDispatcher({ ...settings, proxy: "http://127.0.0.1:8" });
    expect(proxied).toBeInstanceOf(ProxyAgent);
    const direct = createDispatcher({ ...settings, proxy: "http://127.0.0.1:8", direct: true });
    expect(direct).toBeInstanceOf(Agent);
    await Promise.all([proxied.close(), direct.close()]);
  });
});
