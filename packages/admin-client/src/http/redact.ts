/**
 * The one redaction of OAuth values: URLs lose their `oauth_*` query parameters (which carry the
 * signature in query placement) and their user info; free text (a server's message or a proxy's
 * page echoing a URL) has its `oauth_signature` values masked. Errors, retry events and the CLI's
 * request log all go through here.
 */

const OAUTH_PAIR = /^oauth_/i;

/** The query without its `oauth_*` pairs, split by hand: URLSearchParams would re-encode the rest. */
function withoutOAuth(query: string): string {
  const kept = query.split("&").filter((pair) => pair !== "" && !OAUTH_PAIR.test(pair));
  return kept.length === 0 ? "" : `?${kept.join("&")}`;
}

/**
 * A URL safe to log or show: without `oauth_*` query parameters, user name or password, or
 * fragment. A string that is not an absolute URL is treated as a path and query.
 *
 * @example
 * redactUrl("https://h/gallery/api/admin/v1/users/?page=0&oauth_signature=abc") // "https://h/gallery/api/admin/v1/users/?page=0"
 */
export function redactUrl(url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) {
    const hash = url.indexOf("#");
    const bare = hash === -1 ? url : url.slice(0, hash);
    const start = bare.indexOf("?");
    return start === -1 ? bare : bare.slice(0, start) + withoutOAuth(bare.slice(start + 1));
  }
  return `${parsed.origin}${parsed.pathname}${withoutOAuth(parsed.search.slice(1))}`;
}

/**
 * Where a request went, for errors: its origin, and its path and query relative to the base
 * URL (`/users/?page=0` for the Admin API root), both without `oauth_*` parameters. The base is
 * parsed once per client.
 * @internal
 */
export function targetDescriber(
  baseUrl: string,
): (url: string) => { origin: string; path: string } {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");
  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { origin: "", path: redactUrl(url) };
    }
    let path = parsed.pathname;
    const under =
      parsed.origin === base.origin && (path === basePath || path.startsWith(`${basePath}/`));
    if (under && basePath !== "") path = path.slice(basePath.length) || "/";
    return { origin: parsed.origin, path: path + withoutOAuth(parsed.search.slice(1)) };
  };
}

/**
 * Masks every `oauth_signature` value in a text: a server's message or a proxy's error page may
 * echo the request URL, which in query placement carries the signature.
 * @internal
 */
export function redactOAuthText(text: string): string {
  return text.replace(
    /(oauth_signature(?:=|%3D|"\s*:\s*|=\s*))("?)[^"&\s<>,;]+/gi,
    "$1$2[redacted]",
  );
}
