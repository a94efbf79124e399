// Test helpers for the OAuth2 side of the mock: token requests sent by hand (so that each
// mistake can be made on purpose) and a bearer GET.

/** Credentials of a mock. */
interface Credentials {
  consumerKey: string;
  consumerSecret: string;
}

/** RFC 6749 2.3.1: id and secret form-encoded, joined by a colon, base64. */
export function basicAuthorization(id: string, secret: string): string {
  const form = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${form(id)}:${form(secret)}`).toString("base64")}`;
}

/** Posts a form-encoded body to the token URL. */
export function postToken(
  tokenUrl: string,
  body: string | Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body,
  });
}

/** A token from the mock, by HTTP Basic. */
export async function fetchToken(tokenUrl: string, credentials: Credentials): Promise<string> {
  const res = await postToken(tokenUrl, "grant_type=client_credentials", {
    authorization: basicAuthorization(credentials.consumerKey, credentials.consumerSecret),
  });
  if (res.status !== 200)
    throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** GET with a bearer token. */
export function bearerGet(url: string, token: string): Promise<Response> {
  return fetch(url, { headers: { authorization: `Bearer ${token}` } });
}
