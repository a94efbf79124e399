// Properties of the verifier, in-process: whatever the parameters, a request signed by
// oauth-sign is accepted in both placements, any change to the signature is refused, and a
// client that makes one of the usual mistakes is told which.
import fc from "fast-check";
import { hmacsign, rfc3986 } from "oauth-sign";
import { describe, expect, it } from "vitest";
import { type Bugs, buggySign } from "../../test/buggy-client.js";
import { fcParams } from "../../test/fast-check-config.js";
import { createVerifier, INVALID_SIGNATURE } from "./verifier.js";

const HOST = "127.0.0.1:8080";
const PATH = "/gallery/api/admin/v1/workflows/";
const NOW = 1_700_000_000;

const params = fc.array(
  fc.tuple(
    fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.startsWith("oauth_")),
    fc.string({ maxLength: 20 }),
  ),
  { maxLength: 6 },
);

function signed(
  pairs: Array<[string, string]>,
  secret: string,
  placement: "header" | "query",
  nonce: string,
) {
  const oauth: Record<string, string> = {
    oauth_consumer_key: "key",
    oauth_nonce: nonce,
    oauth_signature_method: "HMAC-SHA1",
    oauth_timestamp: String(NOW),
    oauth_version: "1.0",
  };
  const all: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of pairs) {
    const prev = all[k];
    all[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  Object.assign(all, oauth);
  const signature = hmacsign("GET", `http://${HOST}${PATH}`, all, secret, "");
  const query = pairs.map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`);
  const sent = { ...oauth, oauth_signature: signature };
  if (placement === "query") {
    query.push(...Object.entries(sent).map(([k, v]) => `${k}=${rfc3986(v)}`));
    return { url: `${PATH}?${query.join("&")}`, rawHeaders: [] as string[], signature };
  }
  const header = `OAuth ${Object.entries(sent)
    .map(([k, v]) => `${k}="${rfc3986(v)}"`)
    .join(", ")}`;
  return {
    url: `${PATH}${query.length ? "?" : ""}${query.join("&")}`,
    rawHeaders: ["Authorization", header],
    signature,
  };
}

const hasLoneSurrogate = (s: string) =>
  /[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ""));

describe("createVerifier (properties)", () => {
  it("accepts any oauth-sign request in both placements, and refuses a changed signature", () => {
    let n = 0;
    fc.assert(
      fc.property(
        params,
        fc.constantFrom("header" as const, "query" as const),
        fc.string({ minLength: 1, maxLength: 16 }),
        (pairs, placement, secret) => {
          fc.pre(
            !pairs.some(([k, v]) => hasLoneSurrogate(k) || hasLoneSurrogate(v)) &&
              !hasLoneSurrogate(secret),
          );
          const verifier = createVerifier({
            consumerKey: "key",
            consumerSecret: secret,
            now: () => NOW,
          });
          const good = signed(pairs, secret, placement, `n${n++}`);
          expect(verifier.verify({ method: "GET", ...good }, HOST)).toMatchObject({
            ok: true,
            placement,
          });
          const flipped = good.signature.startsWith("A")
            ? `B${good.signature.slice(1)}`
            : `A${good.signature.slice(1)}`;
          const bad = {
            ...good,
            url: good.url.replace(rfc3986(good.signature), rfc3986(flipped)),
            rawHeaders: good.rawHeaders.map((h) =>
              h.replace(rfc3986(good.signature), rfc3986(flipped)),
            ),
          };
          const result = verifier.verify({ method: "GET", ...bad }, HOST);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.failure.body.message).toBe(INVALID_SIGNATURE);
        },
      ),
      fcParams(200, 20261132),
    );
    // 200 bad signatures each run a full diagnosis (~2.5 ms idle): deterministic CPU work that took
    // 8 s on a loaded 2-core machine, past vitest's default 5 s. Not a timing assertion.
  }, 60_000);

  it("names the mistake a buggy client made, for any search text", () => {
    const bugs: Array<[Bugs, RegExp]> = [
      [{ unsorted: true }, /sorted/],
      [{ base64url: true }, /base64url/],
      [{ formEncoding: true }, /form encoding/],
      [{ versionSignedNotSent: true }, /signed but not sent/],
      [{ secretSuffix: "\r\n" }, /whitespace or a newline/],
      [{ timestampOffset: -2 }, /different oauth_timestamp/],
    ];
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{1,6}( [a-z]{1,6}){1,2}$/),
        fc.constantFrom(...bugs),
        (search, [bug, named]) => {
          const credentials = { consumerKey: "key", consumerSecret: "s3cret" };
          const verifier = createVerifier({
            ...credentials,
            now: () => Math.floor(Date.now() / 1000),
          });
          const url = `http://${HOST}${PATH}?search=${rfc3986(search)}&limit=5`;
          const request = buggySign(credentials, "GET", url, bug);
          const result = verifier.verify(
            {
              method: "GET",
              url: request.url.slice(`http://${HOST}`.length),
              rawHeaders: ["Authorization", request.headers.authorization ?? ""],
            },
            HOST,
          );
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.diagnosis).toMatch(named);
            expect(result.diagnosis).not.toContain("s3cret");
          }
        },
      ),
      fcParams(60, 20261133),
    );
  });
});

