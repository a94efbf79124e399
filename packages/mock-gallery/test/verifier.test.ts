import { createSigner } from "@alteryx-admin/oauth1-signer";
import { rfc3986 } from "oauth-sign";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INVALID_SIGNATURE, type MockGallery, startMockGallery } from "../src/index.js";
import { startMock } from "../src/start-mock.js";
import { type Bugs, buggySign } from "./buggy-client.js";
import { handSign, json, signedFetch } from "./sign.js";

interface GalleryErrorBody {
  data: null;
  exceptionName: string;
  innerExceptionMessage: string;
  message: string;
}

let gallery: MockGallery;
let behindProxy: MockGallery;
const lines: string[] = [];
beforeAll(async () => {
  [gallery, behindProxy] = await Promise.all([
    // This file sends a few dozen bad signatures in a row: on a slow machine no CPU budget may
    // skip a diagnosis or pace the refusals (the budgets have their own tests).
    startMock(
      { logger: (line) => lines.push(line) },
      {
        diagnosis: { burstMs: Number.POSITIVE_INFINITY },
        limits: { refusalCpuMsPerSecond: Number.POSITIVE_INFINITY },
      },
    ),
    startMockGallery({ publicBaseUrl: "https://gallery.example.com/gallery" }),
  ]);
});
afterAll(async () => {
  await Promise.all([gallery.close(), behindProxy.close()]);
});

async function sendBuggy(
  bugs: Bugs,
  path = "/workflows/?search=sales%20report&limit=2",
  target = gallery,
  placement: "header" | "query" = "header",
) {
  const signed = buggySign(target.credentials, "GET", `${target.url}${path}`, bugs, placement);
  const res = await fetch(signed.url, { headers: signed.headers });
  return { status: res.status, body: await json<GalleryErrorBody>(res) };
}

function expectNoSecrets(body: unknown, target = gallery) {
  const text = JSON.stringify(body);
  expect(text).not.toContain(target.credentials.consumerSecret);
  expect(text).not.toContain(encodeURIComponent(target.credentials.consumerSecret));
}

describe("accepts correctly signed requests from independent code", () => {
  it.each(["header", "query"] as const)(
    "oauth-sign, hand-built %s placement",
    async (placement) => {
      const res = await signedFetch(
        gallery.credentials,
        `${gallery.url}/users/?page=1&pageSize=3`,
        {
          placement,
        },
      );
      expect(res.status).toBe(200);
      expect(await json<unknown[]>(res)).toHaveLength(3);
    },
  );

  it("without oauth_version (it is optional)", async () => {
    const res = await signedFetch(gallery.credentials, `${gallery.url}/subscriptions/`, {
      version: false,
    });
    expect(res.status).toBe(200);
  });

  it("with a search containing spaces and !*'() encoded per RFC 3986", async () => {
    const res = await signedFetch(
      gallery.credentials,
      `${gallery.url}/workflows/?search=${encodeURIComponent("it's (sales)! *").replace(
        /[!*'()]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      )}`,
      { placement: "query" },
    );
    expect(res.status).toBe(200);
  });

  it.each(["header", "query"] as const)("our signer package, %s placement", async (placement) => {
    const signer = createSigner({ ...gallery.credentials, placement });
    const res = await fetch(
      await signer.sign(new Request(`${gallery.url}/insights/?search=a b&limit=2`)),
    );
    expect(res.status).toBe(200);
  });

  it("a URL rebuilt from publicBaseUrl instead of the Host header", async () => {
    // The client signs the public address; the request reaches the mock on 127.0.0.1.
    const signed = handSign(
      behindProxy.credentials,
      "https://gallery.example.com/gallery/api/admin/v1/users/?pageSize=1",
    );
    const res = await fetch(`${behindProxy.url}/users/?pageSize=1`, { headers: signed.headers });
    expect(res.status).toBe(200);
    // ...and the local address no longer verifies
    const local = await signedFetch(
      behindProxy.credentials,
      `${behindProxy.url}/users/?pageSize=1`,
    );
    expect(local.status).toBe(401);
  });
});

