// Which authentication a mock of a given Alteryx Server version serves: OAuth1 at
// /gallery/api/... until 2022.1 removed it (SHA1 is not FIPS-compliant), OAuth2 at /webapi/...
// from 2021.4 on. See shared/reference/server-oauth2.md.

/** The Server version a mock behaves like by default: the one release with both schemes. */
export const DEFAULT_SERVER_VERSION = "2021.4";

/** What a Server version serves. */
export interface ServerFeatures {
  /** The version as given ("2021.4"). */
  version: string;
  /** OAuth 1.0a signatures at /gallery/api/admin/v1 (up to 2021.4). */
  oauth1: boolean;
  /** OAuth2 bearer tokens at /webapi/... and the token endpoint (2021.4 and later). */
  oauth2: boolean;
}

const VERSION = /^(\d{4})\.(\d{1,2})$/;

/**
 * Reads a "YYYY.N" Server version; throws a RangeError that says what is accepted for anything
 * else ("2022", "latest", "2022.1.3").
 */
export function serverFeatures(version: string = DEFAULT_SERVER_VERSION): ServerFeatures {
  const match = typeof version === "string" ? VERSION.exec(version) : null;
  const year = Number(match?.[1]);
  const release = Number(match?.[2]);
  if (!match || year < 2018 || release < 1) {
    throw new RangeError(
      `startMockGallery: serverVersion must be an Alteryx Server release as "YYYY.N" (2018.1 or later), for example "2021.3" (OAuth1 only), "2021.4" (both, the default) or "2022.1" (OAuth2 only), not ${JSON.stringify(version)}`,
    );
  }
  const atLeast = (y: number, r: number) => year > y || (year === y && release >= r);
  return { version, oauth1: !atLeast(2022, 1), oauth2: atLeast(2021, 4) };
}
