// The two options for quick demos and large downloads: `validation: false` (no Prism) and
// `packageBytes` (streamed packages of a given size), in both validation modes.
import { unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FILLER_NAME } from "../src/gallery/package-stream.js";
import { KNOWN_CURATOR, type MockGallery, startMockGallery } from "../src/index.js";
import { json, signedFetch } from "./sign.js";

const PACKAGE_BYTES = 1024 * 1024 + 7;
let validated: MockGallery;
let direct: MockGallery;
beforeAll(async () => {
  [validated, direct] = await Promise.all([
    startMockGallery({ seed: 3, packageBytes: PACKAGE_BYTES }),
    startMockGallery({ seed: 3, validation: false, packageBytes: PACKAGE_BYTES }),
  ]);
});
afterAll(async () => {
  await Promise.all([validated.close(), direct.close()]);
});

const get = (gallery: MockGallery, path: string, options = {}) =>
  signedFetch(gallery.credentials, `${gallery.url}${path}`, options);

describe("validation: false", () => {
  it.each([
    "/users/?page=1&pageSize=7",
    "/workflows/?offset=3&limit=5",
    "/auditlog/?entity=User&page=0&pageSize=4",
    "/ffffffffffffffffffffffff/package/",
  ])("answers %s exactly as the validated mock does", async (path) => {
    const [a, b] = await Promise.all([get(validated, path), get(direct, path)]);
    expect(b.status).toBe(a.status);
    expect(b.headers.get("content-type")).toBe(a.headers.get("content-type"));
    expect(await b.text()).toBe(await a.text());
  });

  it("checks signatures the same way (401 with the diagnosis)", async () => {
    const res = await get(direct, "/users/", { signature: "AAAA" });
    expect(res.status).toBe(401);
    expect(await json(res)).toMatchObject({ exceptionName: "UnauthorizedException" });
  });

  it("skips Prism: no 422 for a request that breaks the spec, no 500 for a broken answer", async () => {
    const missingEntity = await get(direct, "/auditlog/?page=0&pageSize=1");
    expect(missingEntity.status).toBe(400); // the Gallery's own answer; Prism says 422
    expect(await json(missingEntity)).toMatchObject({ exceptionName: "ArgumentException" });
    direct.faults.corruptNextResponse(1);
    const corrupted = await get(direct, "/users/?pageSize=1");
    expect(corrupted.status).toBe(200);
    expect(await json(corrupted)).toEqual([expect.objectContaining({ id: 42 })]);
  });

  it("publishes and downloads the uploaded bytes", async () => {
    const zip = zipSync({ "Direct.yxmd": new TextEncoder().encode("<AlteryxDocument/>") });
    const body = new FormData();
    body.set("file", new Blob([zip]), "Direct.yxzp");
    for (const [k, v] of Object.entries({
      name: "Direct",
      owner: KNOWN_CURATOR.email,
      validate: "false",
      isPublic: "false",
    }))
      body.set(k, v);
    const res = await get(direct, "/workflows/", { method: "POST", body });
    expect(res.status).toBe(200);
    const id = await json<string>(res);
    const download = await get(direct, `/${id}/package/`);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(zip))).toBe(true);
  });

  it("is refused with static, and must be a boolean", async () => {
    await expect(startMockGallery({ static: true, validation: false })).rejects.toThrow(
      /static answers from the spec's examples through Prism, so it needs validation/,
    );
    await expect(startMockGallery({ validation: "no" as unknown as boolean })).rejects.toThrow(
      /validation must be true or false/,
    );
  });
});

describe("packageBytes", () => {
  it.each([
    ["with validation", () => validated],
    ["without validation", () => direct],
  ])("every seeded package is a valid .yxzp of that size (%s)", async (_mode, mock) => {
    const gallery = mock();
    const [workflow] = await json<
      Array<{ id: string; fileName: string; metaInfo: { name: string } }>
    >(await get(gallery, "/workflows/?limit=1"));
    const res = await get(gallery, `/${workflow?.id}/package/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(PACKAGE_BYTES));
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="${workflow?.metaInfo.name}.yxzp"`,
    );
    const zip = new Uint8Array(await res.arrayBuffer());
    expect(zip.length).toBe(PACKAGE_BYTES);
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual([workflow?.fileName, FILLER_NAME]);
    expect(new TextDecoder().decode(files[workflow?.fileName ?? ""])).toContain(
      `<Name>${workflow?.metaInfo.name}</Name>`,
    );
  });

  it("is checked: an integer within what a zip can describe, not with static", async () => {
    for (const packageBytes of [-1, 1.5, 2 ** 32]) {
      await expect(startMockGallery({ packageBytes })).rejects.toThrow(
        /packageBytes must be an integer 0-4294967295/,
      );
    }
    await expect(startMockGallery({ static: true, packageBytes: 10 })).rejects.toThrow(
      /static mode does not use/,
    );
  });
});
