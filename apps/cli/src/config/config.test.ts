import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import {
  assertPrivate,
  describeJsonError,
  loadProfiles,
  normalizeProfiles,
  parseIni,
  parseProfiles,
  serializeProfiles,
} from "./profiles.js";
import { normalizeUrl, resolveProfile, resolveTarget } from "./resolve.js";

function profilesFile(content: string, name = "config.json", mode = 0o600): string {
  const dir = mkdtempSync(join(tmpdir(), "alteryx-admin-cfg-"));
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

const URL_A = "https://a.example.com/gallery/api/admin/v1";
const URL_B = "https://b.example.com/gallery/api/admin/v1";
const SECRET = "zq9XK7w4Pm8vB2nJ";

describe.skipIf(process.platform === "win32")("profiles file", () => {
  it("refuses a file others can read and prints the chmod that fixes it", () => {
    expect(() => assertPrivate("/x/config.json", 0o100644)).toThrow(
      "fix it with: chmod 600 /x/config.json",
    );
    expect(() => assertPrivate("/x/config.json", 0o100600)).not.toThrow();
    const path = profilesFile('{"profiles":{}}', "config.json", 0o640);
    expect(() => loadProfiles({ ALTERYX_ADMIN_CONFIG: path })).toThrow(`chmod 600 ${path}`);
  });
  it("reads INI sections and a default, and reports bad lines by number only", () => {
    expect(
      parseIni(
        "# c\ndefault_profile = dev\n[dev]\nurl = https://x/gallery/api/admin/v1\nkey=k\nsecret=s=1\n",
        "f",
      ),
    ).toEqual({
      defaultProfile: "dev",
      profiles: { dev: { url: "https://x/gallery/api/admin/v1", key: "k", secret: "s=1" } },
    });
    expect(() => parseIni("[dev]\ncolr=red\n", "f")).toThrow("f:2: unknown setting; use url");
    expect(() => parseIni(`[dev]\nscret=${SECRET}\n`, "f")).toThrow(
      'f:2: unknown setting (did you mean "secret"?)',
    );
    const path = profilesFile(`[default]\nurl=${URL_A}\nkey=k\nsecret=s\n`, "config.ini");
    expect(loadProfiles({ ALTERYX_ADMIN_CONFIG: path })?.defaultProfile).toBe("default");
  });
  it("never quotes the file in a parse error (JSON or INI), even the line with the secret", () => {
    const broken = [
      `{"profiles": {"dev": {"secret": ${SECRET}}}}`,
      `{"profiles": {"dev": {"secret": "${SECRET}" "key": "k"}}}`,
      `{"profiles": {"dev": {"secret": "${SECRET}`,
      SECRET,
    ];
    for (const text of broken) {
      const error = (() => {
        try {
          parseProfiles(text, "/c/config.json");
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error).toBeInstanceOf(UsageError);
      expect(error?.message).toMatch(/^\/c\/config\.json is not valid JSON/);
      for (let i = 0; i + 4 <= SECRET.length; i++)
        expect(error?.message).not.toContain(SECRET.slice(i, i + 4));
    }
    expect(() => parseIni(`[dev]\nsecret ${SECRET}\n`, "f")).toThrow(
      'f:2: expected "[profile]" or "name = value" (line not shown)',
    );
    expect(() => parseIni(`[dev]\nsecret ${SECRET}\n`, "f")).not.toThrow(SECRET.slice(0, 6));
    expect(
      describeJsonError(
        "Expected ',' or '}' after property value in JSON at position 7",
        '{\n"a":1 2}',
      ),
    ).toBe("Expected ',' or '}' after property value at line 2, column 6");
  });
  it("writes what it reads, in either format", () => {
    const json = parseProfiles(
      JSON.stringify({ defaultProfile: "b", profiles: { a: { url: URL_A }, b: { key: "k" } } }),
      "/c/config.json",
    );
    expect(parseProfiles(serializeProfiles(json), "/c/config.json")).toEqual(json);
    const ini = { ...json, path: "/c/config.ini", format: "ini" as const };
    expect(parseProfiles(serializeProfiles(ini), "/c/config.ini")).toEqual(ini);
  });
});

describe("profile validation", () => {
  it("rejects unknown settings and non-strings, and resolves a relative ca against the file", () => {
    expect(() => normalizeProfiles({ dev: { url: 1 } }, "/c/config.json")).toThrow(
      'profile "dev": url must be a string',
    );
    expect(() => normalizeProfiles({ dev: { token: "x" } }, "/c/config.json")).toThrow(
      'profile "dev": unknown setting; use url, key, secret, ca',
    );
    expect(() => normalizeProfiles({ dev: "x" }, "/c/config.json")).toThrow("must be an object");
    expect(normalizeProfiles({ dev: { ca: "certs/ca.pem" } }, "/c/config.json").dev?.ca).toBe(
      join("/c", "certs/ca.pem"),
    );
  });
  it("reads auth as ALTERYX_AUTH is read (any case, trimmed) and refuses other values", () => {
    expect(normalizeProfiles({ dev: { auth: " OAuth2 " } }, "/c/config.json").dev?.auth).toBe(
      "oauth2",
    );
    expect(() => normalizeProfiles({ dev: { auth: "bearer" } }, "/c/config.json")).toThrow(
      '/c/config.json: profile "dev": auth must be auto, oauth1, oauth2',
    );
  });
});

describe("resolveTarget", () => {
  const path = profilesFile(
    JSON.stringify({
      defaultProfile: "dev",
      profiles: {
        dev: { url: URL_A, key: "kdev", secret: "sdev" },
        prod: { url: URL_B, key: "kprod", secret: "sprod" },
      },
    }),
  );
  const none = { HOME: mkdtempSync(join(tmpdir(), "alteryx-admin-home-")) };
  it("returns undefined when nothing is configured, and refuses a named file that is missing", () => {
    expect(resolveTarget({}, { ...none, XDG_CONFIG_HOME: none.HOME })).toBeUndefined();
    expect(() =>
      resolveTarget({}, { ALTERYX_ADMIN_CONFIG: join(tmpdir(), "does-not-exist.json") }),
    ).toThrow(/ALTERYX_ADMIN_CONFIG names .*does-not-exist\.json, which does not exist/);
  });
  it("takes the command line and environment as a whole: nothing borrowed from the profile", () => {
    const env = { ALTERYX_ADMIN_CONFIG: path, ALTERYX_GALLERY_URL: URL_B };
    expect(() => resolveTarget({}, env)).toThrow(
      /from the command line and environment: missing the API key .*, the API secret .*not borrowed from a profile/,
    );
    const target = resolveTarget({ key: "kflag" }, { ...env, ALTERYX_API_SECRET: "senv" });
    expect(target).toMatchObject({
      url: URL_B,
      key: "kflag",
      secret: "senv",
      origins: { url: "ALTERYX_GALLERY_URL", key: "--key", secret: "ALTERYX_API_SECRET" },
    });
  });
  it("uses the default profile when nothing else names a Gallery, and says where it came from", () => {
    expect(resolveTarget({}, { ALTERYX_ADMIN_CONFIG: path })).toMatchObject({
      url: URL_A,
      key: "kdev",
      source: `profile "dev" (the default profile) in ${path}`,
      origins: { url: 'profile "dev"', key: 'profile "dev"', secret: 'profile "dev"' },
    });
  });
  it("uses a named profile, with the stdin secret first, and refuses --url next to it", () => {
    expect(resolveTarget({ profile: "prod" }, { ALTERYX_ADMIN_CONFIG: path })).toMatchObject({
      url: URL_B,
      key: "kprod",
      secret: "sprod",
    });
    expect(
      resolveTarget({ profile: "prod", stdinSecret: "piped" }, { ALTERYX_ADMIN_CONFIG: path }),
    ).toMatchObject({ secret: "piped", origins: { secret: "--secret-stdin" } });
    expect(() =>
      resolveTarget({ profile: "prod", url: URL_A }, { ALTERYX_ADMIN_CONFIG: path }),
    ).toThrow("use one or the other");
    expect(resolveProfile("dev", { ALTERYX_ADMIN_CONFIG: path }).key).toBe("kdev");
    expect(() => resolveProfile("qa", { ALTERYX_ADMIN_CONFIG: path })).toThrow(
      "profiles: dev, prod",
    );
  });
  it("checks the URL, never echoing a password in it", () => {
    expect(normalizeUrl(`${URL_A}/`)).toBe(URL_A);
    expect(() => normalizeUrl("gallery.example.com")).toThrow(UsageError);
    expect(() => normalizeUrl("ftp://x/y")).toThrow("https://");
    expect(() => normalizeUrl("https://ana:hunter2@x.example.com/gallery/api/admin/v1")).toThrow(
      "must not hold a user name or password (https://***@x.example.com...)",
    );
  });
});
