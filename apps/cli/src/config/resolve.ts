/**
 * Decides which Gallery and credentials a command uses. The settings come from one source as a
 * whole: a profile, or the command line and environment; never a URL from one and a key from the
 * other (that ends in a 401 nobody can explain). `doctor` prints where each setting came from.
 */
import { UsageError } from "../errors.js";
import { displayPath } from "../files.js";
import { type AuthChoice, parseAuthChoice } from "./auth-choice.js";
import {
  loadProfiles,
  type Profile,
  type ProfilesFile,
  profileFileCandidates,
} from "./profiles.js";

/** Where each setting of a target came from ("--url", "ALTERYX_API_KEY", "profile", "stdin"). */
export interface SettingOrigins {
  url: string;
  key: string;
  secret: string;
  ca?: string | undefined;
  /** Where `auth` came from; absent when it is the default (auto). */
  auth?: string | undefined;
}

/** A Gallery to talk to, fully configured. */
export interface Target {
  /**
   * The URL as configured, without a trailing slash: the server root (`https://host`), the
   * OAuth1 Admin v1 base (`.../gallery/api/admin/v1`) or the OAuth2 one (`.../webapi/admin/v1`,
   * or `.../webapi`). The connect/ modules work out the API bases from it.
   */
  url: string;
  /** The scheme asked for: auto (find out), oauth1 or oauth2. */
  auth: AuthChoice;
  key: string;
  secret: string;
  /** Path of a PEM file with a private CA. */
  ca?: string | undefined;
  /** Where the settings came from as a whole, for messages ("profile \"prod\" in /path"). */
  source: string;
  /** A short name of that source for headers ("profile \"prod\"", "environment"). */
  label: string;
  /** Where each setting came from. */
  origins: SettingOrigins;
}

/** The global options that pick a Gallery. */
export interface ConnectionOptions {
  profile?: string | undefined;
  url?: string | undefined;
  key?: string | undefined;
  ca?: string | undefined;
  /** The secret read from stdin (--secret-stdin), already read. */
  stdinSecret?: string | undefined;
}

/** What to do when nothing is configured; one line. */
export const NOT_CONFIGURED =
  "no Gallery configured: set ALTERYX_GALLERY_URL, ALTERYX_API_KEY and ALTERYX_API_SECRET, or add a profile with `alteryx-admin profile add NAME --url URL --key KEY`; to try alteryx-admin on demo data, add --demo";

/** Normalizes and checks a Gallery URL (http or https, no trailing slash, no user info). */
export function normalizeUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      "the Gallery URL is not a URL; expected the server's address, like https://alteryx.example.com (or an API base such as https://alteryx.example.com/webapi/admin/v1)",
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UsageError(`the Gallery URL must start with https:// (got ${url.protocol})`);
  }
  if (url.username || url.password) {
    // Never echo it: the password would land in the terminal and in logs.
    throw new UsageError(
      `the Gallery URL must not hold a user name or password (${url.protocol}//***@${url.host}...); the API key and secret sign the requests`,
    );
  }
  if (url.search || url.hash)
    throw new UsageError("the Gallery URL must not have a query or fragment");
  return url.toString().replace(/\/+$/, "");
}

/** A variable's value, or undefined when it is unset or empty. */
function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

function lookupProfile(
  file: ProfilesFile | undefined,
  name: string,
  env: NodeJS.ProcessEnv,
): Profile {
  if (!file) {
    throw new UsageError(
      `profile "${name}" not found: there is no profiles file (looked for ${profileFileCandidates(env).join(", ")}); add one with \`alteryx-admin profile add ${name} --url URL --key KEY\``,
    );
  }
  const profile = file.profiles[name];
  if (!profile) {
    const names = Object.keys(file.profiles);
    throw new UsageError(
      `profile "${name}" not found in ${displayPath(file.path)}${names.length ? ` (profiles: ${names.join(", ")})` : ""}`,
    );
  }
  return profile;
}

type Parts = {
  url?: string | undefined;
  key?: string | undefined;
  secret?: string | undefined;
  ca?: string | undefined;
  auth?: string | undefined;
};

function complete(
  parts: Parts,
  origins: SettingOrigins,
  source: { long: string; short: string },
  hint: "profile" | "flags",
): Target {
  const missing: string[] = [];
  if (!parts.url)
    missing.push(`the URL (${hint === "profile" ? "url" : "--url or ALTERYX_GALLERY_URL"})`);
  if (!parts.key)
    missing.push(`the API key (${hint === "profile" ? "key" : "--key or ALTERYX_API_KEY"})`);
  if (parts.secret === undefined || parts.secret === "") {
    missing.push(
      `the API secret (${hint === "profile" ? "secret, or --secret-stdin" : "ALTERYX_API_SECRET or --secret-stdin"})`,
    );
  }
  if (missing.length) {
    const whole =
      hint === "profile"
        ? ""
        : "; settings are not borrowed from a profile: set all three, or use --profile NAME";
    throw new UsageError(
      `incomplete configuration from ${source.long}: missing ${missing.join(", ")}${whole}`,
    );
  }
  return {
    url: normalizeUrl(parts.url as string),
    auth: parts.auth === undefined ? "auto" : parseAuthChoice(parts.auth, origins.auth ?? "auth"),
    key: parts.key as string,
    secret: parts.secret as string,
    ca: parts.ca,
    source: source.long,
    label: source.short,
    origins,
  };
}

