import { describe, expect, it } from "vitest";
import { fakeFetch, galleryError, json, oauthOf, testClient } from "../../test/fake-fetch.js";
import { AlteryxApiError } from "../http/errors.js";
import { downloadPackage } from "./download.js";
import { setReadyForMigration } from "./migration.js";
import { publishForm, publishWorkflow } from "./publish.js";

const APP = "5a0000000000000000000001";
const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 250]);

describe("downloadPackage", () => {
  it("streams the body with the file name and size", async () => {
    const fetch = fakeFetch(
      () =>
        new Response(ZIP, {
          headers: {
            "content-type": "application/octet-stream",
            "content-disposition": 'attachment; filename="Sales Report.yxzp"',
            "content-length": String(ZIP.length),
          },
        }),
    );
    const pkg = await downloadPackage(testClient(fetch), APP);
    expect(pkg.filename).toBe("Sales Report.yxzp");
    expect(pkg.size).toBe(ZIP.length);
    expect(new Uint8Array(await new Response(pkg.body).arrayBuffer())).toEqual(ZIP);
    expect(new URL(fetch.calls[0]?.url ?? "").pathname).toBe(
      `/gallery/api/admin/v1/${APP}/package/`,
    );
  });

  it("falls back to <appId>.yxzp and throws the typed 404", async () => {
    const fetch = fakeFetch((_, n) =>
      n === 1 ? new Response(ZIP) : galleryError(404, "NotFoundException", "Workflow not found"),
    );
    const admin = testClient(fetch);
    const pkg = await downloadPackage(admin, APP);
    expect(pkg.filename).toBe(`${APP}.yxzp`);
    await pkg.body.cancel();
    const error = await downloadPackage(admin, APP).catch((e) => e);
    expect(error).toBeInstanceOf(AlteryxApiError);
    expect(error).toMatchObject({ status: 404, exceptionName: "NotFoundException", method: "GET" });
    expect(error.path).toBe(`/${APP}/package/`);
  });

  it("rejects ids that would change the path", async () => {
    const admin = testClient(fakeFetch(() => json([])));
    await expect(downloadPackage(admin, "../users")).rejects.toThrow(/URL separators/);
    await expect(downloadPackage(admin, "")).rejects.toThrow(/appId must be a workflow id/);
  });
});

describe("publishWorkflow", () => {
  const input = {
    file: ZIP,
    name: "Sales Report",
    owner: "ana@example.com",
    validate: false,
    isPublic: true,
    canDownload: true,
    comments: "first",
  };

  it("builds the multipart form with string booleans", async () => {
    const form = await publishForm(input);
    expect(form.get("name")).toBe("Sales Report");
    expect(form.get("validate")).toBe("false");
    expect(form.get("isPublic")).toBe("true");
    expect(form.get("canDownload")).toBe("true");
    expect(form.has("sourceId")).toBe(false);
    const file = form.get("file") as File;
    expect(file.name).toBe("Sales Report.yxzp");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(ZIP);
  });

  it("posts the form once, signed, and returns the new id", async () => {
    const fetch = fakeFetch(() => json("5b0000000000000000000002"));
    const id = await publishWorkflow(testClient(fetch), { ...input, sourceId: APP });
    expect(id).toBe("5b0000000000000000000002");
    expect(fetch.calls).toHaveLength(1);
    const [call] = fetch.calls;
    expect(call?.method).toBe("POST");
    expect(call?.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    expect(oauthOf(call as never).oauth_signature).toBeTruthy();
    const sent = await new Response(call?.body, {
      headers: { "content-type": call?.headers.get("content-type") ?? "" },
    }).formData();
    expect(sent.get("sourceId")).toBe(APP);
    expect(sent.get("owner")).toBe("ana@example.com");
  });

  it("is not retried and reports the server's error", async () => {
    const fetch = fakeFetch(() => galleryError(503, "Busy", "busy"));
    await expect(publishWorkflow(testClient(fetch), input)).rejects.toMatchObject({ status: 503 });
    expect(fetch.calls).toHaveLength(1);
  });

  it("validates the input before sending", async () => {
    const fetch = fakeFetch(() => json("x"));
    const admin = testClient(fetch);
    await expect(publishWorkflow(admin, { ...input, owner: "ana" })).rejects.toThrow(
      /owner must be the email/,
    );
    await expect(publishWorkflow(admin, { ...input, validate: "yes" as never })).rejects.toThrow(
      /validate must be true or false/,
    );
    await expect(publishWorkflow(admin, { ...input, file: 42 as never })).rejects.toThrow(
      /file must be the .yxzp package/,
    );
    // A path, as the v3 uploads take it: read, and refused when it cannot be.
    await expect(
      publishWorkflow(admin, { ...input, file: "/nonexistent/Sales.yxzp" }),
    ).rejects.toThrow(/cannot read the package file "\/nonexistent\/Sales.yxzp" \(ENOENT\)/);
    await expect(publishWorkflow(admin, { ...input, file: new Uint8Array(0) })).rejects.toThrow(
      /file is empty/,
    );
    expect(fetch.calls).toHaveLength(0);
  });
});

describe("setReadyForMigration", () => {
  /** A fake server that keeps the flag and toggles it on PUT. */
  function migrationServer(initial: boolean) {
    let marked = initial;
    const fetch = fakeFetch((request) => {
      if (request.method === "PUT") {
        marked = !marked;
        return new Response(null, { status: 200 });
      }
      return json(marked ? [{ id: APP, publishedVersionId: "v1", subscriptionId: "s1" }] : []);
    });
    return { fetch, isMarked: () => marked };
  }

  it("toggles only when the flag differs, so it is idempotent", async () => {
    const server = migrationServer(false);
    const admin = testClient(server.fetch);
    expect(await setReadyForMigration(admin, APP, true)).toEqual({ changed: true });
    expect(server.isMarked()).toBe(true);
    expect(await setReadyForMigration(admin, APP, true)).toEqual({ changed: false });
    expect(server.isMarked()).toBe(true);
    expect(await setReadyForMigration(admin, APP, false)).toEqual({ changed: true });
    expect(server.isMarked()).toBe(false);
    expect(server.fetch.calls.map((c) => c.method)).toEqual([
      "GET",
      "PUT",
      "GET", // set true: read, toggle, confirm
      "GET", // already true
      "GET",
      "PUT",
      "GET",
    ]);
  });

  it("reports a toggle that did not take effect", async () => {
    const fetch = fakeFetch((request) =>
      request.method === "PUT" ? new Response(null, { status: 200 }) : json([]),
    );
    await expect(setReadyForMigration(testClient(fetch), APP, true)).rejects.toThrow(
      /still not marked ready for migration/,
    );
  });

  it("throws the typed error of the toggle", async () => {
    const fetch = fakeFetch((request) =>
      request.method === "PUT" ? galleryError(404, "NotFoundException", "no such app") : json([]),
    );
    await expect(setReadyForMigration(testClient(fetch), APP, true)).rejects.toMatchObject({
      status: 404,
      method: "PUT",
    });
  });
});
