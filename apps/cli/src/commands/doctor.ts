/** `doctor`: checks URL, reachability, TLS, clock skew and credentials, and explains failures. */
import { connect, rootCertificates } from "node:tls";
import { AlteryxApiError, redactUrl } from "@alteryx-admin/client";
import { createSigner } from "@alteryx-admin/oauth1-signer";
import { type Command, Option } from "commander";
import type { Target } from "../config/resolve.js";
import { readCa } from "../context.js";
import { describeNetworkError, SilentFailure } from "../errors.js";
import { proxySetting } from "../http/dispatcher.js";
import type { CliFetch } from "../http/fetch.js";
import type { Logger } from "../log.js";
import { bearerCheck, schemesCheck, urlCheck } from "./doctor-schemes.js";
import { example, withSession } from "./shared.js";

/** The outcome of one check. */
export interface Check {
  name: string;
  status: "ok" | "warn" | "fail" | "skip";
  summary: string;
  details?: string[];
}

/** Skew beyond which OAuth1 servers usually reject the timestamp (seconds). */
const SKEW_LIMIT = 300;

/** Likely causes of an invalid signature, picked by the Gallery's messages. */
export function likelyCauses(
  message: string,
  inner: string,
  skewSeconds: number | undefined,
  secret: string,
): string[] {
  const text = `${message} ${inner}`.toLowerCase();
  const causes: string[] = [];
  if (/matches one computed with/.test(text))
    causes.push("the mistake the Gallery recognised (see its message above): fix that first");
  if (skewSeconds !== undefined && Math.abs(skewSeconds) > SKEW_LIMIT - 60) {
    const n = Math.round(Math.abs(skewSeconds));
    causes.push(
      `the timestamps sent are ${n} s ${skewSeconds < 0 ? "ahead of" : "behind"} the server's clock: sync this machine's clock (NTP) or correct it with --clock-offset`,
    );
  }
  // Only a diagnosis counts: the Gallery's advice may name oauth_nonce and oauth_timestamp anyway.
  const skewNamed = causes.some((c) => c.startsWith("the timestamps sent"));
  if (
    !skewNamed &&
    /timestamp[^.]*(expired|window|outside|too old|skew|ahead|behind)|(expired|outside)[^.]*timestamp/.test(
      text,
    )
  ) {
    causes.push("the timestamp is outside the server's window: check the clock of this machine");
  }
  if (/nonce[^.]*(already|used|seen|replay)|replay/.test(text)) {
    causes.push("a nonce was reused (replay): every request needs a fresh nonce");
  }
  if (/consumer|key|unknown/.test(text) && !/signature/.test(text))
    causes.push(
      "the API key is not known to this Gallery: copy it again from the Gallery's settings page",
    );
  if (secret !== secret.trim())
    causes.push("the secret has leading or trailing whitespace (a pasted newline or space)");
  if (/base ?string|url|host|port|scheme|address/.test(text)) {
    causes.push(
      "the server rebuilt a different URL than the one signed: behind a proxy or load balancer, use the Gallery's public BaseAddress (scheme, host and port) as --url",
    );
  }
  causes.push(
    "a wrong API secret (it is shown next to the key on the Gallery's settings page; keys of non-curators do not work for the Admin API)",
  );
  return [...new Set(causes)];
}

