/**
 * The signer's published vectors (its README, "How it is tested"): RFC 5849's worked example
 * and section 1.2 table, and the RSA-SHA1 vector computed with the OpenSSL command line. Each is
 * signed with the runtime's default back end ("auto") and with WebCrypto, so a runtime whose two
 * paths disagree fails here.
 */
import { createSigner } from "@alteryx-admin/oauth1-signer";

/** Fixed nonce and timestamp, as the vectors were computed with. */
const fixed = (nonce, timestamp) => ({ nonce: () => nonce, timestamp: () => timestamp });

const RFC_3411 = {
  request: {
    method: "POST",
    url: "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
    body: "c2&a3=2+q",
    contentType: "application/x-www-form-urlencoded",
  },
  credentials: {
    consumerKey: "9djdj82h48djs9d2",
    consumerSecret: "j49sk3j29djd",
    token: "kkk9d7dh3k39sjv7",
    tokenSecret: "dh893hdasih9",
    version: false,
    ...fixed("7d8f3e4a", 137131201),
  },
};

const PHOTOS = { consumerKey: "dpf43f3p2l4k3l03", consumerSecret: "kd94hf93k423kf44" };

/** Each vector: signer options, the request, and the expected signature (and header). */
const VECTORS = [
  {
    name: "RFC 5849 3.4.1.1 HMAC-SHA1 (not the erratum value)",
    options: RFC_3411.credentials,
    request: RFC_3411.request,
    signature: "r6/TJjbCOr97/+UU0NsvSne7s5g=",
  },
  {
    name: "RFC 5849 3.4.1.1 HMAC-SHA256",
    options: { ...RFC_3411.credentials, signatureMethod: "HMAC-SHA256" },
    request: RFC_3411.request,
    signature: "ypAxjNip++Dm0fTM+gCl8wAo6ufSnseu1WHxL7py3BU=",
  },
  {
    name: "RFC 5849 1.2 POST /initiate (callback in the query)",
    options: { ...PHOTOS, version: false, ...fixed("wIjqoS", 137131200) },
    request: {
      method: "POST",
      url: `https://photos.example.net/initiate?oauth_callback=${encodeURIComponent("http://printer.example.com/ready")}`,
    },
    signature: "74KNZJeDHnMBp0EMJ9ZHt/XKycU=",
  },
  {
    name: "RFC 5849 1.2 POST /token (token and verifier)",
    options: {
      ...PHOTOS,
      token: "hh5s93j4hdidpola",
      tokenSecret: "hdhd0244k9j7ao03",
      version: false,
      ...fixed("walatlh", 137131201),
    },
    request: {
      method: "POST",
      url: "https://photos.example.net/token?oauth_verifier=hfdp7dh39dks9884",
    },
    signature: "gKgrFCywp7rO0OXSjdot/IHF7IU=",
  },
  {
    name: "RFC 5849 1.2 GET /photos (realm, header form)",
    options: {
      ...PHOTOS,
      token: "nnch734d00sl2jdk",
      tokenSecret: "pfkkdhi9sl3r4s00",
      realm: "Photos",
      version: false,
      ...fixed("chapoH", 137131202),
    },
    request: {
      method: "GET",
      url: "http://photos.example.net/photos?file=vacation.jpg&size=original",
    },
    signature: "MdpQcU8iPSUjWoN/UDMsK2sui9I=",
    header:
      'OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_nonce="chapoH", oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131202", oauth_token="nnch734d00sl2jdk"',
  },
  {
    name: "RSA-SHA1 (OpenSSL command-line vector)",
    options: (ctx) => ({
      consumerKey: "dpf43f3p2l4k3l03",
      consumerSecret: "",
      signatureMethod: "RSA-SHA1",
      privateKey: ctx.rsaPrivateKey,
      ...fixed("13917289812797014437", 1196666512),
    }),
    request: {
      method: "GET",
      url: "http://photos.example.net/photos?file=vacation.jpg&size=original",
    },
    signature:
      "jCBaaGlkarprJKDVCR7g41qxT7m8ga76lcIsIUuJBRRpjk+VGnAaHJ/+BkAj2rQ8M509Xgla0cDjNjOr3utSd0VCLNaLkiH+St+SGnuVLpsrbHCSWV26R3EmsAXqXUMbmvD7J7SVax6KgihYMdBjpRUuFMi6cBENur9OBYDVr7M=",
  },
];

/** Signs a vector with one back end and checks the signature (and the header, when given). */
async function signVector(vector, ctx, crypto) {
  const options = typeof vector.options === "function" ? vector.options(ctx) : vector.options;
  const auth = await createSigner({ ...options, crypto }).authorize(vector.request);
  if (auth.signature !== vector.signature) {
    throw new Error(`${crypto}: expected ${vector.signature}, got ${auth.signature}`);
  }
  if (vector.header !== undefined && auth.header !== vector.header) {
    throw new Error(`${crypto}: expected the header ${vector.header}, got ${auth.header}`);
  }
}

/** One case per vector, each signed with "auto" and with "webcrypto". */
export const SIGNING_CASES = VECTORS.map((vector) => ({
  name: `signer: ${vector.name}`,
  async run(ctx) {
    await signVector(vector, ctx, "auto");
    await signVector(vector, ctx, "webcrypto");
  },
}));