describe("rejects and diagnoses the usual mistakes", () => {
  const cases: Array<[string, Bugs, RegExp]> = [
    ["1. parameters in insertion order", { unsorted: true }, /sent instead of sorted.*fix: sort/],
    [
      "2. base64url signature",
      { base64url: true },
      /base64url.*fix: encode the HMAC-SHA1 digest with standard base64/,
    ],
    [
      "4a. + for space (form encoding)",
      { formEncoding: true },
      /form encoding used \(space as \+.*space is %20, never \+/,
    ],
    [
      "4b. encodeURIComponent leaves !*'() unencoded",
      { encodeURIComponentOnly: true },
      /leaving ! \* ' \( \) unencoded/,
    ],
    [
      "5. query inside the base string URI",
      { queryInBaseUri: true },
      /query string kept inside the base string URI/,
    ],
    [
      "6. signed another timestamp than the one sent",
      { timestampOffset: 1 },
      /different oauth_timestamp/,
    ],
    [
      "7a. oauth_version signed but not sent",
      { versionSignedNotSent: true },
      /oauth_version=1\.0 signed but not sent/,
    ],
    [
      "7b. oauth_version sent but not signed",
      { versionSentNotSigned: true },
      /oauth_version sent but not signed/,
    ],
    [
      "8a. trailing space after the secret",
      { secretSuffix: " " },
      /whitespace or a newline after the consumer secret.*trim/,
    ],
    [
      "8b. trailing newline after the secret",
      { secretSuffix: "\n" },
      /whitespace or a newline after the consumer secret/,
    ],
    [
      "query values signed still percent-encoded (not decoded)",
      { queryNotDecoded: true },
      /query parameters signed as sent \(still percent-encoded\).*fix: decode each query name and value/,
    ],
    [
      "unsorted + base64url together",
      { unsorted: true, base64url: true },
      /these mistakes: parameters signed in the order they were sent.*; signature encoded as base64url/,
    ],
    [
      "form encoding + trailing newline together",
      { formEncoding: true, secretSuffix: "\n" },
      /these mistakes: .*form encoding.*whitespace or a newline/,
    ],
  ];
  it.each(
    cases.flatMap(([name, bugs, diagnosis]) =>
      (["header", "query"] as const).map(
        (placement) => [name, placement, bugs, diagnosis] as const,
      ),
    ),
  )("%s (%s placement)", async (_name, placement, bugs, diagnosis) => {
    const { status, body } = await sendBuggy(
      bugs,
      "/workflows/?search=it's%20sales%20(report)&limit=2",
      gallery,
      placement,
    );
    expect(status).toBe(401);
    expect(body.exceptionName).toBe("UnauthorizedException");
    expect(body.data).toBeNull();
    expect(body.message).toBe(INVALID_SIGNATURE);
    expect(body.innerExceptionMessage).toMatch(diagnosis);
    expectNoSecrets(body);
  });

  it("a signature left unencoded in the query (its + read as a space)", async () => {
    // find a request whose signature holds a + (about one in three do)
    let signed = handSign(gallery.credentials, `${gallery.url}/users/?pageSize=1`, {
      placement: "query",
    });
    for (let i = 0; !signed.oauth.oauth_signature?.includes("+") && i < 200; i++) {
      signed = handSign(gallery.credentials, `${gallery.url}/users/?pageSize=1`, {
        placement: "query",
      });
    }
    const signature = signed.oauth.oauth_signature ?? "";
    expect(signature).toContain("+");
    const raw = signed.url.replace(rfc3986(signature), signature);
    const res = await fetch(raw);
    expect(res.status).toBe(401);
    const body = await json<GalleryErrorBody>(res);
    expect(body.message).toBe(INVALID_SIGNATURE);
    expect(body.innerExceptionMessage).toMatch(
      /oauth_signature not percent-encoded in the query, so each \+ in it was read as a space.*fix: percent-encode the signature/,
    );
    expect(body.innerExceptionMessage).not.toContain(signature.slice(0, 8));
  });

  it("9. base address without the endpoint path", async () => {
    const { status, body } = await sendBuggy(
      { signedBase: `${gallery.url}/` },
      "/users/?pageSize=2",
    );
    expect(status).toBe(401);
    expect(body.innerExceptionMessage).toMatch(/base string URI without the endpoint path/);
    const origin = await sendBuggy({ signedBase: `${gallery.origin}/gallery` }, "/users/");
    expect(origin.body.innerExceptionMessage).toMatch(/without the endpoint path/);
  });

  it("3. default port kept (behind a load balancer on https)", async () => {
    const { status, body } = await sendBuggy(
      { signedBase: "https://gallery.example.com:443/gallery/api/admin/v1/users/" },
      "/users/",
      behindProxy,
    );
    expect(status).toBe(401);
    expect(body.innerExceptionMessage).toMatch(
      /default port kept.*drop :80 for http and :443 for https/,
    );
    expectNoSecrets(body, behindProxy);
  });

  it("10. a constant nonce is rejected as a replay", async () => {
    const first = await sendBuggy({ constantNonce: "always-the-same" }, "/users/?pageSize=1");
    expect(first.status).toBe(200);
    const second = await sendBuggy({ constantNonce: "always-the-same" }, "/users/?pageSize=1");
    expect(second.status).toBe(401);
    expect(second.body.message).toMatch(/oauth_nonce was already used.*fresh random nonce/);
  });

  it("a wrong secret matches no known mistake and says what to check, without secrets", async () => {
    const signed = handSign(
      { consumerKey: gallery.credentials.consumerKey, consumerSecret: "not-the-secret" },
      `${gallery.url}/users/`,
    );
    const res = await fetch(signed.url, { headers: signed.headers });
    const body = await json<GalleryErrorBody>(res);
    expect(res.status).toBe(401);
    expect(body.message).toBe(INVALID_SIGNATURE);
    expect(body.innerExceptionMessage).toMatch(
      /None of the usual mistakes reproduces your signature/,
    );
    expect(body.innerExceptionMessage).toContain(`GET ${gallery.url}/users/`);
    expectNoSecrets(body);
  });

  it("logs the diagnosis (and never the secret)", () => {
    expect(lines.some((l) => /bad signature on GET .*sorted/.test(l))).toBe(true);
    expect(lines.join("\n")).not.toContain(gallery.credentials.consumerSecret);
  });
});

describe("rejects malformed OAuth", () => {
  const url = () => `${gallery.url}/users/`;
  it("a replayed request (same nonce, same signature)", async () => {
    const signed = handSign(gallery.credentials, url());
    expect((await fetch(signed.url, { headers: signed.headers })).status).toBe(200);
    const replay = await fetch(signed.url, { headers: signed.headers });
    expect(replay.status).toBe(401);
    expect((await json<GalleryErrorBody>(replay)).message).toMatch(/already used/);
  });

  it.each([-301, 301, -3600])("a timestamp %i s away from the server clock", async (offset) => {
    const res = await signedFetch(gallery.credentials, url(), {
      timestamp: Math.floor(Date.now() / 1000) + offset,
    });
    expect(res.status).toBe(401);
    expect((await json<GalleryErrorBody>(res)).message).toMatch(
      /oauth_timestamp is \d+ s (behind|ahead of) the server clock \(allowed: 300 s/,
    );
  });

  it("an unknown consumer key", async () => {
    const res = await signedFetch({ consumerKey: "nope", consumerSecret: "x" }, url());
    expect(res.status).toBe(401);
    expect((await json<GalleryErrorBody>(res)).message).toMatch(/Unknown oauth_consumer_key/);
  });

  it("no OAuth at all", async () => {
    const res = await fetch(url());
    expect(res.status).toBe(401);
    const body = await json<GalleryErrorBody>(res);
    expect(body).toMatchObject({ data: null, exceptionName: "UnauthorizedException" });
    expect(body.message).toMatch(/not signed/);
  });

  it("parameters in both the query and the header", async () => {
    const signed = handSign(gallery.credentials, url());
    const res = await fetch(`${url()}?oauth_nonce=x`, { headers: signed.headers });
    expect(res.status).toBe(401);
    expect((await json<GalleryErrorBody>(res)).message).toMatch(
      /both in the query string and in the Authorization header/,
    );
  });

  it("a duplicated oauth parameter", async () => {
    const signed = handSign(gallery.credentials, url(), { placement: "query" });
    const res = await fetch(`${signed.url}&oauth_nonce=again`);
    expect(res.status).toBe(401);
    expect((await json<GalleryErrorBody>(res)).message).toMatch(
      /oauth_nonce was sent more than once/,
    );
  });

  it("a missing required parameter", async () => {
    const signed = handSign(gallery.credentials, url(), { placement: "query" });
    const res = await fetch(signed.url.replace(/&oauth_nonce=[^&]*/, ""));
    expect(res.status).toBe(401);
    expect((await json<GalleryErrorBody>(res)).message).toBe(
      "Missing OAuth parameter(s): oauth_nonce.",
    );
  });

  it("a signature method other than HMAC-SHA1", async () => {
    const signer = createSigner({ ...gallery.credentials, signatureMethod: "HMAC-SHA256" });
    const res = await fetch(await signer.sign(new Request(url())));
    expect(res.status).toBe(401);
    expect((await json<GalleryErrorBody>(res)).message).toMatch(
      /Unsupported oauth_signature_method "HMAC-SHA256": this server only accepts HMAC-SHA1/,
    );
  });

  it("an oauth_version other than 1.0", async () => {
    const signed = handSign(gallery.credentials, url(), {
      version: false,
      extraOauth: { oauth_version: "2.0" },
    });
    const res = await fetch(signed.url, { headers: signed.headers });
    expect(res.status).toBe(401);
    expect((await json<GalleryErrorBody>(res)).message).toMatch(/Unsupported oauth_version "2.0"/);
  });

  it("two Authorization headers", async () => {
    const signed = handSign(gallery.credentials, url());
    const headers = new Headers();
    headers.append("authorization", signed.headers.authorization ?? "");
    headers.append("authorization", signed.headers.authorization ?? "");
    // fetch folds them into one comma-joined value, which no longer parses as one OAuth header
    const res = await fetch(url(), { headers });
    expect(res.status).toBe(401);
  });

  it("quotes no signature when it cannot parse the header (nor in the log)", async () => {
    const signed = handSign(gallery.credentials, url());
    const signature = signed.oauth.oauth_signature ?? "";
    // signature first, so that a quoted snippet of the second (folded) header would hold it
    const header = `OAuth oauth_signature="${rfc3986(signature)}", ${signed.headers.authorization?.slice(6)}`;
    const res = await fetch(url(), { headers: { authorization: `${header}, ${header}` } });
    expect(res.status).toBe(401);
    const body = await json<GalleryErrorBody>(res);
    expect(body.message).toMatch(
      /not a valid OAuth header near "OAuth oauth_signature="\[redacted\]/,
    );
    for (const text of [JSON.stringify(body), lines.join("\n")]) {
      expect(text).not.toContain(rfc3986(signature).slice(0, 8));
      expect(text).not.toContain(signature.slice(0, 8));
    }
  });
});
