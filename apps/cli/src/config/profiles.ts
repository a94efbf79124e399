/**
 * The profiles file: named Galleries with URL, key, secret and CA, in JSON or INI. It holds
 * secrets, so it is read only when private, written atomically with mode 0600 in a 0700 folder,
 * and no error about it ever quotes its content.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import envPaths from "env-paths";
import { UsageError } from "../errors.js";
import { displayPath, ensureDir, writeFileAtomic } from "../files.js";
import { didYouMean } from "../suggest.js";
import { parseAuthChoice } from "./auth-choice.js";

/** The settings a profile can hold. */
export const PROFILE_SETTINGS = ["url", "key", "secret", "ca", "auth"] as const;
/** One of {@link PROFILE_SETTINGS}. */
export type ProfileSetting = (typeof PROFILE_SETTINGS)[number];

/** One named Gallery in the profiles file. */
export type Profile = Partial<Record<ProfileSetting, string>>;

/** The parsed profiles file. */
export interface ProfilesFile {
  path: string;
  format: "json" | "ini";
  profiles: Record<string, Profile>;
  /** The profile used when neither flags, the environment nor --profile name a Gallery. */
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
    const shown = displayPath(path);
    throw new UsageError(
      `refusing to read ${shown}: it holds API secrets but other users can access it (mode ${octal}); fix it with: chmod 600 ${shown}`,
    );
  }
}

function isSetting(name: string): name is ProfileSetting {
  return (PROFILE_SETTINGS as readonly string[]).includes(name);
}

/** The unknown-setting error, with a suggestion but without the unknown name (it may be a secret). */
function unknownSetting(where: string, name: string): UsageError {
  return new UsageError(
    `${where}: unknown setting${didYouMean(name, PROFILE_SETTINGS)}; use ${PROFILE_SETTINGS.join(", ")}`,
  );
}

/**
 * Parses the INI form: an optional `default_profile = NAME` before the first section, then one
 * `[name]` section per profile with `url`, `key`, `secret`, `ca`. Errors give the line number,
 * never the line.
 */
export function parseIni(
  text: string,
  path: string,
): { profiles: Record<string, Profile>; defaultProfile?: string } {
  const profiles: Record<string, Profile> = {};
  let defaultProfile: string | undefined;
  let current: Profile | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const where = `${path}:${index + 1}`;
    if (line === "" || line.startsWith("#") || line.startsWith(";")) return;
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section?.[1]) {
      current = {};
      profiles[section[1].trim()] = current;
      return;
    }
    const eq = line.indexOf("=");
    if (eq < 0)
      throw new UsageError(`${where}: expected "[profile]" or "name = value" (line not shown)`);
    const name = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (!current) {
      if (name !== "default_profile")
        throw new UsageError(
          `${where}: only default_profile may come before the first [profile] section`,
        );
      defaultProfile = value;
    } else if (isSetting(name)) current[name] = value;
    else throw unknownSetting(where, name);
  });
  return defaultProfile === undefined ? { profiles } : { profiles, defaultProfile };
}

