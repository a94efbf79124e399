/**
 * End-to-end: `--all` prints JSON, NDJSON and CSV page by page. A server whose third page fails
 * proves it without timing: the first two pages are already on stdout when the CLI exits 1 (a
 * CLI that collected everything first would print nothing).
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { galleryEnv, parseNdjson, run } from "./helpers.js";

let server: Server;
let url: string;
const requested: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const u = new URL(request.url ?? "/", "http://127.0.0.1");
    requested.push(`${u.pathname}?${u.searchParams}`);
    const page = Number(u.searchParams.get("page"));
    const size = Number(u.searchParams.get("pageSize"));
    if (u.pathname !== "/gallery/api/admin/v1/users/" || page >= 2) {
      response.writeHead(400, { "content-type": "application/json" });
      response.end(JSON.stringify({ message: "this page is broken on purpose" }));
      return;
    }
    const users = Array.from({ length: size }, (_, i) => ({
      id: `u${page}-${i}`,
      email: `user${page}-${i}@example.com`,
      active: true,
    }));
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(users));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  url = `http://127.0.0.1:${port}/gallery/api/admin/v1`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe("--all streams", () => {
  it("writes each page as it arrives in json, ndjson and csv; a table waits for every page", async () => {
    const env = galleryEnv(url, "key", "secret");
    const args = ["users", "--all", "--page-size", "2", "--format"];
    const [json, ndjson, csv, table] = await Promise.all([
      run([...args, "json"], { env }),
      run([...args, "ndjson"], { env }),
      run([...args, "csv", "--fields", "id,email"], { env }),
      run([...args, "table"], { env }),
    ]);
    const ids = ["u0-0", "u0-1", "u1-0", "u1-1"];
    for (const r of [json, ndjson, csv, table]) {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.trim()).toBe(
        "error: GET /users/?page=2&pageSize=2 failed with HTTP 400: this page is broken on purpose",
      );
    }
    expect(json.stdout.startsWith("[\n  {\n")).toBe(true);
    for (const id of ids) expect(json.stdout).toContain(`"id": "${id}"`);
    expect(parseNdjson<{ id: string }>(ndjson.stdout).map((u) => u.id)).toEqual(ids);
    expect(csv.stdout).toBe(
      `id,email\n${ids.map((id) => `${id},user${id.slice(1)}@example.com`).join("\n")}\n`,
    );
    expect(table.stdout).toBe("");
    // Pages 0, 1 and the failing 2, for each of the four runs: nothing requested after a failure.
    expect(requested).toHaveLength(12);
  });
});
