/** End-to-end: doctor, sign --explain, configuration (profiles, stdin secret) and the embedded mock. */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type MockGallery, startMockGallery } from "@alteryx-admin/mock-gallery";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cleanEnv,
  closedPortUrl,
  galleryEnv,
  run,
  SENTINEL_SECRET,
  writeProfiles,
} from "./helpers.js";

let mock: MockGallery;

beforeAll(async () => {
  mock = await startMockGallery({ consumerKey: "doctor-key", consumerSecret: SENTINEL_SECRET });
});
afterAll(async () => {
  await mock?.close();
});

describe("doctor", () => {
  it("passes every check with good credentials", async () => {
    const result = await run(["doctor"], {
      env: galleryEnv(mock.url, "doctor-key", SENTINEL_SECRET),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ok {4}URL/m);
    expect(result.stdout).toMatch(/^ok {4}reachable/m);
    expect(result.stdout).toMatch(/^ok {4}clock/m);
    expect(result.stdout).toMatch(/^ok {4}credentials/m);
  });

  it("diagnoses bad credentials: exit 1, the base string signed, the Gallery's message and likely causes", async () => {
    const result = await run(["doctor"], {
      env: galleryEnv(mock.url, "doctor-key", "wrong-secret"),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}credentials {2}rejected with HTTP 401/m);
    expect(result.stdout).toContain("the Gallery said:");
    expect(result.stdout).toMatch(
      /GET&http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fgallery%2Fapi%2Fadmin%2Fv1%2Fusers%2F&oauth_consumer_key%3Ddoctor-key/,
    );
    expect(result.stdout).toContain("likely causes:");
    expect(result.stdout).toContain("wrong API secret");
    expect(result.stdout).not.toContain("wrong-secret");
  });

  it("spots a signing clock outside the server's window (--clock-offset) and names it as the cause", async () => {
    const env = galleryEnv(mock.url, "doctor-key", SENTINEL_SECRET);
    const [doctor, users, bad] = await Promise.all([
      run(["--clock-offset", "900", "doctor"], { env }),
      run(["--clock-offset", "-900", "users"], { env }),
      run(["--clock-offset", "soon", "users"], { env }),
    ]);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(
      /^FAIL {2}clock +.*with --clock-offset 900: 9\d\d s ahead of the server's Date header/m,
    );
    expect(doctor.stdout).toMatch(/^FAIL {2}credentials/m);
    expect(doctor.stdout).toMatch(/timestamps sent are 9\d\d s ahead of the server's clock/);
    expect(users.code).toBe(1);
    expect(users.stderr).toMatch(/oauth_timestamp/);
    expect(bad.code).toBe(2);
  });

  it("reports an unreachable server", async () => {
    const result = await run(["doctor", "--format", "json"], {
      env: galleryEnv(await closedPortUrl(), "k", "s"),
    });
    expect(result.code).toBe(1);
    const checks = JSON.parse(result.stdout) as Array<{
      name: string;
      status: string;
      summary: string;
    }>;
    expect(checks.find((c) => c.name === "reachable")).toMatchObject({ status: "fail" });
    expect(checks.find((c) => c.name === "credentials")).toMatchObject({ status: "skip" });
  });
});

describe("sign --explain", () => {
  it("prints every step with the signature and secret redacted", async () => {
    const result = await run(
      [
        "sign",
        "--explain",
        "GET",
        "/workflows/?search=sales report&limit=10",
        "--nonce",
        "abc",
        "--timestamp",
        "1700000000",
      ],
      { env: galleryEnv(mock.url, "doctor-key", SENTINEL_SECRET) },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("search=sales%20report");
    expect(result.stdout).toMatch(
      /Base string URI[^\n]*\n\s+http:\/\/127\.0\.0\.1:\d+\/gallery\/api\/admin\/v1\/workflows\/\n/,
    );
    expect(result.stdout).toContain(
      "%26oauth_nonce%3Dabc%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1700000000",
    );
    expect(result.stdout).toContain('oauth_signature="<redacted>"');
    expect(result.stdout).not.toContain(SENTINEL_SECRET);
  });
});

describe("configuration", () => {
  it("reads named profiles and the secret from stdin", async () => {
    const path = writeProfiles({
      lab: { url: mock.url, key: "doctor-key", secret: SENTINEL_SECRET },
    });
    const [viaProfile, viaStdin] = await Promise.all([
      run(["--profile", "lab", "subscriptions", "--fields", "id"], {
        env: cleanEnv({ ALTERYX_ADMIN_CONFIG: path }),
      }),
      run(
        [
          "--url",
          mock.url,
          "--key",
          "doctor-key",
          "--secret-stdin",
          "subscriptions",
          "--fields",
          "id",
        ],
        {
          env: cleanEnv(),
          input: `${SENTINEL_SECRET}\n`,
        },
      ),
    ]);
    expect(viaProfile.code, viaProfile.stderr).toBe(0);
    expect(viaStdin.code, viaStdin.stderr).toBe(0);
    expect(JSON.parse(viaProfile.stdout)).toEqual(JSON.parse(viaStdin.stdout));
  });

  it("refuses a profiles file other users can read, printing the chmod", async () => {
    const path = writeProfiles({ lab: { url: mock.url, key: "k", secret: "s" } }, 0o644);
    const result = await run(["--profile", "lab", "users"], {
      env: cleanEnv({ ALTERYX_ADMIN_CONFIG: path }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`chmod 600 ${path}`);
  });

  it("finds the profiles file in the user's config directory, uses its default profile, and refuses it once others can read it", async () => {
    const env = cleanEnv();
    const dir = join(env.HOME ?? "", ".config", "alteryx-admin");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, "config.json");
    writeFileSync(
      path,
      JSON.stringify({
        defaultProfile: "lab",
        profiles: { lab: { url: mock.url, key: "doctor-key", secret: SENTINEL_SECRET } },
      }),
    );
    chmodSync(path, 0o600);
    const good = await run(["subscriptions", "--fields", "id"], { env });
    expect(good.code, good.stderr).toBe(0);
    expect(good.stderr).toBe("");
    expect((JSON.parse(good.stdout) as unknown[]).length).toBeGreaterThan(0);
    chmodSync(path, 0o640);
    const refused = await run(["subscriptions"], { env });
    expect(refused.code).toBe(2);
    const shown = "~/.config/alteryx-admin/config.json";
    expect(refused.stderr.trim()).toBe(
      `error: refusing to read ${shown}: it holds API secrets but other users can access it (mode 640); fix it with: chmod 600 ${shown}`,
    );
    expect(refused.stdout).toBe("");
  });

  it("rejects a missing --ca file as a usage error", async () => {
    const result = await run(["--ca", "/nonexistent/ca.pem", "users"], {
      env: galleryEnv(mock.url, "k", "s"),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--ca /nonexistent/ca.pem");
  });
});

describe("demo Gallery", () => {
  it("runs report against the demo Gallery with --demo, and says so even with --quiet; --format json has the counts", async () => {
    const [result, json] = await Promise.all([
      run(["report", "--demo"], { env: cleanEnv() }),
      run(["report", "--format", "json", "--quiet"], {
        env: cleanEnv({ ALTERYX_ADMIN_DEMO: "1" }),
      }),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^demo: an embedded mock Gallery with demo data at http:\/\/127\.0\.0\.1:\d+ \(--demo\)/,
    );
    expect(result.stdout).toMatch(/^Users\s+\d+\s+\d+ active/m);
    expect(result.stdout).toMatch(/^Workflows\s+\d+/m);
    expect(result.stdout).toContain("Most recent jobs");
    expect(result.stdout).toContain("Recent audit events");

    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toMatch(/^demo: /);
    const summary = JSON.parse(json.stdout) as {
      users: { total: number; active: number };
      recentJobs: unknown[];
    };
    expect(summary.users.total).toBeGreaterThan(0);
    expect(summary.users.active).toBeLessThanOrEqual(summary.users.total);
    expect(summary.recentJobs.length).toBeGreaterThan(0);
  });
});