describe("createVerifier (options)", () => {
  it("honours timestampWindowSeconds", () => {
    const verifier = createVerifier({
      consumerKey: "key",
      consumerSecret: "s",
      timestampWindowSeconds: 10,
      now: () => NOW + 11,
    });
    const request = signed([], "s", "header", "w1");
    const result = verifier.verify({ method: "GET", ...request }, HOST);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.failure.body.message).toMatch(/11 s behind the server clock \(allowed: 10 s/);
    const lenient = createVerifier({
      consumerKey: "key",
      consumerSecret: "s",
      timestampWindowSeconds: 20,
      now: () => NOW + 11,
    });
    expect(lenient.verify({ method: "GET", ...request }, HOST).ok).toBe(true);
  });

  it("rebuilds the signed URL from publicBaseUrl (scheme, host, and /gallery mount point)", () => {
    const oauth: Record<string, string> = {
      oauth_consumer_key: "key",
      oauth_nonce: "p1",
      oauth_signature_method: "HMAC-SHA1",
      oauth_timestamp: String(NOW),
    };
    const signature = hmacsign(
      "GET",
      "https://lb.example.com/alteryx/api/admin/v1/workflows/",
      oauth,
      "s",
      "",
    );
    const header = `OAuth ${Object.entries({ ...oauth, oauth_signature: signature })
      .map(([k, v]) => `${k}="${rfc3986(v)}"`)
      .join(", ")}`;
    const verifier = createVerifier({
      consumerKey: "key",
      consumerSecret: "s",
      publicBaseUrl: "https://LB.example.com:443/alteryx/",
      now: () => NOW,
    });
    expect(
      verifier.verify({ method: "GET", url: PATH, rawHeaders: ["Authorization", header] }, HOST).ok,
    ).toBe(true);
  });

  it("answers 400, not a throw, for a query it cannot decode", () => {
    const verifier = createVerifier({ consumerKey: "key", consumerSecret: "s", now: () => NOW });
    const result = verifier.verify({ method: "GET", url: `${PATH}?q=%ZZ`, rawHeaders: [] }, HOST);
    expect(result).toMatchObject({
      ok: false,
      failure: { status: 400, body: { exceptionName: "ArgumentException" } },
    });
  });
});

