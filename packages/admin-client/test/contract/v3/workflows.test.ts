/**
 * Workflows: list (views, filters), upload then download (the same bytes, also through Admin
 * v1's user list owner), get, replace, new versions (published only when asked), questions,
 * transfer and delete (force with schedules).
 */
import { KNOWN_CURATOR } from "@alteryx-admin/mock-gallery";
import { beforeAll, describe, expect, it } from "vitest";
import {
  fakePackage,
  multipart,
  OBJECT_ID,
  ok,
  okEmpty,
  uploadForm,
  type V3Client,
  v3Client,
} from "./client.js";

const v3: V3Client = v3Client();
const MISSING = "5b1a3c2e8f0d4a6b9c7e5f10";

const VERSION_FIELDS = {
  othersMayDownload: "true",
  othersCanExecute: "true",
  executionMode: "Standard",
  workflowCredentialType: "Default",
};

async function upload(
  ownerId: string,
  name: string,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<string> {
  const form = uploadForm(
    {
      ...VERSION_FIELDS,
      name,
      ownerId,
      isPublic: "false",
      isReadyForMigration: "false",
      districtTags: '["emea"]',
    },
    bytes,
  );
  // The spec types the multipart body field by field; a FormData is what goes on the wire.
  return ok(await v3.POST("/v3/workflows", multipart(form)));
}

async function download(workflowId: string, versionId?: string): Promise<Uint8Array> {
  const result = await v3.GET("/v3/workflows/{workflowId}/package", {
    params: { path: { workflowId }, query: versionId ? { versionId } : {} },
    parseAs: "arrayBuffer",
  });
  return new Uint8Array(ok(result) as ArrayBuffer);
}

describe("workflows", () => {
  let owner: string;
  beforeAll(async () => {
    const users = ok(
      await v3.GET("/v3/users", { params: { query: { email: KNOWN_CURATOR.email } } }),
    );
    owner = users[0]?.id ?? "";
  });

  it("GET /v3/workflows answers reduced workflows, whole ones with view=Full, and filters by name", async () => {
    const reduced = ok(await v3.GET("/v3/workflows"));
    expect(reduced.length).toBeGreaterThan(50);
    expect(reduced[0]).toHaveProperty("publishedVersionNumber");
    expect(reduced[0]).not.toHaveProperty("versions");
    const full = ok(await v3.GET("/v3/workflows", { params: { query: { view: "Full" } } }));
    expect(full[0]).toHaveProperty("versions");
    const name = reduced[0]?.name ?? "";
    const named = ok(await v3.GET("/v3/workflows", { params: { query: { name } } }));
    expect(named.every((w) => w.name?.toLowerCase().includes(name.toLowerCase()))).toBe(true);
    const bad = await v3.GET("/v3/workflows", { params: { query: { createdAfter: "yesterday" } } });
    expect(bad.response.status).toBe(400);
  });

  it("an upload followed by a download returns the same bytes (v3 and Admin v1's record)", async () => {
    const bytes = fakePackage(1);
    const id = await upload(owner, "Contract upload", bytes);
    expect(id).toMatch(OBJECT_ID);
    expect(await download(id)).toEqual(bytes);
    const workflow = ok(
      await v3.GET("/v3/workflows/{workflowId}", { params: { path: { workflowId: id } } }),
    );
    expect(workflow).toMatchObject({
      name: "Contract upload",
      ownerId: owner,
      districtTags: ["emea"],
    });
    expect(workflow.versions).toHaveLength(1);
  });

  it("a new version is published only with makePublished; PUT publishes an older one again", async () => {
    const first = fakePackage(2);
    const id = await upload(owner, "Versioned", first);
    const second = fakePackage(3);
    const unpublished = ok(
      await v3.POST("/v3/workflows/{workflowId}/versions", {
        params: { path: { workflowId: id } },
        ...multipart(
          uploadForm(
            { ...VERSION_FIELDS, name: "Versioned", ownerId: owner, makePublished: "false" },
            second,
          ),
        ),
      }),
    );
    expect(unpublished.versions).toHaveLength(2);
    const v1 = unpublished.versions?.[0]?.versionId ?? "";
    const v2 = unpublished.versions?.[1]?.versionId ?? "";
    expect(unpublished.publishedVersionId).toBe(v1);
    expect(await download(id, v2)).toEqual(second);
    const published = ok(
      await v3.POST("/v3/workflows/{workflowId}/versions", {
        params: { path: { workflowId: id } },
        ...multipart(
          uploadForm(
            { ...VERSION_FIELDS, name: "Versioned", ownerId: owner, makePublished: "true" },
            fakePackage(4),
          ),
        ),
      }),
    );
    expect(published.publishedVersionId).toBe(published.versions?.[2]?.versionId);
    expect(await download(id)).toEqual(fakePackage(4));

    const updated = ok(
      await v3.PUT("/v3/workflows/{workflowId}", {
        params: { path: { workflowId: id } },
        body: {
          name: "Versioned (v1)",
          versionId: v1,
          makePublished: true,
          ownerId: owner,
          workerTag: "",
          districtTags: [],
          comments: "back to the first",
          isPublic: true,
          isReadyForMigration: true,
          othersMayDownload: true,
          othersCanExecute: true,
          executionMode: "Safe",
          workflowCredentialType: "Default",
          credentialId: "",
        },
      }),
    );
    expect(updated).toMatchObject({
      name: "Versioned (v1)",
      publishedVersionId: v1,
      isPublic: true,
    });
    expect(await download(id)).toEqual(first);
  });

  it("the documented refusals of versions and packages: unknown version (400), unknown workflow (404)", async () => {
    const id = await upload(owner, "Refusals", fakePackage(5));
    const unknownVersion = await v3.GET("/v3/workflows/{workflowId}/package", {
      params: { path: { workflowId: id }, query: { versionId: MISSING } },
      parseAs: "arrayBuffer",
    });
    expect(unknownVersion.response.status).toBe(400);
    const path = { params: { path: { workflowId: MISSING } } };
    expect((await v3.GET("/v3/workflows/{workflowId}", path)).response.status).toBe(404);
    expect(
      (await v3.GET("/v3/workflows/{workflowId}/package", { ...path, parseAs: "arrayBuffer" }))
        .response.status,
    ).toBe(404);
    expect((await v3.GET("/v3/workflows/{workflowId}/questions", path)).response.status).toBe(404);
    expect((await v3.DELETE("/v3/workflows/{workflowId}", path)).response.status).toBe(404);
    const badUpload = await v3.POST("/v3/workflows", {
      ...multipart(uploadForm({ name: "No owner" }, fakePackage(6))),
    });
    expect(badUpload.response.status).toBe(400);
  });

  it("GET .../questions lists an app's questions and none for a workflow", async () => {
    const all = ok(await v3.GET("/v3/workflows", { params: { query: { view: "Full" } } }));
    const app = all.find((w) => "packageWorkflowType" in w && w.packageWorkflowType === "App");
    const plain = all.find((w) => "packageWorkflowType" in w && w.packageWorkflowType !== "App");
    if (!app || !plain) throw new Error("the seeded data lacks an app or a plain workflow");
    const questions = ok(
      await v3.GET("/v3/workflows/{workflowId}/questions", {
        params: { path: { workflowId: app.id } },
      }),
    );
    expect(questions.map((q) => q.name)).toEqual(["Region", "Outcome"]);
    expect(
      ok(
        await v3.GET("/v3/workflows/{workflowId}/questions", {
          params: { path: { workflowId: plain.id } },
        }),
      ),
    ).toEqual([]);
  });

  it("PUT .../transfer gives a workflow and its schedules to another user", async () => {
    const id = await upload(owner, "To transfer", fakePackage(7));
    const users = ok(
      await v3.GET("/v3/users", { params: { query: { active: true, role: "Artisan" } } }),
    );
    const target = users[0]?.id ?? "";
    okEmpty(
      await v3.PUT("/v3/workflows/{workflowId}/transfer", {
        params: { path: { workflowId: id } },
        body: { ownerId: target, transferSchedules: true },
      }),
    );
    const moved = ok(
      await v3.GET("/v3/workflows/{workflowId}", { params: { path: { workflowId: id } } }),
    );
    expect(moved.ownerId).toBe(target);
    const refused = await v3.PUT("/v3/workflows/{workflowId}/transfer", {
      params: { path: { workflowId: id } },
      body: { ownerId: MISSING, transferSchedules: false },
    });
    expect(refused.response.status).toBe(400);
  });

  it("DELETE refuses a scheduled workflow without force and deletes it with force", async () => {
    const id = await upload(owner, "To delete", fakePackage(8));
    ok(
      await v3.POST("/v3/schedules", {
        body: {
          workflowId: id,
          iteration: { iterationType: "Once", startTime: "2030-01-01T06:00:00Z" },
        },
      }),
    );
    const refused = await v3.DELETE("/v3/workflows/{workflowId}", {
      params: { path: { workflowId: id } },
    });
    expect(refused.response.status).toBe(400);
    okEmpty(
      await v3.DELETE("/v3/workflows/{workflowId}", {
        params: { path: { workflowId: id }, query: { force: true } },
      }),
    );
    expect(
      (await v3.GET("/v3/workflows/{workflowId}", { params: { path: { workflowId: id } } }))
        .response.status,
    ).toBe(404);
    expect(ok(await v3.GET("/v3/schedules", { params: { query: { workflowId: id } } }))).toEqual(
      [],
    );
  });
});
