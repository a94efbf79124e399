/**
 * End-to-end: the demo only when asked (--demo, ALTERYX_ADMIN_DEMO=1), nothing configured is exit
 * 2, settings from one source as a whole, and the profile commands (file modes, secrets never
 * shown, parse errors that never quote the file).
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type MockGallery, startMockGallery } from "@alteryx-admin/mock-gallery";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, run, SENTINEL_SECRET, tempDir } from "./helpers.js";

let mock: MockGallery;
beforeAll(async () => {
  mock = await startMockGallery({
    consumerKey: "profile-key",
    consumerSecret: SENTINEL_SECRET,
    validation: false,
  });
});
afterAll(async () => {
  await mock?.close();
});

/** Every 6-character piece of the secret: none may appear in any output. */
function expectNoPieceOf(secret: string, text: string): void {
  for (let i = 0; i + 6 <= secret.length; i++) expect(text).not.toContain(secret.slice(i, i + 6));
}

describe("nothing configured", () => {
  it("every command that needs a Gallery exits 2, says how to configure one and that --demo exists", async () => {
    const env = cleanEnv();
    const out = tempDir();
    const results = await Promise.all([
      run(["--quiet", "users"], { env }),
      run(["doctor"], { env }),
      run(["backup", "--out", out], { env }),
      run(["report"], { env }),
      run(["--quiet", "users"], {
        env: cleanEnv({ ALTERYX_ADMIN_CONFIG: join(out, "missing.json") }),
      }),
      run(["users"], { env: cleanEnv({ ALTERYX_ADMIN_CONFIG: out }) }),
    ]);
    for (const r of results.slice(0, 4)) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim()).toBe(
        "error: no Gallery configured: set ALTERYX_GALLERY_URL, ALTERYX_API_KEY and ALTERYX_API_SECRET, or add a profile with `alteryx-admin profile add NAME --url URL --key KEY`; to try alteryx-admin on demo data, add --demo",
      );
    }
    const [missing, folder] = results.slice(4);
    expect(missing?.code).toBe(2);
    expect(missing?.stderr).toContain(
      `ALTERYX_ADMIN_CONFIG names ${join(out, "missing.json")}, which does not exist`,
    );
    expect(folder?.code).toBe(2);
    expect(folder?.stderr).toContain(`${out}: is a folder, not a profiles file`);
    // The backup folder was not even created with content.
    expect(() => statSync(join(out, "manifest.json"))).toThrow();
  });

  it("--demo (or ALTERYX_ADMIN_DEMO=1) uses the demo Gallery and says so; it refuses flags naming another", async () => {
    const [flag, variable, mixed] = await Promise.all([
      run(["--demo", "--quiet", "users", "--page-size", "2"], { env: cleanEnv() }),
      run(["users", "--page-size", "2"], { env: cleanEnv({ ALTERYX_ADMIN_DEMO: "1" }) }),
      run(["--demo", "--url", mock.url, "users"], { env: cleanEnv() }),
    ]);
    for (const r of [flag, variable]) {
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toHaveLength(2);
      expect(r.stderr).toMatch(
        /^demo: an embedded mock Gallery with demo data at .* \(--demo\); nothing here is your Gallery$/m,
      );
    }
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("--url cannot be used with it");
  });
});

