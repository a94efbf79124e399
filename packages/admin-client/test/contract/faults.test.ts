/**
 * Retries against the mock's fault injection, on a mock of this file's own (its request log and
 * faults are per instance). The mock rejects a replayed nonce, so a recovered GET also proves
 * that each attempt was signed anew; the log shows it directly.
 */
import { KNOWN_CURATOR, type MockGallery, startMockGallery } from "@alteryx-admin/mock-gallery";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type AdminClient,
  AlteryxApiError,
  AlteryxNetworkError,
  AlteryxTimeoutError,
  createAdminClient,
  downloadPackage,
  paginate,
  publishWorkflow,
  type RetryEvent,
  unwrap,
} from "../../src/index.js";
import { fakePackage } from "./mock-client.js";

describe("retries with the mock's faults", () => {
  let mock: MockGallery;
  let admin: AdminClient;
  const retries: RetryEvent[] = [];

  beforeAll(async () => {
    mock = await startMockGallery({ seed: 2 });
    admin = createAdminClient({
      baseUrl: mock.url,
      ...mock.credentials,
      retry: { attempts: 3, minDelayMs: 5, maxDelayMs: 2000, onRetry: (e) => retries.push(e) },
    });
  });
  afterEach(() => {
    mock.faults.clear();
    retries.length = 0;
  });
  afterAll(() => mock.close());

  /** The log entries of the last `count` requests. */
  const last = (count: number) => mock.requests.slice(-count);

  it("recovers from 503s, with a fresh nonce on every attempt", async () => {
    mock.faults.failNext(2, 503, { retryAfterSeconds: 0 });
    const users = unwrap(
      await admin.GET("/users/", { params: { query: { page: 0, pageSize: 3 } } }),
    );
    expect(users).toHaveLength(3);
    const log = last(3);
    expect(log.map((r) => r.status)).toEqual([503, 503, 200]);
    const nonces = log.map((r) => r.nonce);
    expect(nonces.every((n) => typeof n === "string" && n.length > 0)).toBe(true);
    expect(new Set(nonces).size).toBe(3);
    expect(retries.map((r) => r.status)).toEqual([503, 503]);
  });

  it("waits as long as Retry-After says on a 429", async () => {
    mock.faults.failNext(1, 429, { retryAfterSeconds: 1 });
    // The wait is recorded rather than slept: the test checks what the client asks for.
    const slept: number[] = [];
    const recording = createAdminClient({
      baseUrl: mock.url,
      ...mock.credentials,
      retry: {
        attempts: 3,
        minDelayMs: 5,
        maxDelayMs: 2000,
        onRetry: (e) => retries.push(e),
        sleep: async (ms) => {
          slept.push(ms);
        },
      },
    });
    const subscriptions = unwrap(await recording.GET("/subscriptions/"));
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThanOrEqual(1000);
    expect(subscriptions.length).toBeGreaterThan(0);
    expect(last(2).map((r) => r.status)).toEqual([429, 200]);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.status).toBe(429);
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(1000);
  });

  it("recovers from a dropped connection", async () => {
    mock.faults.dropNext(1);
    const collections = unwrap(await admin.GET("/collections/"));
    expect(collections.length).toBeGreaterThan(0);
    const log = last(2);
    expect(log.map((r) => r.status)).toEqual([0, 200]);
    expect(log[0]?.nonce).not.toBe(log[1]?.nonce);
    expect(retries[0]?.error).toBeDefined();
  });

  it("keeps a paging walk going through faults", async () => {
    const everything = unwrap(await admin.GET("/users/", { params: { query: { pageSize: 0 } } }));
    mock.faults.failNext(1, 500);
    mock.faults.dropNext(1);
    const ids: string[] = [];
    for await (const user of paginate(admin, "/users/", { pageSize: 100 })) ids.push(user.id);
    expect(ids).toEqual(everything.map((u) => u.id));
  });

  it("gives up after the attempts with the typed error", async () => {
    mock.faults.failNext(3, 500);
    const error = await admin
      .GET("/schedules/")
      .then(unwrap)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlteryxApiError);
    expect(error).toMatchObject({ status: 500, attempts: 3 });
  });

  it("throws AlteryxNetworkError when every attempt is dropped", async () => {
    mock.faults.dropNext(3);
    const error = await admin.GET("/schedules/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlteryxNetworkError);
    expect(error).not.toBeInstanceOf(AlteryxTimeoutError);
    expect(error).toMatchObject({ attempts: 3, during: "request", path: "/schedules/" });
  });

  it("times out slow attempts", async () => {
    mock.faults.setLatency(400);
    const impatient = createAdminClient({
      baseUrl: mock.url,
      ...mock.credentials,
      timeoutMs: 50,
      retry: { attempts: 2, minDelayMs: 1 },
    });
    const error = await impatient.GET("/users/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlteryxTimeoutError);
    expect(error).toMatchObject({ attempts: 2, timeoutMs: 50, path: "/users/" });
  });

  it("never retries a POST", async () => {
    const before = mock.requests.filter((r) => r.method === "POST").length;
    mock.faults.failNext(1, 503, { retryAfterSeconds: 0 });
    const input = {
      file: fakePackage(5),
      name: "Not twice",
      owner: KNOWN_CURATOR.email,
      validate: false,
      isPublic: false,
    };
    await expect(publishWorkflow(admin, input)).rejects.toMatchObject({ status: 503 });
    expect(mock.requests.filter((r) => r.method === "POST").length).toBe(before + 1);
    expect(retries).toEqual([]);

    mock.faults.dropNext(1);
    await expect(publishWorkflow(admin, input)).rejects.toBeInstanceOf(AlteryxNetworkError);
    expect(mock.requests.filter((r) => r.method === "POST").length).toBe(before + 2);
    // Neither attempt reached the Gallery, and none was repeated behind the caller's back.
    const found = unwrap(
      await admin.GET("/workflows/", { params: { query: { search: "Not twice" } } }),
    );
    expect(found).toEqual([]);
  });

  it("never retries the migration toggle", async () => {
    const [workflow] = unwrap(await admin.GET("/workflows/", { params: { query: { limit: 1 } } }));
    const appId = workflow?.id ?? "";
    mock.faults.failNext(1, 503, { retryAfterSeconds: 0 });
    const put = await admin.PUT("/workflows/migratable/{appId}/", { params: { path: { appId } } });
    expect(put.response.status).toBe(503);
    expect(last(1)[0]).toMatchObject({ method: "PUT", status: 503 });
  });
});

describe("a server that prefixes JSON with a UTF-8 BOM", () => {
  let mock: MockGallery;
  let admin: AdminClient;
  beforeAll(async () => {
    mock = await startMockGallery({ bom: true });
    admin = createAdminClient({ baseUrl: mock.url, ...mock.credentials });
  });
  afterAll(() => mock.close());

  it("parses data, errors and pages", async () => {
    const users = unwrap(
      await admin.GET("/users/", { params: { query: { page: 0, pageSize: 2 } } }),
    );
    expect(users).toHaveLength(2);
    const error = await downloadPackage(admin, "0123456789abcdef01234567").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlteryxApiError);
    expect((error as AlteryxApiError).exceptionName).toBeTruthy();
    let count = 0;
    for await (const _ of paginate(admin, "/subscriptions/", { pageSize: 2 })) count++;
    expect(count).toBeGreaterThan(2);
  });
});
