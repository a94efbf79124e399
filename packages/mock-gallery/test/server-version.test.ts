// serverVersion: a mock behaves like the Server release it is told, "2021.3" (OAuth1 only),
// "2021.4" (both, the default, see webapi.test.ts) or "2022.1" and later (OAuth2 only), and the
// same option on the bin.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { main, parseCliArgs } from "../src/cli.js";
import { type MockGallery, startMockGallery } from "../src/index.js";
import { serverFeatures } from "../src/server-version.js";
import { bearerGet, fetchToken, postToken } from "./oauth2.js";
import { json, signedFetch } from "./sign.js";

interface GalleryErrorBody {
  exceptionName: string;
  message: string;
}

describe("serverFeatures", () => {
  it.each([
    ["2018.1", true, false],
    ["2021.3", true, false],
    ["2021.4", true, true],
    ["2022.1", false, true],
    ["2022.3", false, true],
    ["2025.1", false, true],
  ])("%s serves OAuth1 %s, OAuth2 %s", (version, oauth1, oauth2) => {
    expect(serverFeatures(version)).toEqual({ version, oauth1, oauth2 });
  });

  it("defaults to 2021.4", () => {
    expect(serverFeatures()).toEqual({ version: "2021.4", oauth1: true, oauth2: true });
  });

  it.each(["2022", "latest", "2022.1.3", "", "22.1", "2022.0", "1999.1", " 2022.1"])(
    "refuses %j and says what is accepted",
    (version) => {
      expect(() => serverFeatures(version)).toThrow(
        /serverVersion must be an Alteryx Server release as "YYYY.N" \(2018.1 or later\), for example "2021.3" \(OAuth1 only\), "2021.4" \(both, the default\) or "2022.1" \(OAuth2 only\)/,
      );
    },
  );

  it("startMockGallery refuses a bad serverVersion or tokenLifetimeSeconds before starting", async () => {
    await expect(startMockGallery({ serverVersion: "latest" })).rejects.toThrow(
      /serverVersion must be .* not "latest"/,
    );
    await expect(startMockGallery({ serverVersion: 2022 as unknown as string })).rejects.toThrow(
      /not 2022$/,
    );
    for (const tokenLifetimeSeconds of [0, 1.5, -3, Number.NaN]) {
      await expect(startMockGallery({ tokenLifetimeSeconds })).rejects.toThrow(
        /tokenLifetimeSeconds must be a whole number of seconds >= 1/,
      );
    }
    await expect(
      startMockGallery({ serverVersion: "2021.3", tokenLifetimeSeconds: 60 }),
    ).rejects.toThrow(/which Server 2021.3 does not issue \(OAuth2 came with 2021.4\)/);
  });
});

describe('serverVersion "2021.3": OAuth1 only', () => {
  let gallery: MockGallery;
  beforeAll(async () => {
    gallery = await startMockGallery({ serverVersion: "2021.3", validation: false });
  });
  afterAll(() => gallery?.close());

  it("serves OAuth1 at url", async () => {
    expect(gallery.serverVersion).toBe("2021.3");
    const res = await signedFetch(gallery.credentials, `${gallery.url}/users/?pageSize=1`);
    expect(res.status).toBe(200);
  });

  it("has no token endpoint and no /webapi: Gallery-shaped 404s that say so", async () => {
    const { consumerKey, consumerSecret } = gallery.credentials;
    const token = await postToken(
      gallery.tokenUrl,
      `grant_type=client_credentials&client_id=${consumerKey}&client_secret=${consumerSecret}`,
    );
    const users = await fetch(`${gallery.webapiUrl}/admin/v1/users/`);
    for (const res of [token, users]) {
      expect(res.status).toBe(404);
      const body = await json<GalleryErrorBody>(res);
      expect(body.exceptionName).toBe("NotFoundException");
      expect(body.message).toBe(
        `This server is Alteryx Server 2021.3: /webapi and OAuth2 came with Server 2021.4. Sign requests with OAuth1 at ${gallery.url}/ instead.`,
      );
    }
    expect(gallery.stats.tokenRequests).toBe(0);
  });

  it("names only the OAuth1 base for other unknown paths", async () => {
    const res = await fetch(`${gallery.origin}/nowhere/`);
    expect((await json<GalleryErrorBody>(res)).message).toBe(
      "Nothing is served at this path; the Admin API v1 lives under /gallery/api/admin/v1/.",
    );
  });
});

