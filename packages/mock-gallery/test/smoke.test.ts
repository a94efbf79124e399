import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type MockGallery, startMockGallery } from "../src/index.js";
import { json, signedFetch } from "./sign.js";

let gallery: MockGallery;
beforeAll(async () => {
  gallery = await startMockGallery();
});
afterAll(() => gallery.close());

describe("startMockGallery", () => {
  it("serves Admin v1 at url with random credentials", () => {
    expect(gallery.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/gallery\/api\/admin\/v1$/);
    expect(gallery.origin).toBe(gallery.url.replace("/gallery/api/admin/v1", ""));
    expect(gallery.credentials.consumerKey).toMatch(/^[0-9a-f]{24}$/);
    expect(gallery.credentials.consumerSecret.length).toBeGreaterThan(20);
  });

  it("hides the secret from inspect output but not from property access or spreads", () => {
    const { consumerSecret } = gallery.credentials;
    expect(inspect(gallery, { depth: 5 })).not.toContain(consumerSecret);
    expect(inspect(gallery.credentials)).toContain("[redacted]");
    expect({ ...gallery.credentials }.consumerSecret).toBe(consumerSecret);
  });

  it("hides the secret from JSON (and so from vitest's failure diffs)", () => {
    const { consumerSecret } = gallery.credentials;
    expect(JSON.stringify(gallery)).not.toContain(consumerSecret);
    expect(JSON.parse(JSON.stringify({ ...gallery.credentials })).consumerSecret).toBe(
      consumerSecret,
    );
    // vitest prints objects in failure diffs with pretty-format, which calls toJSON
    expect(JSON.stringify({ gallery })).toContain('"consumerSecret":"[redacted]"');
  });

  it("answers a request signed by oauth-sign with data validated by Prism", async () => {
    const res = await signedFetch(gallery.credentials, `${gallery.url}/users/?page=0&pageSize=5`);
    expect(res.status).toBe(200);
    const users = await json<Array<{ id: string; email: string }>>(res);
    expect(users).toHaveLength(5);
    expect(users[0]?.email).toBe("gallery.admin@example.com");
  });
});

describe("listen failures", () => {
  it("say what to change: a port in use, a host that is not local", async () => {
    const port = Number(new URL(gallery.origin).port);
    await expect(startMockGallery({ port })).rejects.toThrow(
      new RegExp(`127\\.0\\.0\\.1:${port} is already in use; choose another port, or port 0`),
    );
    await expect(startMockGallery({ host: "192.0.2.1" })).rejects.toThrow(
      /host "192\.0\.2\.1" is not an address of this machine; use 127\.0\.0\.1/,
    );
  });
});

describe("close()", () => {
  const servers = () =>
    process.getActiveResourcesInfo().filter((r) => r === "TCPServerWrap").length;

  it("closes every server it started (front, both Prisms, Gallery), also after a failed start", async () => {
    // this file's own mock: front server, a Prism per spec (Admin v1, Server API v3) and the
    // Gallery (the failed starts of the test above release theirs on a later turn of the event
    // loop)
    const before = 4;
    await vi.waitFor(() => expect(servers()).toBe(before));
    const other = await startMockGallery({ bom: true });
    expect(servers()).toBe(before + 4);
    const res = await signedFetch(other.credentials, `${other.url}/users/?pageSize=1`);
    expect(res.status).toBe(200);
    await other.close();
    await other.close(); // idempotent
    // libuv releases a closed handle on a later turn of the event loop: poll for it
    await vi.waitFor(() => expect(servers()).toBe(before));
    // publicBaseUrl is checked after Prism and the Gallery started: they must be closed again
    await expect(startMockGallery({ publicBaseUrl: "ftp://x" })).rejects.toThrow(
      /must be an http: or https: URL/,
    );
    await vi.waitFor(() => expect(servers()).toBe(before));
  });
});
