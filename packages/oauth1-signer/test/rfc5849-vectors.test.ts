/**
 * Every test vector of shared/reference/oauth1-rfc5849.md, each as a named test.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  baseStringUri,
  createSigner,
  normalizeParameters,
  percentEncode,
  type SignatureMethod,
  signatureBaseString,
} from "../src/index.js";

const fixed = (nonce: string, timestamp: number) => ({
  nonce: () => nonce,
  timestamp: () => timestamp,
});

describe("RFC 5849 section 3.4.1.1 example", () => {
  const request = {
    method: "POST",
    url: "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
    body: "c2&a3=2+q",
    contentType: "application/x-www-form-urlencoded",
  };
  const credentials = {
    consumerKey: "9djdj82h48djs9d2",
    consumerSecret: "j49sk3j29djd",
    token: "kkk9d7dh3k39sjv7",
    tokenSecret: "dh893hdasih9",
    version: false,
    ...fixed("7d8f3e4a", 137131201),
  };
  const expectedBase =
    "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7";

  it("builds the documented base string", async () => {
    const auth = await createSigner(credentials).authorize(request);
    expect(auth.baseString).toBe(expectedBase);
    expect(auth.baseStringUri).toBe("http://example.com/request");
  });

  it("HMAC-SHA1 gives r6/TJjbCOr97/+UU0NsvSne7s5g= (not the erratum value, EID 2550)", async () => {
    const auth = await createSigner(credentials).authorize(request);
    expect(auth.signature).toBe("r6/TJjbCOr97/+UU0NsvSne7s5g=");
    expect(auth.signature).not.toBe("bYT5CMsGcbgUdFHObYMEfcx6bsw=");
  });

  it("HMAC-SHA256 gives ypAxjNip++Dm0fTM+gCl8wAo6ufSnseu1WHxL7py3BU=", async () => {
    const auth = await createSigner({ ...credentials, signatureMethod: "HMAC-SHA256" }).authorize(
      request,
    );
    expect(auth.baseString).toBe(expectedBase.replace("HMAC-SHA1", "HMAC-SHA256"));
    expect(auth.signature).toBe("ypAxjNip++Dm0fTM+gCl8wAo6ufSnseu1WHxL7py3BU=");
  });

  it("signatureBaseString (pure step) gives the same base string", () => {
    const base = signatureBaseString(request.method, request.url, [
      ["c2", ""],
      ["a3", "2 q"],
      ["oauth_consumer_key", "9djdj82h48djs9d2"],
      ["oauth_token", "kkk9d7dh3k39sjv7"],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", "137131201"],
      ["oauth_nonce", "7d8f3e4a"],
    ]);
    expect(base).toBe(expectedBase);
  });
});

describe("RFC 5849 section 1.2 table (consumer dpf43f3p2l4k3l03)", () => {
  const consumer = { consumerKey: "dpf43f3p2l4k3l03", consumerSecret: "kd94hf93k423kf44" };

  it("POST https://photos.example.net/initiate (callback, no token) gives 74KNZJeDHnMBp0EMJ9ZHt/XKycU=", () => {
    // The temporary-credentials request signs oauth_callback, a parameter this signer does not
    // add itself: build the base string with the pure steps and sign it with the key shown.
    const base = signatureBaseString("POST", "https://photos.example.net/initiate", [
      ["oauth_consumer_key", "dpf43f3p2l4k3l03"],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", "137131200"],
      ["oauth_nonce", "wIjqoS"],
      ["oauth_callback", "http://printer.example.com/ready"],
    ]);
    const signature = createHmac("sha1", `${percentEncode("kd94hf93k423kf44")}&`)
      .update(base)
      .digest("base64");
    expect(signature).toBe("74KNZJeDHnMBp0EMJ9ZHt/XKycU=");
  });

  it("POST https://photos.example.net/token (token + verifier) gives gKgrFCywp7rO0OXSjdot/IHF7IU=", () => {
    const base = signatureBaseString("POST", "https://photos.example.net/token", [
      ["oauth_consumer_key", "dpf43f3p2l4k3l03"],
      ["oauth_token", "hh5s93j4hdidpola"],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", "137131201"],
      ["oauth_nonce", "walatlh"],
      ["oauth_verifier", "hfdp7dh39dks9884"],
    ]);
    const signature = createHmac("sha1", "kd94hf93k423kf44&hdhd0244k9j7ao03")
      .update(base)
      .digest("base64");
    expect(signature).toBe("gKgrFCywp7rO0OXSjdot/IHF7IU=");
  });

  it("the signer itself gives both POST signatures, with callback / verifier carried in the query", async () => {
    // Where a parameter travels does not change the base string, so the extra protocol
    // parameters can ride in the query.
    const initiate = await createSigner({
      ...consumer,
      version: false,
      ...fixed("wIjqoS", 137131200),
    }).authorize({
      method: "POST",
      url: `https://photos.example.net/initiate?oauth_callback=${encodeURIComponent("http://printer.example.com/ready")}`,
    });
    expect(initiate.signature).toBe("74KNZJeDHnMBp0EMJ9ZHt/XKycU=");
    const token = await createSigner({
      ...consumer,
      token: "hh5s93j4hdidpola",
      tokenSecret: "hdhd0244k9j7ao03",
      version: false,
      ...fixed("walatlh", 137131201),
    }).authorize({
      method: "POST",
      url: "https://photos.example.net/token?oauth_verifier=hfdp7dh39dks9884",
    });
    expect(token.signature).toBe("gKgrFCywp7rO0OXSjdot/IHF7IU=");
  });

  it("GET http://photos.example.net/photos?file=vacation.jpg&size=original gives MdpQcU8iPSUjWoN/UDMsK2sui9I= (realm not signed)", async () => {
    const signer = createSigner({
      ...consumer,
      token: "nnch734d00sl2jdk",
      tokenSecret: "pfkkdhi9sl3r4s00",
      realm: "Photos",
      version: false,
      ...fixed("chapoH", 137131202),
    });
    const auth = await signer.authorize({
      method: "GET",
      url: "http://photos.example.net/photos?file=vacation.jpg&size=original",
    });
    expect(auth.signature).toBe("MdpQcU8iPSUjWoN/UDMsK2sui9I=");
    expect(auth.header).toBe(
      'OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_nonce="chapoH", oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131202", oauth_token="nnch734d00sl2jdk"',
    );
    expect(auth.baseString).not.toContain("realm");
  });
});

describe("Encoding table (RFC 5849 3.6)", () => {
  const table: Array<[string, string, string]> = [
    ["abcABC123", "abcABC123", "abcABC123"],
    ["-._~", "-._~", "-._~"],
    ["%", "%", "%25"],
    ["+", "+", "%2B"],
    ["&=*", "&=*", "%26%3D%2A"],
    ["!*'()", "!*'()", "%21%2A%27%28%29"],
    ["U+000A", "\n", "%0A"],
    ["U+0020", " ", "%20"],
    ["U+007F", "\u007f", "%7F"],
    ["U+0080", "\u0080", "%C2%80"],
    ["U+3001", "\u3001", "%E3%80%81"],
  ];
  it.each(table)("%s encodes as expected", (_label, input, expected) => {
    expect(percentEncode(input)).toBe(expected);
  });
});

describe("Normalization table (RFC 5849 3.4.1.3.2)", () => {
  // Each row is a query string, read as form data like a real request's query.
  const table: Array<[string, string]> = [
    ["name", "name="],
    ["a=b&c=d", "a=b&c=d"],
    ["a=x!y&a=x+y", "a=x%20y&a=x%21y"],
    ["x!y=a&x=a", "x=a&x%21y=a"],
    ["test=3&test=1&test=2", "test=1&test=2&test=3"],
  ];
  it.each(table)("query %s normalizes to %s", async (query, expected) => {
    const base = signatureBaseString("GET", `http://example.com/?${query}`, []);
    expect(base).toBe(`GET&http%3A%2F%2Fexample.com%2F&${percentEncode(expected)}`);
    const auth = await createSigner({
      consumerKey: "k",
      consumerSecret: "s",
      ...fixed("n", 1),
    }).authorize({ method: "GET", url: `http://example.com/?${query}` });
    const withoutOauth = auth.normalizedParameters
      .split("&")
      .filter((pair) => !pair.startsWith("oauth_"))
      .join("&");
    expect(withoutOauth).toBe(expected);
  });
  it("normalizeParameters on decoded pairs", () => {
    expect(
      normalizeParameters([
        ["a", "x!y"],
        ["a", "x y"],
      ]),
    ).toBe("a=x%20y&a=x%21y");
    expect(normalizeParameters([["name", ""]])).toBe("name=");
  });
});

describe("HMAC-SHA1 primitives", () => {
  // PLAINTEXT exposes the key derivation; HMAC over "bs" is checked through the WebCrypto and
  // node paths by signing a base string we control through the pure steps.
  it('key "cs&", text "bs" gives egQqG5AJep5sJ7anhXju1unge2I=', () => {
    expect(createHmac("sha1", "cs&").update("bs").digest("base64")).toBe(
      "egQqG5AJep5sJ7anhXju1unge2I=",
    );
  });
  it('key "cs&ts", text "bs" gives VZVjXceV7JgPq/dOTnNmEfO0Fv8=', () => {
    expect(createHmac("sha1", "cs&ts").update("bs").digest("base64")).toBe(
      "VZVjXceV7JgPq/dOTnNmEfO0Fv8=",
    );
  });
  it("the signer derives keys cs& and cs&ts (checked via PLAINTEXT)", async () => {
    const one = await createSigner({
      consumerKey: "k",
      consumerSecret: "cs",
      signatureMethod: "PLAINTEXT",
    }).authorize({ method: "GET", url: "http://e.com/" });
    expect(one.signature).toBe("cs&");
    const two = await createSigner({
      consumerKey: "k",
      consumerSecret: "cs",
      token: "t",
      tokenSecret: "ts",
      signatureMethod: "PLAINTEXT",
    }).authorize({ method: "GET", url: "http://e.com/" });
    expect(two.signature).toBe("cs&ts");
  });
  it.each(["node", "webcrypto"] as const)(
    "GET photos (oauth_version=1.0, nonce kllo9940pd9333jh) gives tR3+Ty81lMeYAr/Fid0kMTYa/WM= via %s",
    async (crypto) => {
      const auth = await createSigner({
        consumerKey: "dpf43f3p2l4k3l03",
        consumerSecret: "kd94hf93k423kf44",
        token: "nnch734d00sl2jdk",
        tokenSecret: "pfkkdhi9sl3r4s00",
        crypto,
        ...fixed("kllo9940pd9333jh", 1191242096),
      }).authorize({
        method: "GET",
        url: "http://photos.example.net/photos?file=vacation.jpg&size=original",
      });
      expect(auth.signature).toBe("tR3+Ty81lMeYAr/Fid0kMTYa/WM=");
    },
  );
});

describe("Twitter's documented example (API 1.1)", () => {
  const signer = createSigner({
    consumerKey: "xvz1evFS4wEEPTGEFPHBog",
    consumerSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
    token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
    tokenSecret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
    ...fixed("kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", 1318622958),
  });
  const body = new URLSearchParams({
    status: "Hello Ladies + Gentlemen, a signed OAuth request!",
  });
  it("/1.1/statuses/update.json gives hCtSmYh+iHYCEqBWrE7C7hYmtUk=", async () => {
    const auth = await signer.authorize({
      method: "POST",
      url: "https://api.twitter.com/1.1/statuses/update.json?include_entities=true",
      body,
    });
    expect(auth.signature).toBe("hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
  });
  it("/1/statuses/update.json gives tnnArxj06cWHq44gCs1OSKk/jLY=", async () => {
    const auth = await signer.authorize({
      method: "POST",
      url: "https://api.twitter.com/1/statuses/update.json?include_entities=true",
      body: body.toString(),
      contentType: "application/x-www-form-urlencoded",
    });
    expect(auth.signature).toBe("tnnArxj06cWHq44gCs1OSKk/jLY=");
  });
  it("sign() of a real form-encoded Request gives the same signature", async () => {
    const request = new Request(
      "https://api.twitter.com/1.1/statuses/update.json?include_entities=true",
      { method: "POST", body },
    );
    const signed = await signer.sign(request);
    expect(signed.headers.get("authorization")).toContain(
      `oauth_signature="${percentEncode("hCtSmYh+iHYCEqBWrE7C7hYmtUk=")}"`,
    );
    expect(await signed.text()).toBe(body.toString());
  });
});

describe("Header form (oauthlib)", () => {
  const base = {
    consumerKey: "client_key",
    consumerSecret: "",
    ...fixed("abc", 1234567890),
  };
  const cases: Array<[SignatureMethod, string]> = [
    ["HMAC-SHA1", "hH5BWYVqo7QI4EmPBUUe9owRUUQ="],
    ["HMAC-SHA256", "JzgJWBxX664OiMW3WE4MEjtYwOjI/paUWHqtdHe68Es="],
  ];
  it.each(cases)("%s over GET http://example.com gives %s", async (signatureMethod, expected) => {
    const auth = await createSigner({ ...base, signatureMethod }).authorize({
      method: "GET",
      url: "http://example.com",
    });
    expect(auth.baseStringUri).toBe("http://example.com/");
    expect(auth.signature).toBe(expected);
    expect(auth.header).toBe(
      `OAuth oauth_consumer_key="client_key", oauth_nonce="abc", oauth_signature="${percentEncode(expected)}", oauth_signature_method="${signatureMethod}", oauth_timestamp="1234567890", oauth_version="1.0"`,
    );
  });
  it('PLAINTEXT with secrets foo / bar is "foo&bar", sent as oauth_signature="foo%26bar"', async () => {
    const auth = await createSigner({
      ...base,
      consumerSecret: "foo",
      token: "token",
      tokenSecret: "bar",
      signatureMethod: "PLAINTEXT",
    }).authorize({ method: "GET", url: "http://example.com" });
    expect(auth.signature).toBe("foo&bar");
    expect(auth.header).toContain('oauth_signature="foo%26bar"');
    expect(auth.url).toContain("oauth_signature=foo%26bar");
  });
});

describe("Base string URI examples (RFC 5849 3.4.1.2)", () => {
  it("HTTP://EXAMPLE.COM:80/r%20v/X?id=123 gives http://example.com/r%20v/X", () => {
    expect(baseStringUri("HTTP://EXAMPLE.COM:80/r%20v/X?id=123")).toBe(
      "http://example.com/r%20v/X",
    );
    expect(baseStringUri(new URL("HTTP://EXAMPLE.COM:80/r%20v/X?id=123"))).toBe(
      "http://example.com/r%20v/X",
    );
  });
  it("https://www.example.net:8080/?q=1 gives https://www.example.net:8080/", () => {
    expect(baseStringUri("https://www.example.net:8080/?q=1")).toBe(
      "https://www.example.net:8080/",
    );
  });
});