describe("profile commands", () => {
  it("add (secret from stdin), list, use and remove: 0600 file in a 0700 folder, secrets never shown", async () => {
    const home = tempDir("alteryx-admin-home-");
    const env = cleanEnv({ HOME: home });
    const dir = join(home, ".config", "alteryx-admin");
    const path = join(dir, "config.json");
    const add = (name: string, ...extra: string[]) =>
      run(["profile", "add", name, "--url", mock.url, "--key", "profile-key", ...extra], {
        env,
        input: `${SENTINEL_SECRET}\n`,
      });
    const first = await add("lab");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr.trim()).toBe(
      'profile "lab" saved in ~/.config/alteryx-admin/config.json (the default)',
    );
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({
      defaultProfile: "lab",
      profiles: { lab: { url: mock.url, key: "profile-key", secret: SENTINEL_SECRET } },
    });
    const again = await add("lab");
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already exists");
    expect((await add("other")).code).toBe(0);

    // The default profile is used with nothing else configured.
    const users = await run(["users", "--page-size", "1", "--fields", "email"], { env });
    expect(users.code, users.stderr).toBe(0);
    expect(JSON.parse(users.stdout)).toHaveLength(1);

    const use = await run(["profile", "use", "other"], { env });
    expect(use.code, use.stderr).toBe(0);
    const list = await run(["profile", "list", "--format", "json"], { env });
    expect(JSON.parse(list.stdout)).toEqual([
      {
        name: "lab",
        default: false,
        url: mock.url,
        auth: "auto",
        key: "profile-key",
        secret: "set",
        ca: "",
      },
      {
        name: "other",
        default: true,
        url: mock.url,
        auth: "auto",
        key: "profile-key",
        secret: "set",
        ca: "",
      },
    ]);
    const remove = await run(["profile", "remove", "other"], { env });
    expect(remove.code, remove.stderr).toBe(0);
    expect(remove.stderr).toContain("there is no default profile now");
    const unknown = await run(["profile", "use", "nope"], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('profile "nope" not found');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    for (const r of [first, again, users, use, list, remove, unknown])
      expect(r.stdout + r.stderr).not.toContain(SENTINEL_SECRET);
  });

  it("never quotes a malformed profiles file, JSON or INI, that holds a secret", async () => {
    const dir = tempDir("alteryx-admin-cfg-");
    const files = {
      "broken.json": `{"profiles": {"lab": {"url": "${mock.url}", "secret": ${SENTINEL_SECRET}}}}`,
      "broken2.json": `{"profiles": {"lab": {"secret": "${SENTINEL_SECRET}" "key": "k"}}}`,
      "broken.ini": `[lab]\nurl = ${mock.url}\nsecret ${SENTINEL_SECRET}\n`,
      "typo.ini": `[lab]\nurl = ${mock.url}\n${SENTINEL_SECRET} = x\n`,
    };
    const results = await Promise.all(
      Object.entries(files).map(([name, text]) => {
        const path = join(dir, name);
        writeFileSync(path, text, { mode: 0o600 });
        return run(["--profile", "lab", "users"], {
          env: cleanEnv({ ALTERYX_ADMIN_CONFIG: path }),
        });
      }),
    );
    for (const r of results) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^error: .*(broken|typo)/);
      expectNoPieceOf(SENTINEL_SECRET, r.stdout + r.stderr);
    }
    expect(results[0]?.stderr).toContain("is not valid JSON");
    expect(results[2]?.stderr).toContain("broken.ini:3: expected");
  });
});

describe("one source as a whole", () => {
  it("an environment URL without a key does not borrow the default profile's key; doctor says where each setting came from", async () => {
    const home = tempDir("alteryx-admin-home-");
    const dir = join(home, ".config", "alteryx-admin");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "config.json"),
      JSON.stringify({
        profiles: { default: { url: mock.url, key: "profile-key", secret: SENTINEL_SECRET } },
      }),
      { mode: 0o600 },
    );
    const [borrowed, profileDoctor, stdinDoctor] = await Promise.all([
      run(["users"], { env: cleanEnv({ HOME: home, ALTERYX_GALLERY_URL: mock.url }) }),
      run(["doctor"], { env: cleanEnv({ HOME: home }) }),
      run(["--url", mock.url, "--secret-stdin", "doctor"], {
        env: cleanEnv({ HOME: home, ALTERYX_API_KEY: "profile-key" }),
        input: SENTINEL_SECRET,
      }),
    ]);
    expect(borrowed.code).toBe(2);
    expect(borrowed.stderr).toContain(
      "incomplete configuration from the command line and environment: missing the API key (--key or ALTERYX_API_KEY), the API secret (ALTERYX_API_SECRET or --secret-stdin); settings are not borrowed from a profile",
    );
    expect(profileDoctor.code, profileDoctor.stdout).toBe(0);
    expect(profileDoctor.stdout).toMatch(
      /^ok {4}settings +from profile "default" \(the default profile\) in .*config\.json$/m,
    );
    expect(profileDoctor.stdout).toMatch(
      /^ +url +http:\/\/127\.0\.0\.1:\d+\/gallery\/api\/admin\/v1 \(from profile "default"\)$/m,
    );
    expect(stdinDoctor.code, stdinDoctor.stdout).toBe(0);
    expect(stdinDoctor.stdout).toMatch(/^ +url +\S+ \(from --url\)$/m);
    expect(stdinDoctor.stdout).toMatch(/^ +key +profile-key \(from ALTERYX_API_KEY\)$/m);
    expect(stdinDoctor.stdout).toMatch(
      /^ +secret +\d+ characters, not shown \(from --secret-stdin\)$/m,
    );
    for (const r of [borrowed, profileDoctor, stdinDoctor])
      expect(r.stdout + r.stderr).not.toContain(SENTINEL_SECRET);
  });

  it("doctor never prints a password in the URL", async () => {
    const url = mock.url.replace("http://", "http://ana:hunter2-pw@");
    const result = await run(["doctor"], {
      env: cleanEnv({ ALTERYX_GALLERY_URL: url, ALTERYX_API_KEY: "k", ALTERYX_API_SECRET: "s" }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("must not hold a user name or password");
    expect(result.stdout + result.stderr).not.toContain("hunter2");
  });
});
