/** The profiles file: named Galleries with URL, key and secret, in JSON or INI. */
import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import envPaths from "env-paths";
import { UsageError } from "../errors.js";

/** One named Gallery in the profiles file. */
export interface Profile {
  url?: string;
  key?: string;
  secret?: string;
  /** Path of a PEM file with the private CA that signed the server's certificate. */
  ca?: string;
}

/** The parsed profiles file. */
export interface ProfilesFile {
  path: string;
  profiles: Record<string, Profile>;
  /** The profile used when neither --profile nor the environment name a Gallery. */
  defaultProfile?: string | undefined;
}

/**
 * Where the profiles file lives: $ALTERYX_ADMIN_CONFIG when set, else `config.json` (or
 * `config.ini`) in the user's config directory (`~/.config/alteryx-admin` on Linux).
 */
export function profileFileCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.ALTERYX_ADMIN_CONFIG) return [env.ALTERYX_ADMIN_CONFIG];
  const dir = envPaths("alteryx-admin", { suffix: "" }).config;
  return [join(dir, "config.json"), join(dir, "config.ini")];
}

/**
 * Refuses a profiles file that group or others can read or write: it holds API secrets.
 * The error gives the exact command that fixes it.
 */
export function assertPrivate(path: string, mode: number, platform = process.platform): void {
  if (platform === "win32") return;
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(3, "0");
    throw new UsageError(
      `refusing to read ${path}: it holds API secrets but other users can access it (mode ${octal}); fix it with: chmod 600 ${path}`,
    );
  }
}

/** Parses the INI form: one `[name]` section per profile with `url`, `key`, `secret`, `ca`. */
export function parseIni(text: string, path: string): Record<string, Profile> {
  const profiles: Record<string, Profile> = {};
  let current: Profile | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) return;
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section?.[1]) {
      current = {};
      profiles[section[1].trim()] = current;
      return;
    }
    const eq = line.indexOf("=");
    if (eq < 0 || !current) {
      throw new UsageError(
        `${path}:${index + 1}: expected "[profile]" or "name = value", got "${line.slice(0, 40)}"`,
      );
    }
    const name = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (name === "url" || name === "key" || name === "secret" || name === "ca")
      current[name] = value;
    else
      throw new UsageError(
        `${path}:${index + 1}: unknown setting "${name}" (use url, key, secret or ca)`,
      );
  });
  return profiles;
}

function parseJson(
  text: string,
  path: string,
): { profiles: Record<string, Profile>; defaultProfile?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const root = parsed as { profiles?: unknown; defaultProfile?: unknown };
  if (!root || typeof root !== "object" || !root.profiles || typeof root.profiles !== "object") {
    throw new UsageError(
      `${path}: expected {"profiles": {"name": {"url": ..., "key": ..., "secret": ...}}}`,
    );
  }
  const out: { profiles: Record<string, Profile>; defaultProfile?: string } = {
    profiles: root.profiles as Record<string, Profile>,
  };
  if (typeof root.defaultProfile === "string") out.defaultProfile = root.defaultProfile;
  return out;
}

/**
 * Checks that every profile holds only string settings, and makes a relative `ca` path relative
 * to the profiles file (not to the directory the command runs in).
 */
export function normalizeProfiles(
  profiles: Record<string, unknown>,
  path: string,
): Record<string, Profile> {
  const out: Record<string, Profile> = {};
  for (const [name, value] of Object.entries(profiles)) {
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      throw new UsageError(
        `${path}: profile "${name}" must be an object with url, key, secret (and optionally ca)`,
      );
    }
    const profile: Profile = {};
    for (const [setting, v] of Object.entries(value as Record<string, unknown>)) {
      if (setting !== "url" && setting !== "key" && setting !== "secret" && setting !== "ca") {
        throw new UsageError(
          `${path}: profile "${name}" has an unknown setting "${setting}" (use url, key, secret or ca)`,
        );
      }
      if (typeof v !== "string")
        throw new UsageError(`${path}: profile "${name}": ${setting} must be a string`);
      profile[setting] = setting === "ca" && !isAbsolute(v) ? resolve(dirname(path), v) : v;
    }
    out[name] = profile;
  }
  return out;
}

/** Loads the first profiles file that exists, or returns undefined when there is none. */
export function loadProfiles(env: NodeJS.ProcessEnv = process.env): ProfilesFile | undefined {
  for (const path of profileFileCandidates(env)) {
    let mode: number;
    try {
      mode = statSync(path).mode;
    } catch {
      continue;
    }
    assertPrivate(path, mode);
    const text = readFileSync(path, "utf8");
    if (path.endsWith(".ini")) {
      const profiles = normalizeProfiles(parseIni(text, path), path);
      return { path, profiles, defaultProfile: "default" in profiles ? "default" : undefined };
    }
    const parsed = parseJson(text, path);
    const profiles = normalizeProfiles(parsed.profiles, path);
    const defaultProfile = parsed.defaultProfile;
    return {
      path,
      profiles,
      defaultProfile: defaultProfile ?? ("default" in profiles ? "default" : undefined),
    };
  }
  return undefined;
}