async function tlsCheck(
  url: URL,
  caPath: string | undefined,
  proxy: string | undefined,
): Promise<Check> {
  if (url.protocol !== "https:") {
    const local = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
    return {
      name: "TLS",
      status: local ? "skip" : "warn",
      summary: local
        ? "not used (plain http to this machine)"
        : "not used: plain http sends the signed requests in clear; use https",
    };
  }
  if (proxy)
    return {
      name: "TLS",
      status: "skip",
      summary: `not checked directly: requests go through the proxy of ${proxy} (the reachable check covers TLS)`,
    };
  const ca = caPath ? [...rootCertificates, readCa(caPath, "--ca")] : undefined;
  return new Promise<Check>((resolve) => {
    const socket = connect({
      host: url.hostname.replace(/^\[|\]$/g, ""),
      port: Number(url.port || 443),
      servername: /^[\d.]+$|:/.test(url.hostname) ? undefined : url.hostname,
      ...(ca ? { ca } : {}),
      timeout: 10_000,
    });
    socket.once("secureConnect", () => {
      const cert = socket.getPeerCertificate();
      const subject = cert.subject?.CN ?? url.hostname;
      const issuer = cert.issuer?.CN ?? cert.issuer?.O ?? "unknown issuer";
      socket.end();
      resolve({
        name: "TLS",
        status: "ok",
        summary: `${socket.getProtocol() ?? "TLS"}, certificate for ${subject} from ${issuer}, valid until ${cert.valid_to}`,
      });
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve({ name: "TLS", status: "fail", summary: "timed out during the TLS handshake" });
    });
    socket.once("error", (error) =>
      resolve({
        name: "TLS",
        status: "fail",
        summary: describeNetworkError(error, url.toString()),
      }),
    );
  });
}

/**
 * The clock check: `skew` is the server's time minus this machine's, in seconds; `offset` is what
 * --clock-offset adds when signing. Within the Date header's 1 s resolution counts as in sync.
 */
export function clockCheck(skew: number, offset: number): Check {
  const describe = (s: number) => {
    const rounded = Math.abs(s) < 2 ? 0 : Math.round(s);
    if (rounded === 0) return "in sync with the server's Date header";
    return `${Math.abs(rounded)} s ${rounded > 0 ? "behind" : "ahead of"} the server's Date header`;
  };
  const effective = skew - offset;
  const status =
    Math.abs(effective) > SKEW_LIMIT ? "fail" : Math.abs(effective) > 60 ? "warn" : "ok";
  let summary = describe(skew);
  if (offset !== 0) summary += `; with --clock-offset ${offset}: ${describe(effective)}`;
  if (status !== "ok") {
    summary += `: signed requests ${status === "fail" ? "will be" : "may be"} rejected (servers allow about ${SKEW_LIMIT} s); sync this machine's clock or ${Math.abs(skew) < 2 ? "drop --clock-offset" : `pass --clock-offset ${Math.round(skew)}`}`;
  }
  return { name: "clock", status, summary };
}

/** What doctor knows of the network settings, to say where each came from. */
export interface DoctorNetwork {
  proxy?: { url: string; origin: string } | undefined;
  timeoutSeconds: number;
}

/** Where each setting came from (never a value that could be secret). */
export function settingsCheck(target: Target, network: DoctorNetwork): Check {
  const o = target.origins;
  const details = [
    `url     ${redactUrl(target.url)} (from ${o.url})`,
    `key     ${target.key} (from ${o.key})`,
    `secret  ${target.secret.length} characters, not shown (from ${o.secret})`,
  ];
  if (target.ca) details.push(`ca      ${target.ca} (from ${o.ca ?? "--ca"})`);
  details.push(
    `auth    ${target.auth}${o.auth ? ` (from ${o.auth})` : " (the default: the token endpoint, else OAuth1)"}`,
  );
  if (network.proxy)
    details.push(
      `proxy   ${redactUrl(network.proxy.url)} (from ${network.proxy.origin}; NO_PROXY applies)`,
    );
  details.push(`timeout ${network.timeoutSeconds} s per wait`);
  return { name: "settings", status: "ok", summary: `from ${target.source}`, details };
}

/** The wrong-base-path diagnosis of a 404 at the probe. */
function wrongBasePath(target: Target, status: number): Check {
  return {
    name: "reachable",
    status: "fail",
    summary: `HTTP ${status} from ${new URL(target.url).origin} at ${new URL(target.url).pathname}/users/: wrong base path, the Admin API is not there; use the server's address (https://<host>), or a base ending in /webapi/admin/v1 or /gallery/api/admin/v1`,
  };
}

