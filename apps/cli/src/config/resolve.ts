/** Decides which Gallery and credentials a command uses: flags, environment, profiles. */
import { UsageError } from "../errors.js";
import {
  loadProfiles,
  type Profile,
  type ProfilesFile,
  profileFileCandidates,
} from "./profiles.js";

/** A Gallery to talk to, fully configured. */
export interface Target {
  /** The Admin v1 base URL without a trailing slash. */
  url: string;
  key: string;
  secret: string;
  ca?: string | undefined;
  /** Where the settings came from, for messages ("profile prod", "environment"). */
  source: string;
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

/** Normalizes and checks a Gallery URL (http or https, no trailing slash). */
export function normalizeUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `"${value}" is not a URL; expected the Admin API base, like https://gallery.example.com/gallery/api/admin/v1`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UsageError(`the Gallery URL must start with https:// (got ${url.protocol})`);
  }
  if (url.search || url.hash)
    throw new UsageError("the Gallery URL must not have a query or fragment");
  return url.toString().replace(/\/+$/, "");
}

function lookupProfile(
  file: ProfilesFile | undefined,
  name: string,
  env: NodeJS.ProcessEnv,
): Profile {
  if (!file) {
    throw new UsageError(
      `profile "${name}" not found: there is no profiles file (looked for ${profileFileCandidates(env).join(", ")})`,
    );
  }
  const profile = file.profiles[name];
  if (!profile) {
    const names = Object.keys(file.profiles);
    throw new UsageError(
      `profile "${name}" not found in ${file.path}${names.length ? ` (profiles: ${names.join(", ")})` : ""}`,
    );
  }
  return profile;
}

function complete(
  parts: {
    url?: string | undefined;
    key?: string | undefined;
    secret?: string | undefined;
    ca?: string | undefined;
  },
  source: string,
): Target {
  const missing: string[] = [];
  if (!parts.url) missing.push("the URL (--url or ALTERYX_GALLERY_URL)");
  if (!parts.key) missing.push("the API key (--key or ALTERYX_API_KEY)");
  if (parts.secret === undefined || parts.secret === "") {
    missing.push("the API secret (ALTERYX_API_SECRET, --secret-stdin or a profile)");
  }
  if (missing.length)
    throw new UsageError(`incomplete configuration from ${source}: missing ${missing.join(", ")}`);
  return {
    url: normalizeUrl(parts.url as string),
    key: parts.key as string,
    secret: parts.secret as string,
    ca: parts.ca,
    source,
  };
}

/**
 * Resolves the Gallery for one command. Order: flags, then a named profile (--profile or
 * ALTERYX_PROFILE) or else the environment, then the profiles file's default profile.
 * Returns undefined when nothing at all is configured (the caller starts the embedded mock).
 */
export function resolveTarget(
  options: ConnectionOptions,
  env: NodeJS.ProcessEnv = process.env,
): Target | undefined {
  const profileName = options.profile ?? env.ALTERYX_PROFILE;
  if (profileName) {
    const profile = lookupProfile(loadProfiles(env), profileName, env);
    return complete(
      {
        url: options.url ?? profile.url,
        key: options.key ?? profile.key,
        secret: options.stdinSecret ?? profile.secret ?? env.ALTERYX_API_SECRET,
        ca: options.ca ?? profile.ca,
      },
      `profile "${profileName}"`,
    );
  }
  let url = options.url ?? env.ALTERYX_GALLERY_URL;
  let key = options.key ?? env.ALTERYX_API_KEY;
  let secret = options.stdinSecret ?? env.ALTERYX_API_SECRET;
  let ca = options.ca;
  let source = "flags and environment";
  if (!url || !key || !secret) {
    const file = loadProfiles(env);
    const fallback = file?.defaultProfile ? file.profiles[file.defaultProfile] : undefined;
    if (fallback) {
      source = `${source}, default profile "${file?.defaultProfile}"`;
      url ??= fallback.url;
      key ??= fallback.key;
      secret ??= fallback.secret;
      ca ??= fallback.ca;
    }
  }
  if (!url && !key && !secret) return undefined;
  return complete({ url, key, secret, ca }, source);
}

/** Resolves a profile by name only (migrate --from/--to). */
export function resolveProfile(name: string, env: NodeJS.ProcessEnv = process.env): Target {
  const profile = lookupProfile(loadProfiles(env), name, env);
  return complete(profile, `profile "${name}"`);
}

/** Reads the whole of stdin and strips one trailing newline (what `echo` and files add). */
export async function readSecretFromStdin(
  stdin: NodeJS.ReadStream = process.stdin,
): Promise<string> {
  if (stdin.isTTY) {
    throw new UsageError(
      "--secret-stdin reads the secret from a pipe, e.g. `pass show gallery | alteryx-admin ... --secret-stdin`",
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  const secret = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  if (!secret) throw new UsageError("--secret-stdin: stdin was empty");
  return secret;
}
