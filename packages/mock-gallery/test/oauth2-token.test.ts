// POST /webapi/oauth2/token: the client-credentials grant with both client authentications,
// RFC 6749 5.2 errors for each mistake, the token lifetime, and the count of token requests.
import { createTokenSource } from "@alteryx-admin/oauth2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockGallery, startMockGallery } from "../src/index.js";
import { basicAuthorization, bearerGet, postToken } from "./oauth2.js";

let gallery: MockGallery;
let shortLived: MockGallery;
const lines: string[] = [];
beforeAll(async () => {
  [gallery, shortLived] = await Promise.all([
    // A secret with characters that form-encoding changes, as RFC 6749 2.3.1 Basic sends them.
    startMockGallery({ consumerSecret: "s3cret+/=:%&é", logger: (line) => lines.push(line) }),
    startMockGallery({ tokenLifetimeSeconds: 1, validation: false }),
  ]);
});
afterAll(async () => {
  await Promise.all([gallery?.close(), shortLived?.close()]);
});

const key = () => gallery.credentials.consumerKey;
const secret = () => gallery.credentials.consumerSecret;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

interface TokenAnswer {
  access_token: string;
  token_type: string;
  expires_in: number;
}
interface TokenErrorAnswer {
  error: string;
  error_description: string;
}

async function expectError(res: Response, status: number, error: string): Promise<string> {
  const body = (await res.json()) as TokenErrorAnswer;
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(body.error).toBe(error);
  // RFC 6749 5.2: error_description is printable ASCII without " and \.
  expect(body.error_description).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]+$/);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(res.headers.get("cache-control")).toBe("no-store");
  return body.error_description;
}

