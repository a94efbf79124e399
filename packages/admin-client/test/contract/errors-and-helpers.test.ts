/**
 * Typed errors and the helpers against the mock: a wrong secret is the typed 401, an unknown id
 * the typed 404; publish then download round-trips the bytes; the migration helper is
 * idempotent.
 */
import { KNOWN_CURATOR } from "@alteryx-admin/mock-gallery";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  type AdminClient,
  AlteryxApiError,
  createAdminClient,
  downloadPackage,
  publishWorkflow,
  setReadyForMigration,
  unwrap,
} from "../../src/index.js";
import { fakePackage, mockClient } from "./mock-client.js";

const UNKNOWN_ID = "0123456789abcdef01234567";

async function caught(promise: Promise<unknown>): Promise<AlteryxApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AlteryxApiError);
  return error as AlteryxApiError;
}

describe("typed errors", () => {
  it("a wrong secret gives the typed 401 in both placements, without the secret", async () => {
    const { url, consumerKey, consumerSecret } = inject("mockGallery");
    const wrongSecret = `${consumerSecret}x`;
    for (const placement of ["header", "query"] as const) {
      const admin = createAdminClient({
        baseUrl: url,
        consumerKey,
        consumerSecret: wrongSecret,
        placement,
      });
      const result = await admin.GET("/users/");
      expect(result.response.status).toBe(401);
      expect(result.error?.exceptionName).toBe("UnauthorizedException");
      const error = await caught(Promise.resolve().then(() => unwrap(result)));
      expect(error.status).toBe(401);
      expect(error.exceptionName).toBe("UnauthorizedException");
      expect(error.galleryMessage).toMatch(/signature/i);
      expect(error.message).toMatch(/^GET \/users\/ failed with 401/);
      expect(error.message).not.toContain(wrongSecret);
      expect(error.message).not.toContain("oauth_signature=");
      expect(JSON.stringify(error)).not.toContain(wrongSecret);
    }
  });

  it("a clock an hour off (clockOffsetSeconds -3600) gives the typed 401 with a hint", async () => {
    const { url, consumerKey, consumerSecret } = inject("mockGallery");
    const skewed = createAdminClient({
      baseUrl: url,
      consumerKey,
      consumerSecret,
      clockOffsetSeconds: -3600,
    });
    const error = await caught(skewed.GET("/users/").then(unwrap));
    expect(error.status).toBe(401);
    expect(error.hint).toMatch(/clockOffsetSeconds/);
  });

  it("an unknown id gives the typed 404 for download and the toggle", async () => {
    const admin = mockClient();
    const download = await caught(downloadPackage(admin, UNKNOWN_ID));
    expect(download).toMatchObject({ status: 404, method: "GET", path: `/${UNKNOWN_ID}/package/` });
    expect(download.exceptionName).toBeTruthy();
    const toggle = await admin.PUT("/workflows/migratable/{appId}/", {
      params: { path: { appId: UNKNOWN_ID } },
    });
    expect(toggle.response.status).toBe(404);
    expect(toggle.error?.message).toBeTruthy();
    await expect(setReadyForMigration(admin, UNKNOWN_ID, true)).rejects.toMatchObject({
      status: 404,
      method: "PUT",
    });
  });

  it("a publish for an unknown owner is the typed 400", async () => {
    const error = await caught(
      publishWorkflow(mockClient(), {
        file: fakePackage(3),
        name: "Orphan",
        owner: "nobody@example.invalid",
        validate: false,
        isPublic: false,
      }),
    );
    expect(error.status).toBe(400);
    expect(error.galleryMessage).toMatch(/not a user/);
  });
});

describe("helpers", () => {
  let admin: AdminClient;
  beforeAll(() => {
    admin = mockClient();
  });

  it("publish then download round-trips the bytes, name and source id", async () => {
    const bytes = fakePackage(4);
    const id = await publishWorkflow(admin, {
      file: new Blob([bytes]),
      name: "Round trip ünïcode",
      owner: KNOWN_CURATOR.email,
      validate: true,
      isPublic: true,
      sourceId: "57acaca4065e3f26a82b2615",
      workerTag: "gpu",
      canDownload: true,
    });
    const pkg = await downloadPackage(admin, id);
    expect(pkg.filename).toBe("Round trip ünïcode.yxzp");
    expect(pkg.size).toBe(bytes.length);
    expect(new Uint8Array(await new Response(pkg.body).arrayBuffer())).toEqual(bytes);
    const all = unwrap(await admin.GET("/workflows/all/", { params: { query: { pageSize: 0 } } }));
    const published = all.find((w) => w.id === id);
    expect(published).toMatchObject({ isPublic: true, workerTag: "gpu" });
  });

  it("setReadyForMigration is idempotent and really sets the flag", async () => {
    const [first] = unwrap(await admin.GET("/workflows/", { params: { query: { limit: 1 } } }));
    const appId = first?.id ?? "";
    const flag = async () =>
      unwrap(await admin.GET("/workflows/all/", { params: { query: { pageSize: 0 } } })).find(
        (w) => w.id === appId,
      )?.isReadyForMigration;
    const start = await flag();
    expect(typeof start).toBe("boolean");
    expect(await setReadyForMigration(admin, appId, !start)).toEqual({ changed: true });
    expect(await setReadyForMigration(admin, appId, !start)).toEqual({ changed: false });
    expect(await flag()).toBe(!start);
    expect(await setReadyForMigration(admin, appId, Boolean(start))).toEqual({ changed: true });
    expect(await setReadyForMigration(admin, appId, Boolean(start))).toEqual({ changed: false });
    expect(await flag()).toBe(start);
  });
});
