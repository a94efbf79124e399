import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { assertPrivate, loadProfiles, normalizeProfiles, parseIni } from "./profiles.js";
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

describe.skipIf(process.platform === "win32")("profiles file", () => {
  it("refuses a file others can read and prints the chmod that fixes it", () => {
    expect(() => assertPrivate("/x/config.json", 0o100644)).toThrow(
      "fix it with: chmod 600 /x/config.json",
    );
    expect(() => assertPrivate("/x/config.json", 0o100600)).not.toThrow();
    const path = profilesFile('{"profiles":{}}', "config.json", 0o640);
    expect(() => loadProfiles({ ALTERYX_ADMIN_CONFIG: path })).toThrow(`chmod 600 ${path}`);
  });
  it("reads INI sections and reports bad lines with their number", () => {
    expect(
      parseIni("# c\n[dev]\nurl = https://x/gallery/api/admin/v1\nkey=k\nsecret=s=1\n", "f"),
    ).toEqual({
      dev: { url: "https://x/gallery/api/admin/v1", key: "k", secret: "s=1" },
    });
    expect(() => parseIni("[dev]\ncolor=red\n", "f")).toThrow('f:2: unknown setting "color"');
    const path = profilesFile(`[default]\nurl=${URL_A}\nkey=k\nsecret=s\n`, "config.ini");
    expect(loadProfiles({ ALTERYX_ADMIN_CONFIG: path })?.defaultProfile).toBe("default");
  });
});

describe("profile validation", () => {
  it("rejects unknown settings and non-strings, and resolves a relative ca against the file", () => {
    expect(() => normalizeProfiles({ dev: { url: 1 } }, "/c/config.json")).toThrow(
      'profile "dev": url must be a string',
    );
    expect(() => normalizeProfiles({ dev: { token: "x" } }, "/c/config.json")).toThrow(
      'unknown setting "token"',
    );
    expect(() => normalizeProfiles({ dev: "x" }, "/c/config.json")).toThrow("must be an object");
    expect(normalizeProfiles({ dev: { ca: "certs/ca.pem" } }, "/c/config.json").dev?.ca).toBe(
      join("/c", "certs/ca.pem"),
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
  it("returns undefined when nothing is configured (embedded mock)", () => {
    expect(
      resolveTarget({}, { ALTERYX_ADMIN_CONFIG: join(tmpdir(), "does-not-exist.json") }),
    ).toBeUndefined();
  });
  it("uses flags over environment over the default profile", () => {
    const env = { ALTERYX_ADMIN_CONFIG: path, ALTERYX_GALLERY_URL: URL_B, ALTERYX_API_KEY: "kenv" };
    const target = resolveTarget({ key: "kflag" }, env);
    expect(target).toMatchObject({ url: URL_B, key: "kflag", secret: "sdev" });
  });
  it("uses a named profile, with the stdin secret first", () => {
    expect(resolveTarget({ profile: "prod" }, { ALTERYX_ADMIN_CONFIG: path })).toMatchObject({
      url: URL_B,
      key: "kprod",
      secret: "sprod",
    });
    expect(
      resolveTarget({ profile: "prod", stdinSecret: "piped" }, { ALTERYX_ADMIN_CONFIG: path })
        ?.secret,
    ).toBe("piped");
    expect(resolveProfile("dev", { ALTERYX_ADMIN_CONFIG: path }).key).toBe("kdev");
    expect(() => resolveProfile("qa", { ALTERYX_ADMIN_CONFIG: path })).toThrow(
      "profiles: dev, prod",
    );
  });
  it("names what is missing in a partial configuration", () => {
    const env = { ALTERYX_ADMIN_CONFIG: join(tmpdir(), "none.json"), ALTERYX_GALLERY_URL: URL_A };
    expect(() => resolveTarget({}, env)).toThrow(/missing the API key .*, the API secret/);
  });
  it("checks the URL", () => {
    expect(normalizeUrl(`${URL_A}/`)).toBe(URL_A);
    expect(() => normalizeUrl("gallery.example.com")).toThrow(UsageError);
    expect(() => normalizeUrl("ftp://x/y")).toThrow("https://");
  });
});
