/** `sign --explain METHOD URL`: every RFC 5849 signing step, for debugging other clients. */
import { createSigner, percentEncode } from "@alteryx-admin/oauth1-signer";
import type { Command } from "commander";
import { basesOf, classifyUrl } from "../connect/bases.js";
import { UsageError } from "../errors.js";
import { example, withSession } from "./shared.js";

const REDACTED = "<redacted>";

/** Resolves a URL argument: absolute, or a path relative to the Admin API base. */
export function resolveSignUrl(value: string, base: string): string {
  if (/^https?:\/\//i.test(value)) return value;
  if (!value.startsWith("/"))
    throw new UsageError(
      `URL must be absolute (https://...) or a path starting with "/", got "${value}"`,
    );
  return `${base}${value}`;
}

/**
 * The OAuth1 Admin v1 base a path is signed against: the URL itself when it is an OAuth1 base,
 * `<root>/gallery/api/admin/v1` for the server's root. An OAuth2 (/webapi) URL takes bearer
 * tokens, never signatures: a usage error.
 */
export function oauth1BaseOf(url: string): string {
  const { kind, root } = classifyUrl(url);
  if (kind === "oauth1") return url;
  if (kind === "root") return basesOf(root, "oauth1").adminV1Url;
  throw new UsageError(
    `sign shows OAuth1 signatures, and ${url} is an OAuth2 base (/webapi), which takes bearer tokens instead; give a full OAuth1 URL (https://host/gallery/api/admin/v1/...) to sign one`,
  );
}

/** What `sign --explain` prints: every signing step, with the signature redacted. */
function explainLines(
  auth: Awaited<ReturnType<ReturnType<typeof createSigner>["authorize"]>>,
  method: string,
  fullUrl: string,
  key: string,
  placement: string,
): string[] {
  const redact = (text: string) =>
    text.split(auth.signature).join(REDACTED).split(percentEncode(auth.signature)).join(REDACTED);
  const width = Math.max(...auth.parameters.map(([k]) => k.length));
  return [
    `Request: ${method} ${fullUrl}`,
    `Key: ${key}   method: HMAC-SHA1   placement: ${placement}`,
    "",
    "1. Parameters that are signed (query + oauth_*, decoded; oauth_signature is never signed):",
    ...auth.parameters.map(([k, v]) => `     ${k.padEnd(width)}  ${v}`),
    "",
    "2. Normalized parameter string (each name and value percent-encoded per RFC 3986, sorted by name then value, joined with & and =):",
    `     ${auth.normalizedParameters}`,
    "",
    "3. Base string URI (scheme and host lowercased, default port dropped, no query or fragment):",
    `     ${auth.baseStringUri}`,
    "",
    "4. Signature base string (METHOD & encode(base string URI) & encode(normalized parameters)):",
    `     ${auth.baseString}`,
    "",
    '5. Signing key: encode(consumer secret) + "&" (no token secret) = <secret redacted>&',
    `6. Signature: HMAC-SHA1(key, base string), base64 = ${REDACTED} (${auth.signature.length} characters)`,
    "",
    placement === "header" ? "7. Authorization header sent:" : "7. Signed URL sent:",
    `     ${redact(placement === "header" ? auth.header : auth.url)}`,
    "",
  ];
}

/** Registers `sign`. */
export function registerSignCommand(program: Command): void {
  const command = program
    .command("sign")
    .description(
      "explain how a request is signed (OAuth 1.0a, HMAC-SHA1), with the secret and signature redacted",
    )
    .argument("<method>", "HTTP method, e.g. GET")
    .argument("<url>", "absolute URL, or a path under the Admin API base such as /users/?page=0")
    .requiredOption(
      "--explain",
      "print every signing step (required: the CLI never prints a usable signature)",
    )
    .option("--placement <where>", "header or query", "header")
    .option("--nonce <nonce>", "use this nonce (to compare with another client's request)")
    .option(
      "--timestamp <seconds>",
      "use this timestamp (to compare with another client's request)",
    );
  example(
    command,
    'alteryx-admin sign --explain GET "/workflows/?search=sales report&limit=10"',
    "alteryx-admin sign --explain GET https://gallery.example.com/gallery/api/admin/v1/users/ --nonce abc --timestamp 1700000000",
  );
  command.action(
    withSession(
      async (
        session,
        method: string,
        url: string,
        options: { placement: string; nonce?: string; timestamp?: string },
      ) => {
        if (!/^[A-Za-z]+$/.test(method)) throw new UsageError(`"${method}" is not an HTTP method`);
        if (options.placement !== "header" && options.placement !== "query") {
          throw new UsageError(`--placement must be header or query, got "${options.placement}"`);
        }
        if (options.timestamp !== undefined && !/^\d+$/.test(options.timestamp)) {
          throw new UsageError(
            `--timestamp must be whole seconds since 1970, got "${options.timestamp}"`,
          );
        }
        // Signing needs no discovery: only the demo is started (it has to exist to be signed for).
        const target = session.demo ? (await session.connect()).target : await session.resolve();
        const fullUrl = resolveSignUrl(url, oauth1BaseOf(target.url));
        try {
          new URL(fullUrl);
        } catch {
          throw new UsageError(`"${fullUrl}" is not a valid URL`);
        }
        const nonce = options.nonce;
        const timestamp = options.timestamp;
        const signer = createSigner({
          consumerKey: target.key,
          consumerSecret: target.secret,
          placement: options.placement,
          ...(nonce !== undefined ? { nonce: () => nonce } : {}),
          ...(timestamp !== undefined ? { timestamp: () => Number(timestamp) } : {}),
        });
        const auth = await signer.authorize({ method: method.toUpperCase(), url: fullUrl });
        const out = explainLines(
          auth,
          method.toUpperCase(),
          fullUrl,
          target.key,
          options.placement,
        );
        process.stdout.write(`${out.join("\n")}\n`);
      },
    ),
  );
}