/** The unsigned probe: is the server there, at this path, and what is its clock? */
async function reachableChecks(
  fetch: CliFetch,
  target: Target,
  probeUrl: string,
  clockOffsetSeconds: number,
): Promise<{ checks: Check[]; skew: number | undefined; reachable: boolean }> {
  try {
    const started = Date.now();
    const response = await fetch(probeUrl, { method: "GET" });
    await response.arrayBuffer();
    if (response.status === 404)
      return { checks: [wrongBasePath(target, 404)], skew: undefined, reachable: false };
    const checks: Check[] = [
      {
        name: "reachable",
        status: "ok",
        summary: `HTTP ${response.status} from ${new URL(target.url).origin} (unsigned probe)`,
      },
    ];
    const date = response.headers.get("date");
    if (!date || Number.isNaN(Date.parse(date))) {
      checks.push({ name: "clock", status: "skip", summary: "the server sent no Date header" });
      return { checks, skew: undefined, reachable: true };
    }
    // The Date header has 1 s resolution; compare with the middle of the round trip.
    const skew = (Date.parse(date) - (started + Date.now()) / 2) / 1000;
    checks.push(clockCheck(skew, clockOffsetSeconds));
    // What the signature sees: the clock corrected by --clock-offset.
    return { checks, skew: skew - clockOffsetSeconds, reachable: true };
  } catch (error) {
    const summary = describeNetworkError(error, target.url);
    return {
      checks: [{ name: "reachable", status: "fail", summary }],
      skew: undefined,
      reachable: false,
    };
  }
}

/** The signed probe: are the key and secret accepted? */
async function credentialsCheck(
  fetch: CliFetch,
  target: Target,
  probeUrl: string,
  skew: number | undefined,
  clockOffsetSeconds: number,
): Promise<Check> {
  let auth: Awaited<ReturnType<ReturnType<typeof createSigner>["authorize"]>>;
  try {
    const signer = createSigner({
      consumerKey: target.key,
      consumerSecret: target.secret,
      clockOffsetSeconds,
    });
    auth = await signer.authorize({ method: "GET", url: probeUrl });
  } catch (error) {
    return {
      name: "credentials",
      status: "fail",
      summary: `cannot sign: ${(error as Error).message}`,
    };
  }
  try {
    const response = await fetch(probeUrl, {
      method: "GET",
      headers: { Authorization: auth.header },
    });
    const text = (await response.text()).replace(/^\uFEFF/, "");
    if (response.ok)
      return {
        name: "credentials",
        status: "ok",
        summary: `key ${target.key} accepted (GET /users/ answered ${response.status})`,
      };
    if (response.status === 404) return { ...wrongBasePath(target, 404), name: "credentials" };
    return rejected(response.status, text, auth, target, skew);
  } catch (error) {
    return {
      name: "credentials",
      status: "fail",
      summary: describeNetworkError(error, target.url),
    };
  }
}

/** The diagnosis of rejected credentials: the Gallery's message, what was signed, likely causes. */
function rejected(
  status: number,
  text: string,
  auth: { baseString: string; oauthParameters: Record<string, string> },
  target: Target,
  skew: number | undefined,
): Check {
  // The client's error reads the GalleryError fields (and hides any echoed signature).
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the client's error keeps the start of the text as the message
  }
  const error = new AlteryxApiError({ status, body });
  const message = error.galleryMessage ?? "";
  const inner = error.innerExceptionMessage ?? "";
  const details = [
    `the Gallery said: ${message || "(no message)"}${inner ? ` (${inner})` : ""}`,
    "what this client signed (RFC 5849 base string; the secret and signature are not shown):",
    `  ${auth.baseString}`,
    `key: ${target.key}  signature method: HMAC-SHA1  nonce: ${auth.oauthParameters.oauth_nonce}  timestamp: ${auth.oauthParameters.oauth_timestamp}`,
    "likely causes:",
    ...likelyCauses(message, inner, skew, target.secret).map((c) => `  - ${c}`),
  ];
  return { name: "credentials", status: "fail", summary: `rejected with HTTP ${status}`, details };
}

