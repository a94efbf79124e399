// "A client no one here wrote can use the mock": requests-oauthlib's BackendApplicationClient
// gets a token from /webapi/oauth2/token (HTTP Basic, then form fields) and lists users through
// /webapi/admin/v1. Debian ships it as python3-requests-oauthlib (.ci/run installs it); where no
// Python has it, the test is skipped and its name says why.
import { execFile, execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockGallery, startMockGallery } from "../src/index.js";
import { json, signedFetch } from "./sign.js";

const script = fileURLToPath(new URL("./clients/oauth2_requests_client.py", import.meta.url));

/**
 * The first Python that imports requests_oauthlib: `python3` on the PATH may be another
 * interpreter (pyenv) than the system one that Debian's package installs into.
 */
const python = ["python3", "/usr/bin/python3"].find((candidate) => {
  try {
    execFileSync(candidate, ["-c", "import requests_oauthlib"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
});

/** Said in the test's name when it is skipped, so that the report shows why. */
const SKIPPED = python
  ? ""
  : " (skipped: no python3 here imports requests_oauthlib; apt-get install python3-requests-oauthlib, as .ci/run does)";

let gallery: MockGallery;
beforeAll(async () => {
  if (python) gallery = await startMockGallery({ seed: 9 });
});
afterAll(() => gallery?.close());

interface PythonResult {
  token_type: string;
  expires_in: number;
  status: number;
  users: Array<{ id: string; email: string }>;
}

describe("requests-oauthlib against the mock", () => {
  it.skipIf(!python).each(["basic", "body"] as const)(
    `BackendApplicationClient gets a token (%s client authentication) and lists users${SKIPPED}`,
    async (placement) => {
      const before = gallery.stats.tokensIssued;
      const { stdout } = await promisify(execFile)(
        python as string,
        [
          script,
          gallery.tokenUrl,
          `${gallery.webapiUrl}/admin/v1/users/?page=0&pageSize=4`,
          gallery.credentials.consumerKey,
          gallery.credentials.consumerSecret,
          placement,
        ],
        { timeout: 30_000 },
      );
      const result = JSON.parse(stdout) as PythonResult;
      expect(result.token_type).toBe("bearer");
      expect(result.expires_in).toBe(3600);
      expect(result.status).toBe(200);
      expect(gallery.stats.tokensIssued).toBe(before + 1);
      const viaOauth1 = await json<PythonResult["users"]>(
        await signedFetch(gallery.credentials, `${gallery.url}/users/?page=0&pageSize=4`),
      );
      expect(result.users).toHaveLength(4);
      expect(result.users).toEqual(viaOauth1);
    },
    30_000,
  );
});