describe.each(["2022.1", "2024.2"])('serverVersion "%s": OAuth2 only', (version) => {
  let gallery: MockGallery;
  beforeAll(async () => {
    // Through Prism, like the default mock: the /webapi exchanges are validated here too.
    gallery = await startMockGallery({ serverVersion: version });
  });
  afterAll(() => gallery?.close());

  it("serves the token endpoint and /webapi/admin/v1", async () => {
    const token = await fetchToken(gallery.tokenUrl, gallery.credentials);
    const res = await bearerGet(`${gallery.webapiUrl}/admin/v1/users/?pageSize=2`, token);
    expect(res.status).toBe(200);
    expect(res.headers.get("sl-violations")).toBeNull();
    expect(await json<unknown[]>(res)).toHaveLength(2);
  });

  it("keeps url the OAuth1 base, where a signed request learns OAuth1 was removed and the URL to use (404)", async () => {
    expect(gallery.url).toBe(`${gallery.origin}/gallery/api/admin/v1`);
    const res = await signedFetch(gallery.credentials, `${gallery.url}/users/?page=0&pageSize=5`);
    expect(res.status).toBe(404);
    const body = await json<GalleryErrorBody>(res);
    expect(body.exceptionName).toBe("NotFoundException");
    expect(body.message).toBe(
      `OAuth1 was removed in Alteryx Server 2022.1 (this server is ${version}): /gallery/api/ is not served any more. Use ${gallery.webapiUrl}/admin/v1/users/ with an OAuth2 bearer token from POST ${gallery.tokenUrl} (grant_type=client_credentials, the same API key and secret).`,
    );
  });

  it("explains the same for an unsigned request and other /gallery/api paths", async () => {
    const unsigned = await fetch(`${gallery.url}/workflows/`);
    expect(unsigned.status).toBe(404);
    expect((await json<GalleryErrorBody>(unsigned)).message).toContain(
      `Use ${gallery.webapiUrl}/admin/v1/workflows/ with`,
    );
    const other = await fetch(`${gallery.origin}/gallery/api/v1/workflows/subscription/`);
    expect((await json<GalleryErrorBody>(other)).message).toMatch(
      /^OAuth1 was removed in Alteryx Server 2022\.1 .* Use http:\/\/127\.0\.0\.1:\d+\/webapi\/admin\/v1\/ with/,
    );
  });
});

describe("the mock-gallery command", () => {
  let running: MockGallery | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
    process.exitCode = undefined;
  });
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
  };

  it("parses --server-version and --token-lifetime", () => {
    expect(parseCliArgs(["--server-version", "2022.1", "--token-lifetime", "5"])).toEqual({
      serverVersion: "2022.1",
      tokenLifetimeSeconds: 5,
    });
    expect(() => parseCliArgs(["--token-lifetime", "5s"])).toThrow(
      /--token-lifetime must be an integer, not "5s"/,
    );
  });

  it("prints the OAuth2 URLs first, then the OAuth1 URL, on the default 2021.4", async () => {
    const { io, out } = capture();
    running = await main(["--no-validation", "--quiet", "--token-lifetime", "90"], io);
    const text = out.join("");
    expect(text).toContain("(Server 2021.4, seed 1, no validation)");
    expect(text).toContain(`OAuth2 Admin v1: ${running?.webapiUrl}/admin/v1\n`);
    expect(text).toContain(
      `Token URL:       ${running?.tokenUrl} (client credentials; tokens last 90 s)\n`,
    );
    expect(text).toContain(`Admin v1 URL:    ${running?.url} (OAuth1)\n`);
    expect(text.indexOf("OAuth2 Admin v1")).toBeLessThan(text.indexOf("Admin v1 URL"));
  });

  it("says OAuth1 was removed on 2022.1, and prints no token URL on 2021.3", async () => {
    const { io, out } = capture();
    running = await main(["--no-validation", "--quiet", "--server-version", "2022.1"], io);
    expect(out.join("")).toContain(
      `OAuth1:          removed in Server 2022.1 (${running?.url} answers 404 with the /webapi URL)`,
    );
    await running?.close();
    const old = capture();
    running = await main(["--no-validation", "--quiet", "--server-version", "2021.3"], old.io);
    expect(old.out.join("")).not.toMatch(/Token URL|OAuth2/);
  });

  it("refuses --server-version latest with the accepted form (exit code 1)", async () => {
    const { io, err } = capture();
    running = await main(["--server-version", "latest"], io);
    expect(running).toBeUndefined();
    expect(process.exitCode).toBe(1);
    expect(err.join("")).toMatch(
      /cannot start: .*serverVersion must be an Alteryx Server release as "YYYY.N"/,
    );
  });
});
