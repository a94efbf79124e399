/**
 * The pipeline's 401 renewal on a fake fetch, with a stand-in authorize step: at most once per
 * call (across retries and redirects), only when the step says so, and the re-sent request is
 * the same one (method, body) with fresh credentials.
 */
import { describe, expect, it } from "vitest";
import { fakeFetch, json } from "../../test/fake-fetch.js";
import { createPipeline, type OutgoingRequest } from "./pipeline.js";

const BASE = "https://alteryx.example.com/webapi/admin/v1";
const retry = {
  attempts: 3,
  minDelayMs: 0,
  maxDelayMs: 0,
  onRetry: undefined,
  random: () => 0,
  sleep: async () => undefined,
};

function pipelineWith(fetch: ReturnType<typeof fakeFetch>, renewAnswer: boolean) {
  let issued = 0;
  const renewed: string[] = [];
  const run = createPipeline({
    baseUrl: BASE,
    authorize: (request: OutgoingRequest) => {
      request.headers.set("authorization", `Bearer t${++issued}`);
    },
    renew: (request: OutgoingRequest) => {
      renewed.push(request.headers.get("authorization") ?? "");
      return renewAnswer;
    },
    auth: "oauth2",
    fetch,
    dispatcher: undefined,
    timeoutMs: 10_000,
    retry,
  });
  return { run, renewed };
}

describe("pipeline: a 401 renews the credentials once per call", () => {
  it("re-sends a POST with its body and new credentials", async () => {
    const fetch = fakeFetch((_, n) => (n === 1 ? json({ message: "denied" }, 401) : json("ok")));
    const { run, renewed } = pipelineWith(fetch, true);
    const response = await run(
      new Request(`${BASE}/workflows/`, { method: "POST", body: "payload" }),
    );
    expect(response.status).toBe(200);
    expect(renewed).toEqual(["Bearer t1"]);
    expect(fetch.calls.map((c) => c.headers.get("authorization"))).toEqual([
      "Bearer t1",
      "Bearer t2",
    ]);
    expect(fetch.calls.map((c) => new TextDecoder().decode(c.body ?? undefined))).toEqual([
      "payload",
      "payload",
    ]);
  });

  it("does not renew again on a later attempt of the same call", async () => {
    const answers = [401, 503, 401];
    const fetch = fakeFetch((_, n) => json({}, answers[n - 1] ?? 200));
    const { run, renewed } = pipelineWith(fetch, true);
    const response = await run(new Request(`${BASE}/users/`));
    // 401 -> renew, re-send -> 503 -> retry -> 401: handed on, not renewed a second time.
    expect(response.status).toBe(401);
    expect(renewed).toHaveLength(1);
    expect(fetch.calls).toHaveLength(3);
  });

  it("hands the 401 on when the step does not renew", async () => {
    const fetch = fakeFetch(() => json({}, 401));
    const { run, renewed } = pipelineWith(fetch, false);
    expect((await run(new Request(`${BASE}/users/`))).status).toBe(401);
    expect(renewed).toHaveLength(1);
    expect(fetch.calls).toHaveLength(1);
  });
});
