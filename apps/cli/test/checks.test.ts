/**
 * End-to-end: the checks that turn a silent or cryptic failure into a clear one. Unknown --fields
 * names, page sizes the API refuses (before any call), migrate's same-Gallery and --owner checks
 * (before any publish), doctor telling a plain-HTTP port and a wrong base path from a wrong
 * secret, and file errors that name the file.
 */
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { DEFAULT_PAGE_SIZE } from "@alteryx-admin/client";
import { type MockGallery, startMockGallery } from "@alteryx-admin/mock-gallery";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, galleryEnv, run, SENTINEL_SECRET, tempDir, writeProfiles } from "./helpers.js";

let mock: MockGallery;
let target: MockGallery;
let env: Record<string, string>;
beforeAll(async () => {
  [mock, target] = await Promise.all([
    startMockGallery({ consumerKey: "ck", consumerSecret: SENTINEL_SECRET, validation: false }),
    startMockGallery({
      seed: 2,
      consumerKey: "tk",
      consumerSecret: SENTINEL_SECRET,
      validation: false,
    }),
  ]);
  env = galleryEnv(mock.url, "ck", SENTINEL_SECRET);
});
afterAll(async () => {
  await Promise.all([mock?.close(), target?.close()]);
});

describe("listing checks", () => {
  it("refuses an unknown --fields name with the closest one, and a page size the API refuses before calling it", async () => {
    const before = mock.requests.length;
    const [fields, csv, pageSize, ok] = await Promise.all([
      run(["users", "--fields", "id,emial"], { env }),
      run(["users", "--all", "--format", "csv", "--fields", "metaInfo.nmae"], { env }),
      run(["auditlog", "User", "--page-size", "0"], { env }),
      run(["users", "--page-size", "0", "--fields", "email"], { env }),
    ]);
    expect(fields.code).toBe(2);
    expect(fields.stdout).toBe("");
    expect(fields.stderr.trim()).toMatch(
      /^error: --fields: no field "emial" \(did you mean "email"\?\); the fields here are [a-zA-Z, ]*\bemail\b.*$/,
    );
    expect(csv.code).toBe(2);
    expect(csv.stdout).toBe("");
    expect(pageSize.code).toBe(2);
    expect(pageSize.stderr.trim()).toBe(
      "error: --page-size 0 is refused by the API for /auditlog/: use 1 or more (it has no maximum)",
    );
    // pageSize 0 is "every user" for /users/: accepted, and read through the client's paging walk.
    expect(ok.code, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as unknown[]).length).toBeGreaterThan(100);
    // limit 0 is "every item from the offset on".
    const [every, fromThird] = await Promise.all([
      run(["workflows", "list", "--all", "--fields", "id"], { env }),
      run(["workflows", "list", "--offset", "2", "--limit", "0", "--fields", "id"], { env }),
    ]);
    expect(fromThird.code, fromThird.stderr).toBe(0);
    const ids = (r: { stdout: string }) =>
      (JSON.parse(r.stdout) as Array<{ id: string }>).map((w) => w.id);
    expect(ids(every).length).toBeGreaterThan(DEFAULT_PAGE_SIZE);
    expect(ids(fromThird)).toEqual(ids(every).slice(2));
    // The auditlog run made no request: 2 for the --fields runs, 1 for the accepted one (the csv walk stops at its first page).
    expect(mock.requests.slice(before).filter((r) => r.path.includes("/auditlog/"))).toEqual([]);
  });
});

