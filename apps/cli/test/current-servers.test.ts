/**
 * End-to-end on servers of each generation (mock serverVersion 2021.3, 2021.4, 2022.1), the CLI
 * configured with the server's root: discovery, ALTERYX_AUTH, `report` on one token for both
 * APIs, doctor, --verbose without tokens, and `api` under both schemes.
 */
import { type MockGallery, startMockGallery } from "@alteryx-admin/mock-gallery";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { galleryEnv, run, SENTINEL_SECRET, startForwarder } from "./helpers.js";

const KEY = "current-key";
const VERSIONS = ["2021.3", "2021.4", "2022.1"] as const;
const mocks = {} as Record<(typeof VERSIONS)[number], MockGallery>;

beforeAll(async () => {
  await Promise.all(
    VERSIONS.map(async (serverVersion) => {
      mocks[serverVersion] = await startMockGallery({
        serverVersion,
        validation: false,
        consumerKey: KEY,
        consumerSecret: SENTINEL_SECRET,
      });
    }),
  );
}, 60_000);
afterAll(async () => {
  await Promise.all(Object.values(mocks).map((m) => m.close()));
});

/** The environment pointing at a mock's root, as a current server is configured. */
const rootEnv = (mock: MockGallery, extra: Record<string, string> = {}) =>
  galleryEnv(mock.origin, KEY, SENTINEL_SECRET, extra);

describe("discovery from the server's root", () => {
  it.each([
    ["2021.3", "OAuth1", "/gallery/api/admin/v1"],
    ["2021.4", "OAuth2", "/webapi/admin/v1"],
    ["2022.1", "OAuth2", "/webapi/admin/v1"],
  ] as const)(
    "Server %s: %s at %s, one token request at most",
    async (version, scheme, base) => {
      const mock = mocks[version];
      const before = mock.stats.tokenRequests;
      const result = await run(["--verbose", "api", "GET", "/users/", "--query", "pageSize=2"], {
        env: rootEnv(mock),
      });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toHaveLength(2);
      expect(result.stderr).toContain(`Admin API v1 at ${mock.origin}${base} with ${scheme}`);
      const authScheme = scheme === "OAuth2" ? "Bearer" : "OAuth";
      expect(result.stderr).toMatch(
        new RegExp(
          `^GET ${mock.origin}${base}/users/\\?pageSize=2 \\[Authorization: ${authScheme} <redacted>\\] -> 200`,
          "m",
        ),
      );
      // Discovery's token is the client's: one token request per run.
      expect(mock.stats.tokenRequests - before).toBe(scheme === "OAuth2" ? 1 : 0);
    },
    60_000,
  );

  it("ALTERYX_AUTH forces a scheme, and a bad value is a usage error", async () => {
    const [oauth1, oauth2, bogus] = await Promise.all([
      run(["-v", "api", "GET", "/users/", "--query", "pageSize=1"], {
        env: rootEnv(mocks["2021.4"], { ALTERYX_AUTH: "oauth1" }),
      }),
      run(["-v", "api", "GET", "/users/", "--query", "pageSize=1"], {
        env: rootEnv(mocks["2021.3"], { ALTERYX_AUTH: "oauth2" }),
      }),
      run(["users"], { env: rootEnv(mocks["2021.4"], { ALTERYX_AUTH: "bearer" }) }),
    ]);
    expect(oauth1.code, oauth1.stderr).toBe(0);
    expect(oauth1.stderr).toContain("with OAuth1 (ALTERYX_AUTH is oauth1)");
    expect(oauth1.stderr).not.toContain("oauth2/token");
    // Forced OAuth2 on a server without it: the token request fails and says so.
    expect(oauth2.code).toBe(1);
    expect(oauth2.stderr).toContain("with OAuth2 (ALTERYX_AUTH is oauth2)");
    expect(oauth2.stderr).toMatch(/error: .*token/i);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain("ALTERYX_AUTH must be auto, oauth1, oauth2");
  }, 60_000);
});

