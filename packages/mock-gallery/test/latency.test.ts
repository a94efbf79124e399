// faults.setLatency: an answer leaves no sooner than the latency after its request arrived, and
// the request is worked on while its answer is held (not after a wait, which queued concurrent
// requests behind each other on the mock's one thread). Only lower bounds on time are asserted:
// a timer never fires early, so none of this can flake on a slow machine.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type MockGallery, startMockGallery } from "../src/index.js";
import { handSign, json, signedFetch } from "./sign.js";

const PACKAGE_BYTES = 8 * 1024 * 1024;
let mock: MockGallery;
let appId: string;

beforeAll(async () => {
  mock = await startMockGallery({ validation: false, packageBytes: PACKAGE_BYTES });
  const list = await signedFetch(mock.credentials, `${mock.url}/workflows/?limit=1`);
  appId = (await json<Array<{ id: string }>>(list))[0]?.id ?? "";
});
afterEach(() => mock.faults.setLatency(0));
afterAll(() => mock.close());

/** Resolves once `check` is true (polled every 10 ms), or rejects after `ms`. */
async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("setLatency", () => {
  it("works on the request while its answer is held, and answers at the latency", async () => {
    mock.faults.setLatency(2000);
    const before = mock.requests.length;
    const started = performance.now();
    let settled = false;
    const answer = signedFetch(mock.credentials, `${mock.url}/users/?pageSize=1`).finally(() => {
      settled = true;
    });
    // The request log has the answer's status once the Gallery has answered: long before 2 s.
    await until(() => mock.requests.length > before, 1500);
    expect(mock.requests.at(-1)).toMatchObject({
      path: "/gallery/api/admin/v1/users/",
      status: 200,
    });
    expect(settled).toBe(false);
    const res = await answer;
    expect(performance.now() - started).toBeGreaterThanOrEqual(1995);
    expect(res.status).toBe(200);
    expect(await json<unknown[]>(res)).toHaveLength(1);
  });

  it("holds a streamed package too, which then arrives whole", async () => {
    mock.faults.setLatency(300);
    const started = performance.now();
    const res = await signedFetch(mock.credentials, `${mock.url}/${appId}/package/`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(PACKAGE_BYTES));
    expect((await res.arrayBuffer()).byteLength).toBe(PACKAGE_BYTES);
  });

  it("answers concurrent requests, each with its own answer, no sooner than the latency", async () => {
    mock.faults.setLatency(300);
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, page) =>
        signedFetch(mock.credentials, `${mock.url}/users/?page=${page}&pageSize=5`),
      ),
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    const pages = await Promise.all(answers.map((res) => json<Array<{ id: string }>>(res)));
    expect(answers.map((res) => res.status)).toEqual(Array(8).fill(200));
    // Each answer is its own request's: eight different pages.
    expect(new Set(pages.flat().map((user) => user.id)).size).toBe(40);
  });

  it("cuts a dropped connection no sooner than the latency", async () => {
    mock.faults.setLatency(300);
    mock.faults.dropNext(1);
    const started = performance.now();
    await expect(signedFetch(mock.credentials, `${mock.url}/users/?pageSize=1`)).rejects.toThrow();
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    expect(mock.requests.at(-1)?.status).toBe(0);
  });

  it("lets a client leave while its answer is held, and goes on answering", async () => {
    mock.faults.setLatency(60_000);
    const signed = handSign(mock.credentials, `${mock.url}/users/?pageSize=1`);
    const leaving = fetch(signed.url, {
      headers: signed.headers,
      signal: AbortSignal.timeout(200),
    });
    await expect(leaving).rejects.toThrow();
    mock.faults.setLatency(0);
    const res = await signedFetch(mock.credentials, `${mock.url}/users/?pageSize=1`);
    expect(res.status).toBe(200);
  });
});