describe("migrate checks", () => {
  it("refuses the same Gallery on both sides, and an --owner the target does not have, before publishing", async () => {
    const config = writeProfiles({
      dev: { url: mock.url, key: "ck", secret: SENTINEL_SECRET },
      alias: { url: mock.url, key: "ck", secret: SENTINEL_SECRET },
      prod: { url: target.url, key: "tk", secret: SENTINEL_SECRET },
    });
    const menv = cleanEnv({ ALTERYX_ADMIN_CONFIG: config });
    const cwd = tempDir();
    const [same, alias, owner] = await Promise.all([
      run(["migrate", "--from", "dev", "--to", "dev"], { env: menv, cwd }),
      run(["migrate", "--from", "dev", "--to", "alias"], { env: menv, cwd }),
      run(["migrate", "--from", "dev", "--to", "prod", "--owner", "gallery.admin@example.co"], {
        env: menv,
        cwd,
      }),
    ]);
    expect(same.code).toBe(2);
    expect(same.stderr.trim()).toBe(
      'error: --from and --to are both "dev": pick two different profiles',
    );
    expect(alias.code).toBe(2);
    expect(alias.stderr).toContain(`profiles "dev" and "alias" are the same Gallery (${mock.url})`);
    expect(owner.code).toBe(2);
    expect(owner.stderr).toMatch(
      /error: --owner gallery\.admin@example\.co is not a user of the target Gallery \(profile "prod"\) \(did you mean "gallery\.admin@example\.com"\?\)/,
    );
    expect(target.requests.filter((r) => r.method === "POST")).toEqual([]);
  });
});

describe("doctor", () => {
  let plain: Server;
  let plainOrigin: string;
  beforeAll(async () => {
    plain = createServer((_req, res) => res.end("plain"));
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    plainOrigin = `127.0.0.1:${(plain.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    plain.closeAllConnections();
    await new Promise((resolve) => plain.close(resolve));
  });

  it("tells a plain-HTTP port and a wrong base path from a wrong secret", async () => {
    const [tls, path] = await Promise.all([
      run(["doctor"], {
        env: galleryEnv(`https://${plainOrigin}/gallery/api/admin/v1`, "ck", SENTINEL_SECRET),
      }),
      run(["doctor"], {
        env: galleryEnv(`${mock.origin}/alteryx/api/admin/v1`, "ck", SENTINEL_SECRET),
      }),
    ]);
    expect(tls.code).toBe(1);
    expect(tls.stdout).toMatch(
      new RegExp(
        `^FAIL {2}reachable +https://${plainOrigin} speaks plain HTTP, not TLS: use http://${plainOrigin} or the server's HTTPS port$`,
        "m",
      ),
    );
    expect(path.code).toBe(1);
    expect(path.stdout).toMatch(
      /^FAIL {2}reachable +HTTP 404 from http:\/\/127\.0\.0\.1:\d+ at \/alteryx\/api\/admin\/v1\/users\/: wrong base path/m,
    );
    for (const r of [tls, path]) {
      expect(r.stdout).toMatch(
        /^skip {2}credentials +not checked: fix the failure above first \(it is not the key or the secret\)$/m,
      );
      expect(r.stdout).not.toMatch(/secret \(it is shown|ERR_SSL/);
    }
  });
});

describe("file errors", () => {
  it("name the file: a folder to publish, a folder as --ca, a file as --out", async () => {
    const dir = tempDir();
    const folder = join(dir, "Sales.yxzp");
    mkdirSync(folder);
    const file = join(dir, "notes.txt");
    await import("node:fs").then((fs) => fs.writeFileSync(file, "x"));
    const [publish, ca, out] = await Promise.all([
      run(["workflows", "publish", folder, "--owner", "gallery.admin@example.com"], { env }),
      run(["--ca", dir, "users"], { env }),
      run(["backup", "--out", file], { env }),
    ]);
    expect(publish.code).toBe(2);
    expect(publish.stderr.trim()).toBe(
      `error: cannot publish ${folder}: not a file; expected a .yxzp package`,
    );
    expect(ca.code).toBe(2);
    expect(ca.stderr.trim()).toBe(`error: --ca ${dir}: is a folder, not a PEM file`);
    expect(out.code).toBe(2);
    expect(out.stderr.trim()).toBe(`error: --out ${file}: not a folder (a file has that name)`);
  });
});