describe("report on Server 2022.1", () => {
  it("reads Admin v1 and Server API v3 with one token between them", async () => {
    const mock = mocks["2022.1"];
    const tokensBefore = mock.stats.tokenRequests;
    const logBefore = mock.requests.length;
    const result = await run(["report"], { env: rootEnv(mock) });
    expect(result.code, result.stderr).toBe(0);
    const paths = mock.requests.slice(logBefore).map((r) => r.path);
    // Both APIs were called, and the one token discovery got served them all.
    expect(paths.some((path) => path.startsWith("/webapi/admin/v1/"))).toBe(true);
    expect(paths.some((path) => path.startsWith("/webapi/v3/"))).toBe(true);
    expect(mock.stats.tokenRequests - tokensBefore).toBe(1);
  }, 60_000);
});

describe("connections list", () => {
  it("on an Admin v1 server goes through the listing of `connections server`, paging flags included", async () => {
    const env = rootEnv(mocks["2021.3"]);
    const ids = (stdout: string) =>
      (JSON.parse(stdout) as Array<{ connectionId: string }>).map((c) => c.connectionId);
    const [server, page, all] = await Promise.all([
      run(["connections", "server", "--all", "--format", "json"], { env }),
      run(["connections", "list", "--offset", "1", "--limit", "2", "--format", "json"], { env }),
      run(["connections", "list", "--all", "--limit", "5", "--format", "json"], { env }),
    ]);
    expect(server.code, server.stderr).toBe(0);
    const every = ids(server.stdout);
    expect(every.length).toBeGreaterThan(5);
    expect(page.code, page.stderr).toBe(0);
    expect(ids(page.stdout)).toEqual(every.slice(1, 3));
    expect(all.code, all.stderr).toBe(0);
    expect(ids(all.stdout)).toEqual(every);
  }, 60_000);

  it("on a Server API v3 server refuses --offset and --limit, which it cannot apply (exit 2)", async () => {
    const env = rootEnv(mocks["2022.1"]);
    const [limit, both] = await Promise.all([
      run(["connections", "list", "--limit", "2"], { env }),
      run(["connections", "list", "--offset", "1", "--limit", "2"], { env }),
    ]);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain(
      "--limit pages the Admin v1 listing only; Server API v3 answers every connection at once",
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toContain(
      "--offset and --limit page the Admin v1 listing only; Server API v3 answers every connection at once",
    );
  }, 60_000);
});

describe("users list and schedules list on an Admin v1 server", () => {
  it("list over Admin v1, and refuse the filters only Server API v3 applies (exit 2, before any listing)", async () => {
    const mock = mocks["2021.3"];
    const env = rootEnv(mock);
    const [users, schedules] = await Promise.all([
      run(["--verbose", "users", "list", "--format", "json"], { env }),
      run(["schedules", "list", "--format", "json"], { env }),
    ]);
    expect(users.code, users.stderr).toBe(0);
    expect(JSON.parse(users.stdout).length).toBeGreaterThan(0);
    expect(users.stderr).toContain(
      "users list: no Server API v3 configured, listing over Admin v1 (GET /users/)",
    );
    expect(schedules.code, schedules.stderr).toBe(0);
    expect(JSON.parse(schedules.stdout).length).toBeGreaterThan(0);
    const before = mock.requests.length;
    const [role, owner] = await Promise.all([
      run(["users", "list", "--role", "Curator"], { env }),
      run(["schedules", "list", "--owner", "x", "--workflow", "y"], { env }),
    ]);
    expect(role.code).toBe(2);
    expect(role.stderr).toContain(
      "--role needs Server API v3 (Server 2021.4 or later, OAuth2); this server is configured for Admin v1: drop it, or configure its /webapi URL",
    );
    expect(owner.code).toBe(2);
    expect(owner.stderr).toContain("--owner, --workflow need Server API v3");
    expect(owner.stderr).toContain("drop them, or configure its /webapi URL");
    // Only discovery asked the server anything (its token endpoint: none on 2021.3).
    expect(mock.requests.slice(before).map((r) => r.path)).toEqual([
      "/webapi/oauth2/token",
      "/webapi/oauth2/token",
    ]);
  }, 60_000);
});

describe("users list and schedules list paging", () => {
  it("pages the Admin v1 listing of an older server", async () => {
    const env = rootEnv(mocks["2021.3"]);
    const [page, all, schedules] = await Promise.all([
      run(["users", "list", "--page-size", "2", "--format", "json"], { env }),
      run(["users", "list", "--all", "--page-size", "100", "--format", "json"], { env }),
      run(["schedules", "list", "--page", "1", "--page-size", "3", "--format", "json"], { env }),
    ]);
    expect(page.code, page.stderr).toBe(0);
    expect(JSON.parse(page.stdout)).toHaveLength(2);
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout).length).toBeGreaterThan(100);
    expect(schedules.code, schedules.stderr).toBe(0);
    expect(JSON.parse(schedules.stdout)).toHaveLength(3);
  }, 60_000);

  it("refuses on Server API v3 the paging flags it would not apply (exit 2)", async () => {
    const env = rootEnv(mocks["2022.1"]);
    const [users, schedules, all] = await Promise.all([
      run(["users", "list", "--page-size", "2"], { env }),
      run(["schedules", "list", "--page", "1", "--page-size", "3"], { env }),
      run(["users", "list", "--all", "--format", "json"], { env }),
    ]);
    expect(users.code).toBe(2);
    expect(users.stderr).toContain(
      "--page-size pages the Admin v1 listing only; Server API v3 answers every user at once: drop it",
    );
    expect(schedules.code).toBe(2);
    expect(schedules.stderr).toContain(
      "--page and --page-size page the Admin v1 listing only; Server API v3 answers every schedule at once: drop them",
    );
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout).length).toBeGreaterThan(100);
  }, 60_000);

  it("refuses a parent's option given to a subcommand that has none of it (exit 2)", async () => {
    const mock = mocks["2022.1"];
    const env = rootEnv(mock);
    const before = mock.requests.length;
    const [inactive, forecast] = await Promise.all([
      run(["users", "inactive", "--days", "30", "--page-size", "2"], { env }),
      run(["schedules", "forecast", "--days", "7", "--page", "1", "--page-size", "2"], { env }),
    ]);
    expect(inactive.code).toBe(2);
    expect(inactive.stderr).toContain(
      "--page-size is an option of `users`, not of `users inactive`: drop it (alteryx-admin users inactive --help lists its options)",
    );
    expect(forecast.code).toBe(2);
    expect(forecast.stderr).toContain(
      "--page, --page-size are options of `schedules`, not of `schedules forecast`: drop them",
    );
    // Refused before connecting.
    expect(mock.requests.length).toBe(before);
  }, 60_000);
});