describe("createVerifier (replays and budgets)", () => {
  it("refuses an empty oauth_nonce with a clear message", () => {
    const verifier = createVerifier({ consumerKey: "key", consumerSecret: "s", now: () => NOW });
    const result = verifier.verify({ method: "GET", ...signed([], "s", "header", "") }, HOST);
    expect(result).toMatchObject({ ok: false, failure: { status: 401 } });
    if (!result.ok) expect(result.failure.body.message).toMatch(/The oauth_nonce is empty/);
  });

  it("refuses a replay after more newer requests than the cache holds, and answers 503 when full", () => {
    const verifier = createVerifier({
      consumerKey: "key",
      consumerSecret: "s",
      now: () => NOW,
      nonceCapacity: 50,
    });
    const first = signed([], "s", "header", "first");
    expect(verifier.verify({ method: "GET", ...first }, HOST).ok).toBe(true);
    const later = Array.from({ length: 100 }, (_, i) =>
      verifier.verify({ method: "GET", ...signed([], "s", "header", `n${i}`) }, HOST),
    );
    expect(later.filter((v) => v.ok)).toHaveLength(49);
    expect(later.at(-1)).toMatchObject({
      ok: false,
      retryAfterSeconds: 301, // the first nonce (signed now) is remembered for 300 s more
      failure: { status: 503, body: { exceptionName: "ServiceUnavailableException" } },
    });
    const replay = verifier.verify({ method: "GET", ...first }, HOST);
    expect(replay.ok).toBe(false);
    if (!replay.ok) expect(replay.failure.body.innerExceptionMessage).toBe("");
    if (!replay.ok)
      expect(replay.failure.body.message).toMatch(/already used \(a replayed request\)/);
  });

  it("diagnoses bad signatures within the CPU budget: charged time never exceeds it", () => {
    let now = 0;
    const step = 25; // every read of the clock is 25 ms later: a diagnosis costs 25 ms
    const verifier = createVerifier({
      consumerKey: "key",
      consumerSecret: "s",
      now: () => NOW,
      diagnosis: { cpuMsPerSecond: 100, burstMs: 200 },
      diagnosisClock: () => (now += step),
    });
    let diagnosed = 0;
    let skipped = 0;
    for (let i = 0; i < 200; i++) {
      const result = verifier.verify(
        { method: "GET", ...signed([["q", "x"]], "wrong", "header", `b${i}`) },
        HOST,
      );
      const inner = result.ok ? "" : result.failure.body.innerExceptionMessage;
      if (inner.includes("was not diagnosed: the server's diagnosis budget")) skipped++;
      else diagnosed++;
    }
    expect(diagnosed + skipped).toBe(200);
    expect(skipped).toBeGreaterThan(0);
    // burst + rate x elapsed time, plus the one diagnosis that may overdraw
    expect(diagnosed * step).toBeLessThanOrEqual(200 + (100 * now) / 1000 + step);
    now += 10_000; // ten seconds later the budget is back
    const after = verifier.verify(
      { method: "GET", ...signed([], "wrong", "header", "after") },
      HOST,
    );
    if (!after.ok) expect(after.failure.body.innerExceptionMessage).toMatch(/None of the usual/);
  });

  it("does not diagnose a request with more parameter bytes than the limit, and says why", () => {
    const verifier = createVerifier({ consumerKey: "key", consumerSecret: "s", now: () => NOW });
    const long = signed([["q", "x".repeat(5000)]], "wrong", "query", "long");
    const result = verifier.verify({ method: "GET", ...long }, HOST);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.failure.body.message).toBe(INVALID_SIGNATURE);
      expect(result.failure.body.innerExceptionMessage).toMatch(
        /^Your signature was not diagnosed: the request's query and OAuth parameters are \d+ bytes, and requests above 4096 bytes are not diagnosed\. Check the consumer secret/,
      );
    }
  });
});

describe("createVerifier (a published vector, no shared code)", () => {
  // RFC 5849 section 1.2, temporary credentials request: consumer dpf43f3p2l4k3l03 / secret
  // kd94hf93k423kf44, no token, realm not signed; signature 74KNZJeDHnMBp0EMJ9ZHt/XKycU=.
  const oauth = [
    ["oauth_consumer_key", "dpf43f3p2l4k3l03"],
    ["oauth_signature_method", "HMAC-SHA1"],
    ["oauth_timestamp", "137131200"],
    ["oauth_nonce", "wIjqoS"],
    ["oauth_callback", "http%3A%2F%2Fprinter.example.com%2Fready"],
  ] as const;
  const verifier = () =>
    createVerifier({
      consumerKey: "dpf43f3p2l4k3l03",
      consumerSecret: "kd94hf93k423kf44",
      publicBaseUrl: "https://photos.example.net",
      now: () => 137131200,
    });
  const header = (signature: string) =>
    `OAuth realm="Photos", ${[...oauth, ["oauth_signature", signature]]
      .map(([k, v]) => `${k}="${v}"`)
      .join(", ")}`;

  it("accepts the RFC's header, and the same parameters in the query", () => {
    expect(
      verifier().verify(
        {
          method: "POST",
          url: "/initiate",
          rawHeaders: ["Authorization", header("74KNZJeDHnMBp0EMJ9ZHt%2FXKycU%3D")],
        },
        "127.0.0.1:8080",
      ),
    ).toEqual({ ok: true, nonce: "wIjqoS", placement: "header" });
    const query = [...oauth, ["oauth_signature", "74KNZJeDHnMBp0EMJ9ZHt%2FXKycU%3D"]]
      .map(([k, v]) => `${k}=${v}`)
      .join("&");
    expect(
      verifier().verify(
        { method: "POST", url: `/initiate?${query}`, rawHeaders: [] },
        "127.0.0.1:8080",
      ),
    ).toMatchObject({ ok: true, placement: "query" });
  });

  it("refuses the RFC's request with one character of the signature changed", () => {
    const result = verifier().verify(
      {
        method: "POST",
        url: "/initiate",
        rawHeaders: ["Authorization", header("74KNZJeDHnMBp0EMJ9ZHt%2FXKycV%3D")],
      },
      "127.0.0.1:8080",
    );
    expect(result).toMatchObject({ ok: false, failure: { status: 401 } });
    if (!result.ok) expect(result.failure.body.message).toBe(INVALID_SIGNATURE);
  });
});
