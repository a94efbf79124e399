/**
 * OAuth2 against the mock, on a mock of this file's own whose tokens live 2 s: a walk over every
 * page of a listing that outlasts several tokens (the mock's latency spans them) fails no call
 * (token requests counted by the mock). On the shared mock, a cold client firing 100 concurrent
 * calls makes exactly one token request; an Admin v1 and a Server API v3 client sharing one
 * token source make one between them (counted by a mock of their own). All go through the
 * bearer guard and Prism.
 */
import { DATASET_SIZES, type MockGallery, startMockGallery } from "@alteryx-admin/mock-gallery";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type AdminClient,
  AlteryxTokenError,
  createAdminClient,
  createServerClient,
  type FetchLike,
  paginate,
  unwrap,
} from "../../src/index.js";

describe("OAuth2 against the mock", () => {
  let mock: MockGallery;
  const client = (extra: { consumerSecret?: string } = {}): AdminClient =>
    createAdminClient({ baseUrl: `${mock.webapiUrl}/admin/v1`, ...mock.credentials, ...extra });

  beforeAll(async () => {
    mock = await startMockGallery({ seed: 3, tokenLifetimeSeconds: 2 });
  });
  afterEach(() => mock.faults.clear());
  afterAll(() => mock.close());

  it("walks every page of /users/ while tokens expire, and no call fails", async () => {
    const admin = client();
    expect(admin.auth).toBe("oauth2");
    const everything = unwrap(await admin.GET("/users/", { params: { query: { pageSize: 0 } } }));
    expect(everything).toHaveLength(DATASET_SIZES.users);
    const before = { ...mock.stats };
    const requestsBefore = mock.requests.length;
    // At least 12 pages of 300 ms each: the walk outlasts the 2 s token more than once.
    mock.faults.setLatency(300);
    const pageSize = Math.max(1, Math.floor(DATASET_SIZES.users / 12));
    const walked: string[] = [];
    for await (const user of paginate(admin, "/users/", { pageSize })) walked.push(user.id);
    expect(walked).toEqual(everything.map((u) => u.id));
    expect(mock.stats.tokensIssued - before.tokensIssued).toBeGreaterThanOrEqual(2);
    const statuses = mock.requests.slice(requestsBefore).map((r) => r.status);
    expect(statuses.every((status) => status === 200)).toBe(true);
  }, 120_000);

  it("a wrong secret is an AlteryxTokenError from the mock's token endpoint", async () => {
    const error = await client({ consumerSecret: "not-the-secret" })
      .GET("/users/", { params: { query: { page: 0, pageSize: 1 } } })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(AlteryxTokenError);
    expect((error as AlteryxTokenError).error).toBe("invalid_client");
    expect((error as AlteryxTokenError).status).toBe(401);
    expect((error as Error).message).not.toContain("not-the-secret");
  }, 60_000);
});
describe("one token source for the Admin v1 and the Server API v3 client", () => {
  let mock: MockGallery;

  beforeAll(async () => {
    // Tokens that live an hour: a slow run does not refresh one part-way.
    mock = await startMockGallery({ seed: 3 });
  });
  afterAll(() => mock.close());

  /** Calls through both clients, five at a time on each; the token requests the mock counted. */
  async function tokenRequestsFor(shared: boolean): Promise<number> {
    const before = mock.stats.tokenRequests;
    const admin = createAdminClient({ baseUrl: `${mock.webapiUrl}/admin/v1`, ...mock.credentials });
    const server = createServerClient({
      baseUrl: mock.webapiUrl,
      ...mock.credentials,
      ...(shared ? { tokenSource: admin.tokenSource } : {}),
    });
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () =>
        admin.GET("/users/", { params: { query: { page: 0, pageSize: 1 } } }),
      ),
      ...Array.from({ length: 5 }, () => server.GET("/v3/users", {})),
    ]);
    expect(answers.map((answer) => answer.response.status)).toEqual(Array(10).fill(200));
    // Later calls on either client reuse the token too.
    unwrap(await server.GET("/v3/users", {}));
    unwrap(await admin.GET("/users/", { params: { query: { page: 0, pageSize: 1 } } }));
    return mock.stats.tokenRequests - before;
  }

  it("makes one token request for calls through both clients given admin.tokenSource", async () => {
    expect(await tokenRequestsFor(true)).toBe(1);
  }, 60_000);

  it("makes one per client without it (each owns a token source)", async () => {
    expect(await tokenRequestsFor(false)).toBe(2);
  }, 60_000);
});

describe("OAuth2 against the shared mock (tokens live an hour)", () => {
  it("a cold client firing 100 concurrent calls makes exactly one token request", async () => {
    // Counted by a fetch wrapper in front of the mock: the global mock's stats live in another
    // process (vitest's global setup), and on the 2 s mock above a slow run would rightly
    // refresh the token part-way.
    const { webapiUrl, consumerKey, consumerSecret } = inject("mockGallery");
    const sent: string[] = [];
    const counting: FetchLike = (url, init) => {
      sent.push(new URL(url).pathname);
      return fetch(url, init);
    };
    const admin = createAdminClient({
      baseUrl: `${webapiUrl}/admin/v1`,
      consumerKey,
      consumerSecret,
      fetch: counting,
    });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        admin.GET("/users/", { params: { query: { page: i % 5, pageSize: 2 } } }),
      ),
    );
    expect(results.map((r) => r.response.status)).toEqual(Array(100).fill(200));
    expect(sent.filter((path) => path === "/webapi/oauth2/token")).toHaveLength(1);
    expect(sent.filter((path) => path === "/webapi/admin/v1/users/")).toHaveLength(100);
  }, 120_000);
});