describe("a token", () => {
  it("is issued to HTTP Basic with id and secret form-encoded (RFC 6749 2.3.1)", async () => {
    const res = await postToken(gallery.tokenUrl, "grant_type=client_credentials", {
      authorization: basicAuthorization(key(), secret()),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("pragma")).toBe("no-cache");
    const body = (await res.json()) as TokenAnswer;
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      token_type: "bearer",
      expires_in: 3600,
    });
    expect(
      (await bearerGet(`${gallery.webapiUrl}/admin/v1/users/?pageSize=1`, body.access_token))
        .status,
    ).toBe(200);
  });

  it("is issued to HTTP Basic of the raw key:secret too (as many clients send it)", async () => {
    const raw = `Basic ${Buffer.from(`${key()}:${secret()}`).toString("base64")}`;
    const res = await postToken(gallery.tokenUrl, "grant_type=client_credentials", {
      authorization: raw,
    });
    expect(res.status).toBe(200);
  });

  it("is issued to client_id and client_secret form fields", async () => {
    const res = await postToken(
      gallery.tokenUrl,
      form({ grant_type: "client_credentials", client_id: key(), client_secret: secret() }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as TokenAnswer).token_type).toBe("bearer");
  });

  it("is random: two requests get two different tokens", async () => {
    const body = form({
      grant_type: "client_credentials",
      client_id: key(),
      client_secret: secret(),
    });
    const [a, b] = await Promise.all([
      postToken(gallery.tokenUrl, body),
      postToken(gallery.tokenUrl, body),
    ]);
    const tokens = await Promise.all(
      [a, b].map(async (r) => ((await r.json()) as TokenAnswer).access_token),
    );
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  it("never appears in the log lines, nor does the secret", async () => {
    const res = await postToken(gallery.tokenUrl, "grant_type=client_credentials", {
      authorization: basicAuthorization(key(), secret()),
    });
    const { access_token } = (await res.json()) as TokenAnswer;
    await bearerGet(`${gallery.webapiUrl}/admin/v1/users/?pageSize=1`, access_token);
    await bearerGet(`${gallery.webapiUrl}/admin/v1/users/?pageSize=1`, `${access_token}x`);
    await postToken(
      gallery.tokenUrl,
      form({ grant_type: "client_credentials", client_id: key(), client_secret: `${secret()}x` }),
    );
    const log = lines.join("\n");
    expect(log).toContain("POST /webapi/oauth2/token 200");
    expect(log).toContain("GET /webapi/admin/v1/users/ 401");
    expect(log).not.toContain(access_token);
    expect(log).not.toContain(secret());
    expect(log).not.toContain(encodeURIComponent(secret()));
  });
});

describe("refusals in the RFC 6749 5.2 shape", () => {
  it("a wrong secret is invalid_client, 401 with WWW-Authenticate: Basic", async () => {
    for (const res of [
      await postToken(gallery.tokenUrl, "grant_type=client_credentials", {
        authorization: basicAuthorization(key(), "wrong"),
      }),
      await postToken(
        gallery.tokenUrl,
        form({ grant_type: "client_credentials", client_id: key(), client_secret: "wrong" }),
      ),
    ]) {
      const description = await expectError(res, 401, "invalid_client");
      expect(res.headers.get("www-authenticate")).toMatch(/^Basic/);
      expect(description).toMatch(/client secret does not belong to this client id/);
    }
  });

  it("an unknown client id is invalid_client and says which part is wrong", async () => {
    const res = await postToken(gallery.tokenUrl, "grant_type=client_credentials", {
      authorization: basicAuthorization("not-a-key", secret()),
    });
    expect(await expectError(res, 401, "invalid_client")).toMatch(/client id is not an API key/);
  });

  it("no client authentication at all is invalid_client and says how to send it", async () => {
    const res = await postToken(gallery.tokenUrl, "grant_type=client_credentials");
    expect(await expectError(res, 401, "invalid_client")).toMatch(
      /HTTP Basic .* or as the form fields client_id and client_secret/,
    );
  });

  it("a Bearer header instead of Basic is invalid_client", async () => {
    const res = await postToken(gallery.tokenUrl, "grant_type=client_credentials", {
      authorization: "Bearer abc",
    });
    expect(await expectError(res, 401, "invalid_client")).toMatch(/must be Basic/);
  });

  it("both Basic and form credentials are invalid_request (RFC 6749 2.3 allows one)", async () => {
    const res = await postToken(
      gallery.tokenUrl,
      form({ grant_type: "client_credentials", client_id: key(), client_secret: secret() }),
      { authorization: basicAuthorization(key(), secret()) },
    );
    expect(await expectError(res, 400, "invalid_request")).toMatch(/authenticates twice/);
  });

  it("another grant type is unsupported_grant_type; none is invalid_request", async () => {
    const auth = { authorization: basicAuthorization(key(), secret()) };
    const password = await postToken(
      gallery.tokenUrl,
      "grant_type=password&username=a&password=b",
      auth,
    );
    expect(await expectError(password, 400, "unsupported_grant_type")).toMatch(
      /client_credentials only/,
    );
    const none = await postToken(gallery.tokenUrl, "scope=x", auth);
    expect(await expectError(none, 400, "invalid_request")).toMatch(
      /grant_type parameter is missing/,
    );
    const twice = await postToken(
      gallery.tokenUrl,
      "grant_type=client_credentials&grant_type=client_credentials",
      auth,
    );
    expect(await expectError(twice, 400, "invalid_request")).toMatch(/more than once/);
  });

  it("a malformed body is invalid_request: broken %-escapes, bytes that are not UTF-8, JSON", async () => {
    const auth = { authorization: basicAuthorization(key(), secret()) };
    const broken = await postToken(gallery.tokenUrl, "grant_type=client_credentials&x=%zz", auth);
    expect(await expectError(broken, 400, "invalid_request")).toMatch(/%XX escape/);
    const latin1 = await postToken(gallery.tokenUrl, new Uint8Array([0x67, 0x3d, 0xe9]), auth);
    expect(await expectError(latin1, 400, "invalid_request")).toMatch(/not UTF-8/);
    const json = await fetch(gallery.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth },
      body: JSON.stringify({ grant_type: "client_credentials" }),
    });
    expect(await expectError(json, 400, "invalid_request")).toMatch(
      /must be application\/x-www-form-urlencoded/,
    );
  });

  it("a GET is 405 with Allow: POST", async () => {
    const res = await fetch(gallery.tokenUrl);
    expect(await expectError(res, 405, "invalid_request")).toMatch(/POST only/);
    expect(res.headers.get("allow")).toBe("POST");
  });

  it("never echoes the secret", async () => {
    const res = await postToken(
      gallery.tokenUrl,
      form({
        grant_type: "client_credentials",
        client_id: key(),
        client_secret: `${secret()}-typo`,
      }),
    );
    expect(JSON.stringify(await res.json())).not.toContain(secret());
  });
});