/** Runs every check against a target. Returns the checks in order. */
export async function runDoctor(
  target: Target,
  fetch: CliFetch,
  network: DoctorNetwork,
  clockOffsetSeconds = 0,
): Promise<Check[]> {
  const checks: Check[] = [settingsCheck(target, network), urlCheck(target)];
  const schemes = await schemesCheck(fetch, target);
  checks.push(schemes.check);
  // From here on, the checks speak to the Admin v1 base of the scheme in use.
  const api: Target = { ...target, url: schemes.bases.adminV1Url };
  const base = new URL(api.url);
  const probeUrl = `${api.url}/users/?page=0&pageSize=1`;
  const oauth2 = schemes.scheme === "oauth2";
  if (schemes.check.status === "fail") {
    // The schemes check named the URL to use: probing this one again would only repeat it.
    checks.push(
      {
        name: "reachable",
        status: "skip",
        summary: "not checked: fix the URL first (see schemes)",
      },
      await tlsCheck(base, target.ca, network.proxy?.url),
      {
        name: "credentials",
        status: "skip",
        summary: "not checked: fix the failure above first (it is not the key or the secret)",
      },
    );
    return checks;
  }
  const reach = await reachableChecks(fetch, api, probeUrl, clockOffsetSeconds);
  if (oauth2) {
    // Bearer tokens do not carry this machine's time: the clock cannot make them fail.
    const at = reach.checks.findIndex((c) => c.name === "clock");
    if (at >= 0)
      reach.checks[at] = {
        name: "clock",
        status: "skip",
        summary: "not needed: OAuth2 bearer tokens do not depend on this machine's clock",
      };
  }
  checks.push(...reach.checks);
  checks.push(await tlsCheck(base, target.ca, network.proxy?.url));
  if (!reach.reachable) {
    checks.push({
      name: "credentials",
      status: "skip",
      summary: "not checked: fix the failure above first (it is not the key or the secret)",
    });
    return checks;
  }
  checks.push(
    oauth2
      ? await bearerCheck(fetch, target, schemes.bases, schemes.token)
      : await credentialsCheck(fetch, api, probeUrl, reach.skew, clockOffsetSeconds),
  );
  return checks;
}

/** Formats checks as aligned lines. */
export function formatChecks(checks: readonly Check[], colors: Logger["colors"]): string {
  const mark = {
    ok: colors.green("ok  "),
    warn: colors.yellow("warn"),
    fail: colors.red("FAIL"),
    skip: colors.dim("skip"),
  };
  const lines: string[] = [];
  for (const check of checks) {
    lines.push(`${mark[check.status]}  ${check.name.padEnd(12)} ${check.summary}`);
    for (const detail of check.details ?? []) lines.push(`${" ".repeat(19)}${detail}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Registers `doctor`. */
export function registerDoctorCommand(program: Command): void {
  const command = program
    .command("doctor")
    .description(
      "check the URL, which schemes the server answers (and so its version), reachability, TLS, clock skew and credentials, and explain what is wrong",
    )
    .addOption(new Option("--format <format>", "text (default) or json").choices(["text", "json"]));
  example(
    command,
    "alteryx-admin doctor",
    "alteryx-admin --profile prod doctor",
    "alteryx-admin --demo doctor",
  );
  command.action(
    withSession(async (session, options: { format?: string }) => {
      const connection = session.demo ? await session.connectDemo(1, "demo Gallery") : undefined;
      const target = connection?.target ?? (await session.resolve());
      const fetch = connection?.fetch ?? session.network(target);
      const network = {
        proxy: connection ? undefined : proxySetting(session.options.proxy),
        timeoutSeconds: session.timeoutSeconds,
      };
      const checks = await runDoctor(target, fetch, network, session.options.clockOffset);
      if (options.format === "json") process.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
      else process.stdout.write(formatChecks(checks, session.logger.colors));
      if (checks.some((c) => c.status === "fail")) throw new SilentFailure();
    }),
  );
}
