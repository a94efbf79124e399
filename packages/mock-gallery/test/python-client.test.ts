// "A correct client in any language gets data": a stdlib-only Python client (test/clients/),
// in both placements, and the same client making the usual mistakes gets the diagnosis.
import { execFile, execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INVALID_SIGNATURE, type MockGallery, startMockGallery } from "../src/index.js";

const script = fileURLToPath(new URL("./clients/oauth1_client.py", import.meta.url));
const python = (() => {
  try {
    execFileSync("python3", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

let gallery: MockGallery;
beforeAll(async () => {
  if (python) gallery = await startMockGallery();
});
afterAll(() => gallery?.close());

async function run(path: string, placement: "header" | "query", ...mistakes: string[]) {
  const { stdout } = await promisify(execFile)("python3", [
    script,
    `${gallery.url}${path}`,
    gallery.credentials.consumerKey,
    gallery.credentials.consumerSecret,
    placement,
    ...mistakes,
  ]);
  const result = JSON.parse(stdout) as { status: number; body: string };
  return { status: result.status, body: JSON.parse(result.body) as unknown };
}

describe.skipIf(!python)("a Python client (stdlib only)", () => {
  it.each(["header", "query"] as const)("gets data with the %s placement", async (placement) => {
    const { status, body } = await run("/workflows/?search=sales%20report&limit=3", placement);
    expect(status).toBe(200);
    expect(Array.isArray(body)).toBe(true);
    const users = await run("/users/?page=0&pageSize=2", placement);
    expect(users.status).toBe(200);
    expect(users.body).toHaveLength(2);
  });

  it.each(["header", "query"] as const)(
    "that signs unsorted and in base64url is told both mistakes (%s)",
    async (placement) => {
      const { status, body } = await run(
        "/workflows/?search=sales%20report&limit=3",
        placement,
        "unsorted",
        "base64url",
      );
      expect(status).toBe(401);
      expect(body).toMatchObject({
        data: null,
        exceptionName: "UnauthorizedException",
        message: INVALID_SIGNATURE,
      });
      const inner = (body as { innerExceptionMessage: string }).innerExceptionMessage;
      expect(inner).toMatch(/these mistakes: parameters signed in the order they were sent/);
      expect(inner).toMatch(/signature encoded as base64url/);
      expect(inner).not.toContain(gallery.credentials.consumerSecret);
    },
  );
});