describe("lifetime and counts", () => {
  it("tokenLifetimeSeconds is expires_in, and the token is refused once it is over", async () => {
    const res = await postToken(
      shortLived.tokenUrl,
      form({
        grant_type: "client_credentials",
        client_id: shortLived.credentials.consumerKey,
        client_secret: shortLived.credentials.consumerSecret,
      }),
    );
    const { access_token, expires_in } = (await res.json()) as TokenAnswer;
    expect(expires_in).toBe(1);
    const users = `${shortLived.webapiUrl}/admin/v1/users/?pageSize=1`;
    expect((await bearerGet(users, access_token)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await bearerGet(users, access_token);
    expect(expired.status).toBe(401);
    const body = (await expired.json()) as { innerExceptionMessage: string };
    expect(body.innerExceptionMessage).toMatch(
      /^The bearer token expired \d+ s ago \(tokens last 1 s/,
    );
  });

  it("stats count every token request, answered or refused, and the tokens issued", async () => {
    const before = { ...shortLived.stats };
    const { consumerKey, consumerSecret } = shortLived.credentials;
    await postToken(
      shortLived.tokenUrl,
      form({
        grant_type: "client_credentials",
        client_id: consumerKey,
        client_secret: consumerSecret,
      }),
    );
    await postToken(
      shortLived.tokenUrl,
      form({ grant_type: "client_credentials", client_id: consumerKey, client_secret: "no" }),
    );
    expect(shortLived.stats).toEqual({
      tokenRequests: before.tokenRequests + 2,
      tokensIssued: before.tokensIssued + 1,
    });
    expect(shortLived.requests.slice(-2).map((r) => [r.method, r.path, r.status])).toEqual([
      ["POST", "/webapi/oauth2/token", 200],
      ["POST", "/webapi/oauth2/token", 401],
    ]);
  });

  it("faults are not taken by token requests (they are for the API calls)", async () => {
    shortLived.faults.failNext(1, 503);
    const { consumerKey, consumerSecret } = shortLived.credentials;
    const res = await postToken(
      shortLived.tokenUrl,
      form({
        grant_type: "client_credentials",
        client_id: consumerKey,
        client_secret: consumerSecret,
      }),
    );
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as TokenAnswer;
    const users = `${shortLived.webapiUrl}/admin/v1/users/?pageSize=1`;
    expect((await bearerGet(users, access_token)).status).toBe(503);
    expect((await bearerGet(users, access_token)).status).toBe(200);
  });
});

describe("a listing walked while tokens expire", () => {
  it("every page answers 200 to a client that gets a new token on a 401 (lifetime 1 s, latency 150 ms)", async () => {
    // No refresh skew: the client keeps its token until expires_in runs out by its own clock,
    // which starts later than the mock's, so it does meet 401s near each expiry.
    const tokens = createTokenSource({
      tokenUrl: shortLived.tokenUrl,
      clientId: shortLived.credentials.consumerKey,
      clientSecret: shortLived.credentials.consumerSecret,
      refreshSkewSeconds: 0,
    });
    const get = async (url: string): Promise<Response> => {
      const token = await tokens.getToken();
      const res = await bearerGet(url, token);
      if (res.status !== 401) return res;
      tokens.invalidate(token);
      return bearerGet(url, await tokens.getToken());
    };
    const issuedBefore = shortLived.stats.tokensIssued;
    shortLived.faults.setLatency(150);
    const ids: string[] = [];
    const statuses: number[] = [];
    try {
      for (let page = 0; ; page++) {
        const res = await get(`${shortLived.webapiUrl}/admin/v1/users/?page=${page}&pageSize=25`);
        statuses.push(res.status);
        const users = (await res.json()) as Array<{ id: string }>;
        ids.push(...users.map((user) => user.id));
        if (users.length < 25) break;
      }
    } finally {
      shortLived.faults.setLatency(0);
    }
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    // 13 pages of at least 150 ms each: the walk outlived at least one token.
    expect(shortLived.stats.tokensIssued - issuedBefore).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