/** A profile as a target: its settings, the stdin secret and --ca over its own. */
function fromProfile(
  file: ProfilesFile | undefined,
  name: string,
  options: ConnectionOptions,
  env: NodeJS.ProcessEnv,
  how: string,
): Target {
  const profile = lookupProfile(file, name, env);
  const at = `profile "${name}"`;
  const origins: SettingOrigins = {
    url: at,
    key: at,
    secret: options.stdinSecret !== undefined ? "--secret-stdin" : at,
  };
  const ca = options.ca ?? profile.ca;
  if (ca !== undefined) origins.ca = options.ca !== undefined ? "--ca" : at;
  // ALTERYX_AUTH forces a scheme over the profile's own, like --ca over its CA: it names no
  // Gallery and no credential, so it cannot mix two sources.
  const auth = nonEmpty(env.ALTERYX_AUTH) ?? profile.auth;
  if (auth !== undefined)
    origins.auth = nonEmpty(env.ALTERYX_AUTH) !== undefined ? "ALTERYX_AUTH" : `auth of ${at}`;
  return complete(
    { url: profile.url, key: profile.key, secret: options.stdinSecret ?? profile.secret, ca, auth },
    origins,
    { long: `${at} (${how}) in ${displayPath(file?.path ?? "")}`, short: at },
    "profile",
  );
}

/**
 * Resolves the Gallery for one command. One source, first match:
 * 1. a named profile (--profile, else ALTERYX_PROFILE); --url and --key cannot be added to it;
 * 2. the command line and environment, when any of --url, --key, ALTERYX_GALLERY_URL,
 *    ALTERYX_API_KEY or ALTERYX_API_SECRET is set: complete on its own, or an error;
 * 3. the profiles file's default profile.
 * Returns undefined when nothing at all is configured.
 */
export function resolveTarget(
  options: ConnectionOptions,
  env: NodeJS.ProcessEnv = process.env,
): Target | undefined {
  const profileName = options.profile ?? env.ALTERYX_PROFILE;
  if (profileName) {
    if (options.url !== undefined || options.key !== undefined) {
      throw new UsageError(
        `--url and --key name a Gallery, and so does ${options.profile ? "--profile" : "ALTERYX_PROFILE"} ${profileName}: use one or the other`,
      );
    }
    const how = options.profile ? "--profile" : "ALTERYX_PROFILE";
    return fromProfile(loadProfiles(env), profileName, options, env, how);
  }
  const flagsOrEnv =
    options.url !== undefined ||
    options.key !== undefined ||
    env.ALTERYX_GALLERY_URL !== undefined ||
    env.ALTERYX_API_KEY !== undefined ||
    env.ALTERYX_API_SECRET !== undefined;
  if (flagsOrEnv) {
    const origins: SettingOrigins = {
      url: options.url !== undefined ? "--url" : "ALTERYX_GALLERY_URL",
      key: options.key !== undefined ? "--key" : "ALTERYX_API_KEY",
      secret: options.stdinSecret !== undefined ? "--secret-stdin" : "ALTERYX_API_SECRET",
    };
    if (options.ca !== undefined) origins.ca = "--ca";
    const auth = nonEmpty(env.ALTERYX_AUTH);
    if (auth !== undefined) origins.auth = "ALTERYX_AUTH";
    return complete(
      {
        url: options.url ?? env.ALTERYX_GALLERY_URL,
        key: options.key ?? env.ALTERYX_API_KEY,
        secret: options.stdinSecret ?? env.ALTERYX_API_SECRET,
        ca: options.ca,
        auth,
      },
      origins,
      { long: "the command line and environment", short: "environment" },
      "flags",
    );
  }
  const file = loadProfiles(env);
  if (file?.defaultProfile)
    return fromProfile(file, file.defaultProfile, options, env, "the default profile");
  if (options.stdinSecret !== undefined) {
    throw new UsageError(
      "--secret-stdin gives only the secret: add --url and --key, or --profile NAME",
    );
  }
  return undefined;
}

/** Resolves a profile by name only (migrate --from/--to). */
export function resolveProfile(name: string, env: NodeJS.ProcessEnv = process.env): Target {
  return fromProfile(loadProfiles(env), name, {}, env, "named on the command line");
}