describe("doctor", () => {
  it.each([
    ["2021.3", "OAuth1 only: Server 2021.3 or older; using OAuth1"],
    ["2021.4", "OAuth2 and OAuth1: Server 2021.4; using OAuth2"],
    ["2022.1", "OAuth2 only: Server 2022.1 or later; using OAuth2"],
  ] as const)(
    "names the schemes and the version of Server %s",
    async (version, words) => {
      const result = await run(["doctor"], { env: rootEnv(mocks[version]) });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(
        new RegExp(`^ok {4}schemes +the server answers ${words.replace(/[().]/g, "\\$&")}$`, "m"),
      );
      expect(result.stdout).toMatch(/^ok {4}credentials +key current-key accepted/m);
    },
    60_000,
  );

  it("given the OAuth1 URL of a 2022.1 server, names the /webapi URL to use", async () => {
    const mock = mocks["2022.1"];
    const result = await run(["doctor"], {
      env: galleryEnv(`${mock.origin}/gallery/api/admin/v1`, KEY, SENTINEL_SECRET),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `FAIL  schemes      this server removed OAuth1 (Server 2022.1 or later): use ${mock.origin}/webapi/admin/v1, or just the server's address ${mock.origin}, as the URL`,
    );
    expect(result.stdout).toMatch(/^skip {2}reachable +not checked: fix the URL first/m);
    expect(result.stdout).toMatch(/^skip {2}credentials/m);
  }, 60_000);
});

/** A proxy in front of a mock that keeps every token answer, to look for the tokens in output. */
async function tokenSpy(
  origin: string,
): Promise<{ url: string; tokens: string[]; close(): Promise<void> }> {
  const tokens: string[] = [];
  const forwarder = await startForwarder(
    () => origin,
    () => false,
    (req, body) => {
      if (!req.url?.includes("/oauth2/token")) return;
      const token = (JSON.parse(body.toString("utf8")) as { access_token?: string }).access_token;
      if (token) tokens.push(token);
    },
  );
  return { url: forwarder.origin, tokens, close: forwarder.close };
}

describe("--verbose", () => {
  it("shows Bearer <redacted> and never a token, in any command's output", async () => {
    const spy = await tokenSpy(mocks["2022.1"].origin);
    try {
      const env = galleryEnv(spy.url, KEY, SENTINEL_SECRET);
      const results = await Promise.all([
        run(["--verbose", "report"], { env }),
        run(["--verbose", "doctor"], { env }),
        run(["--verbose", "api", "GET", "/users/", "--query", "pageSize=1"], { env }),
      ]);
      expect(spy.tokens.length).toBeGreaterThanOrEqual(3);
      for (const result of results) {
        expect(result.code, result.stderr).toBe(0);
        const output = result.stdout + result.stderr;
        for (const token of spy.tokens) expect(output).not.toContain(token);
        expect(output).not.toContain(SENTINEL_SECRET);
      }
      expect(results[0]?.stderr).toContain("[Authorization: Bearer <redacted>]");
      // The report of a v3 server reads both APIs, over the one scheme.
      expect(results[0]?.stdout).toContain("Admin API v1 and Server API v3 over OAuth2");
    } finally {
      await spy.close();
    }
  }, 90_000);
});

describe("api", () => {
  it("checks the call against the specs before sending anything", async () => {
    const env = rootEnv(mocks["2022.1"]);
    const [typo, method, query, required] = await Promise.all([
      run(["api", "GET", "/v3/usr"], { env }),
      run(["api", "DELETE", "/users/"], { env }),
      run(["api", "GET", "/users/", "--query", "pagesize=2"], { env }),
      run(["api", "GET", "/auditlog/", "--query", "entity=User"], { env }),
    ]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("did you mean /v3/users?");
    expect(method.code).toBe(2);
    expect(method.stderr).toContain("Admin API v1 has no DELETE for /users/; it has GET");
    expect(query.code).toBe(2);
    expect(query.stderr).toContain('did you mean "pageSize"?');
    expect(required.code).toBe(2);
    expect(required.stderr).toContain("needs the query parameters page, pageSize");
  }, 60_000);

  it("GET /v3/users prints the users of an OAuth2 server (Server API v3)", async () => {
    const result = await run(["api", "GET", "/v3/users", "--query", "active=true"], {
      env: rootEnv(mocks["2022.1"]),
    });
    expect(result.code, result.stderr).toBe(0);
    const users = JSON.parse(result.stdout) as Array<{ email?: string; isActive?: boolean }>;
    expect(users.length).toBeGreaterThan(1);
    expect(users.every((u) => u.isActive === true && typeof u.email === "string")).toBe(true);
  }, 60_000);

  it("prints the Gallery's message and exits 1 on an API error", async () => {
    const result = await run(["api", "GET", "/0123456789abcdef01234567/package/"], {
      env: rootEnv(mocks["2022.1"]),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: GET \/0123456789abcdef01234567\/package\/ .*failed with HTTP 404/m,
    );
  }, 60_000);

  it("tells that /v3 needs an OAuth2 server on an OAuth1-only one (exit 2)", async () => {
    const result = await run(["api", "GET", "/v3/users"], { env: rootEnv(mocks["2021.3"]) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "this command needs Server API v3 (Alteryx Server 2021.4 or later, over OAuth2)",
    );
    expect(result.stderr).toContain("is spoken to with OAuth1");
  }, 60_000);

  it("api --format takes json or pretty only, refused before anything connects (exit 2)", async () => {
    const before = mocks["2022.1"].stats.tokenRequests;
    const result = await run(["api", "GET", "/v3/users", "--format", "yaml"], {
      env: rootEnv(mocks["2022.1"]),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Allowed choices are json, pretty");
    expect(mocks["2022.1"].stats.tokenRequests).toBe(before);
  }, 60_000);

  it("a v3 command on an OAuth1-only server names itself in the same message (exit 2)", async () => {
    const result = await run(["jobs", "list"], { env: rootEnv(mocks["2021.3"]) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "jobs list needs Server API v3 (Alteryx Server 2021.4 or later, over OAuth2)",
    );
    expect(result.stderr).toContain("is spoken to with OAuth1");
  }, 60_000);
});