/** Syntax errors of JSON.parse that describe the syntax only (others quote the text). */
const SAFE_JSON_REASON =
  /^(Expected [^"]*$|Unterminated string|Unexpected end of JSON input|Bad (control|escaped) character|Exponent part is missing a number|No number after minus sign|Unexpected non-whitespace character after JSON)/;

/** Where and why JSON.parse failed, without a single character of the text. */
export function describeJsonError(message: string, text: string): string {
  const position = /at position (\d+)/.exec(message);
  const reason = SAFE_JSON_REASON.exec(message.replace(/ in JSON at position \d+.*$/s, ""))?.[0];
  let where = "";
  if (position?.[1]) {
    const before = text.slice(0, Number(position[1]));
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    where = ` at line ${line}, column ${column}`;
  }
  return `${reason ? `${reason}` : "a syntax error"}${where}`;
}

function parseJson(
  text: string,
  path: string,
): { profiles: Record<string, unknown>; defaultProfile?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${path} is not valid JSON: ${describeJsonError((error as Error).message, text)} (content not shown: it holds secrets)`,
    );
  }
  const root = parsed as { profiles?: unknown; defaultProfile?: unknown };
  if (!root || typeof root !== "object" || !root.profiles || typeof root.profiles !== "object") {
    throw new UsageError(
      `${path}: expected {"profiles": {"name": {"url": ..., "key": ..., "secret": ...}}}`,
    );
  }
  const out: { profiles: Record<string, unknown>; defaultProfile?: string } = {
    profiles: root.profiles as Record<string, unknown>,
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
  const shown = displayPath(path);
  for (const [name, value] of Object.entries(profiles)) {
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      throw new UsageError(
        `${shown}: profile "${name}" must be an object with url, key, secret (and optionally ca)`,
      );
    }
    const profile: Profile = {};
    for (const [setting, v] of Object.entries(value as Record<string, unknown>)) {
      if (!isSetting(setting)) throw unknownSetting(`${shown}: profile "${name}"`, setting);
      if (typeof v !== "string")
        throw new UsageError(`${shown}: profile "${name}": ${setting} must be a string`);
      // auth is read as ALTERYX_AUTH and `profile add --auth` read it (trimmed, any case).
      if (setting === "auth")
        profile[setting] = parseAuthChoice(v, `${shown}: profile "${name}": auth`);
      else profile[setting] = setting === "ca" && !isAbsolute(v) ? resolve(dirname(path), v) : v;
    }
    out[name] = profile;
  }
  return out;
}

/** Reads a file that must be private, naming it in every error. */
function readPrivate(path: string): string | undefined {
  const shown = displayPath(path);
  let mode: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new UsageError(`${shown}: is a folder, not a profiles file`);
    mode = stats.mode;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UsageError(`cannot read ${shown}: ${(error as NodeJS.ErrnoException).code}`);
  }
  assertPrivate(path, mode);
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${shown}: ${(error as NodeJS.ErrnoException).code}`);
  }
}

/** Parses the text of a profiles file (JSON, or INI for a `.ini` name). */
export function parseProfiles(text: string, path: string): ProfilesFile {
  const format = path.endsWith(".ini") ? "ini" : "json";
  const shown = displayPath(path);
  const parsed = format === "ini" ? parseIni(text, shown) : parseJson(text, shown);
  const profiles = normalizeProfiles(parsed.profiles, path);
  const defaultProfile = parsed.defaultProfile ?? ("default" in profiles ? "default" : undefined);
  return { path, format, profiles, defaultProfile };
}

/**
 * Loads the profiles file, or returns undefined when there is none. A file named by
 * ALTERYX_ADMIN_CONFIG must exist: a cron job whose variable points nowhere must not run on
 * some other configuration.
 */
export function loadProfiles(env: NodeJS.ProcessEnv = process.env): ProfilesFile | undefined {
  for (const path of profileFileCandidates(env)) {
    const text = readPrivate(path);
    if (text !== undefined) return parseProfiles(text, path);
  }
  if (env.ALTERYX_ADMIN_CONFIG) {
    throw new UsageError(
      `ALTERYX_ADMIN_CONFIG names ${displayPath(env.ALTERYX_ADMIN_CONFIG)}, which does not exist; create it with \`alteryx-admin profile add\` or fix the variable`,
    );
  }
  return undefined;
}

/**
 * The profiles file to change (profile add/use/remove): the existing one, or an empty one at the
 * first candidate path.
 */
export function loadProfilesForEdit(env: NodeJS.ProcessEnv = process.env): ProfilesFile {
  for (const path of profileFileCandidates(env)) {
    const text = readPrivate(path);
    if (text !== undefined) return parseProfiles(text, path);
  }
  const path = profileFileCandidates(env)[0] as string;
  return { path, format: path.endsWith(".ini") ? "ini" : "json", profiles: {} };
}

/** The text of a profiles file in its format. */
export function serializeProfiles(file: ProfilesFile): string {
  if (file.format === "json") {
    const root: { defaultProfile?: string; profiles: Record<string, Profile> } = {
      profiles: file.profiles,
    };
    if (file.defaultProfile) root.defaultProfile = file.defaultProfile;
    return `${JSON.stringify(root, null, 2)}\n`;
  }
  const lines = file.defaultProfile ? [`default_profile = ${file.defaultProfile}`, ""] : [];
  for (const [name, profile] of Object.entries(file.profiles)) {
    lines.push(`[${name}]`);
    for (const setting of PROFILE_SETTINGS) {
      const value = profile[setting];
      if (value !== undefined) lines.push(`${setting} = ${value}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

/** Writes the profiles file atomically, mode 0600, creating its folder with mode 0700. */
export async function saveProfiles(file: ProfilesFile): Promise<void> {
  await ensureDir(dirname(file.path), "profiles folder");
  await writeFileAtomic(file.path, serializeProfiles(file));
}
