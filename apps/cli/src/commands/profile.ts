/** `profile add|list|use|remove`: the profiles file managed by commands, secrets never shown. */
import { resolve } from "node:path";
import type { Command } from "commander";
import { parseAuthChoice } from "../config/auth-choice.js";
import {
  loadProfiles,
  loadProfilesForEdit,
  type Profile,
  type ProfilesFile,
  saveProfiles,
} from "../config/profiles.js";
import { normalizeUrl } from "../config/resolve.js";
import { readNewSecret, readSecretFromStdin } from "../config/secret.js";
import { type GlobalOptions, readCa, verbosityOf } from "../context.js";
import { UsageError } from "../errors.js";
import { displayPath } from "../files.js";
import { createLogger } from "../log.js";
import { addOutputOptions, example, type OutputOptions, printRecords } from "./shared.js";

/** Checks a profile name: letters, digits, dot, dash, underscore. */
export function checkProfileName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name))
    throw new UsageError(
      `"${name}" is not a profile name: use letters, digits, ".", "-" and "_" (up to 64)`,
    );
  return name;
}

/** The profile named `name`, or a usage error listing the others. */
function existing(file: ProfilesFile, name: string): Profile {
  const profile = file.profiles[name];
  if (profile) return profile;
  const names = Object.keys(file.profiles);
  throw new UsageError(
    `profile "${name}" not found in ${displayPath(file.path)}${names.length ? ` (profiles: ${names.join(", ")})` : " (it has no profiles)"}`,
  );
}

/** The global options of a subcommand's run, and its logger. */
function globalsOf(command: Command): { options: GlobalOptions; info: (m: string) => void } {
  const options = command.optsWithGlobals<GlobalOptions>();
  const logger = createLogger(verbosityOf(options));
  return { options, info: (m) => logger.info(m) };
}

/** Builds the profile `profile add` writes, from the global --url, --key and --ca, and --auth. */
async function newProfile(options: GlobalOptions, auth: string | undefined): Promise<Profile> {
  if (options.url === undefined || options.key === undefined)
    throw new UsageError(
      "profile add needs --url and --key (the secret is asked for, or read from stdin)",
    );
  const profile: Profile = { url: normalizeUrl(options.url) };
  if (options.key.trim() === "" || /\s/.test(options.key))
    throw new UsageError("--key must be the API key, without spaces");
  profile.key = options.key;
  if (options.ca !== undefined) {
    const ca = resolve(options.ca);
    readCa(ca, "--ca");
    profile.ca = ca;
  }
  // auto is the default: only a forced scheme is written.
  if (auth !== undefined) {
    const choice = parseAuthChoice(auth, "--auth");
    if (choice !== "auto") profile.auth = choice;
  }
  const secret = options.secretStdin ? await readSecretFromStdin() : await readNewSecret();
  if (/[\r\n]/.test(secret)) throw new UsageError("the secret must be one line");
  profile.secret = secret;
  return profile;
}

function registerAdd(group: Command): void {
  const add = group
    .command("add")
    .description("add a profile: --url and --key, the secret from a prompt (no echo) or stdin")
    .argument("<name>", "profile name", checkProfileName)
    .option("--default", "make it the default profile (the first profile always is)")
    .option("--force", "replace a profile of that name")
    .option(
      "--auth <scheme>",
      "auto (default: ask the server's token endpoint, else OAuth1), oauth1 or oauth2",
    );
  example(
    add,
    "alteryx-admin profile add prod --url https://alteryx.example.com --key 3f1c9a0e7d2b4c58a1e6",
    "pass show alteryx/prod | alteryx-admin profile add prod --url https://alteryx.example.com --key 3f1c9a0e7d2b4c58a1e6",
    "alteryx-admin profile add old --url https://gallery.example.com --auth oauth1 --key 3f1c9a0e7d2b4c58a1e6   # Server 2021.4 and older",
  );
  add.action(
    async (name: string, local: { default?: boolean; force?: boolean; auth?: string }, command) => {
      const { options, info } = globalsOf(command as Command);
      const file = loadProfilesForEdit();
      if (file.profiles[name] && !local.force)
        throw new UsageError(
          `profile "${name}" already exists in ${displayPath(file.path)}; add --force to replace it`,
        );
      file.profiles[name] = await newProfile(options, local.auth);
      if (local.default || !file.defaultProfile) file.defaultProfile = name;
      await saveProfiles(file);
      info(
        `profile "${name}" saved in ${displayPath(file.path)}${file.defaultProfile === name ? " (the default)" : ""}`,
      );
    },
  );
}

function registerList(group: Command): void {
  const list = group.command("list").description("list the profiles (secrets are never shown)");
  addOutputOptions(list);
  example(list, "alteryx-admin profile list", "alteryx-admin profile list --format json");
  list.action((local: OutputOptions) => {
    const file = loadProfiles();
    const rows = Object.entries(file?.profiles ?? {}).map(([name, p]) => ({
      name,
      default: name === file?.defaultProfile,
      url: p.url ?? "",
      key: p.key ?? "",
      secret: p.secret ? "set" : "not set",
      ca: p.ca ?? "",
      auth: p.auth ?? "auto",
    }));
    printRecords(rows, local, ["name", "default", "url", "auth", "key", "secret", "ca"]);
  });
}

function registerUse(group: Command): void {
  const use = group
    .command("use")
    .description("make a profile the default")
    .argument("<name>", "profile name");
  example(use, "alteryx-admin profile use prod");
  use.action(async (name: string, _local, command) => {
    const { info } = globalsOf(command as Command);
    const file = loadProfilesForEdit();
    existing(file, name);
    file.defaultProfile = name;
    await saveProfiles(file);
    info(`profile "${name}" is the default (${displayPath(file.path)})`);
  });
}

function registerRemove(group: Command): void {
  const remove = group
    .command("remove")
    .description("remove a profile")
    .argument("<name>", "profile name");
  example(remove, "alteryx-admin profile remove staging");
  remove.action(async (name: string, _local, command) => {
    const { info } = globalsOf(command as Command);
    const file = loadProfilesForEdit();
    existing(file, name);
    delete file.profiles[name];
    const wasDefault = file.defaultProfile === name;
    if (wasDefault) file.defaultProfile = undefined;
    await saveProfiles(file);
    info(
      `profile "${name}" removed from ${displayPath(file.path)}${wasDefault ? "; there is no default profile now (alteryx-admin profile use NAME)" : ""}`,
    );
  });
}

/** Registers `profile add|list|use|remove`. */
export function registerProfileCommands(program: Command): void {
  const group = program
    .command("profile")
    .description("add, list, choose and remove profiles (named Galleries)");
  example(
    group,
    "alteryx-admin profile add prod --url https://alteryx.example.com --key 3f1c9a0e7d2b4c58a1e6",
    "alteryx-admin profile use prod",
  );
  registerAdd(group);
  registerList(group);
  registerUse(group);
  registerRemove(group);
}
