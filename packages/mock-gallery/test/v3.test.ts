// Server API v3 on the mock: the same Gallery as Admin v1 (a user created through v3 is listed
// by Admin v1, a workflow uploaded through v3 downloads through Admin v1), the demo path
// without Prism, the Server versions that have it, and the jobDurationMs option.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockGallery, startMockGallery } from "../src/index.js";
import { fetchToken } from "./oauth2.js";

async function client(mock: MockGallery) {
  const token = await fetchToken(mock.tokenUrl, mock.credentials);
  return (path: string, init: RequestInit = {}) =>
    fetch(`${mock.webapiUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
    });
}

const PACKAGE = new Uint8Array([
  0x50,
  0x4b,
  0x03,
  0x04,
  ...Array.from({ length: 500 }, (_, i) => (i * 13) % 256),
]);

function uploadForm(ownerId: string): FormData {
  const form = new FormData();
  form.set("file", new Blob([PACKAGE]), "shared.yxzp");
  const fields = {
    name: "Shared with Admin v1",
    ownerId,
    isPublic: "false",
    isReadyForMigration: "false",
    othersMayDownload: "true",
    othersCanExecute: "true",
    executionMode: "Standard",
    workflowCredentialType: "Default",
  };
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

describe.each([
  ["through Prism", true],
  ["on the demo path (validation off)", false],
])("v3 and Admin v1 share one Gallery, %s", (_name, validation) => {
  let mock: MockGallery;
  beforeAll(async () => {
    mock = await startMockGallery({ validation });
  });
  afterAll(() => mock?.close());

  it("a user created through v3 is listed by Admin v1 /users/", async () => {
    const v3 = await client(mock);
    const created = await v3("/v3/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ firstName: "Vee", lastName: "Three", email: "vee.three@example.com" }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const listed = await v3("/admin/v1/users/?page=0&pageSize=1000");
    expect(listed.status).toBe(200);
    const users = (await listed.json()) as Array<{ id: string; email: string }>;
    expect(users.find((u) => u.id === id)?.email).toBe("vee.three@example.com");
  });

  it("a workflow uploaded through v3 downloads through Admin v1 with the same bytes", async () => {
    const v3 = await client(mock);
    const [curator] = (await (await v3("/v3/users?role=Curator")).json()) as Array<{ id: string }>;
    const uploaded = await v3("/v3/workflows", {
      method: "POST",
      body: uploadForm(curator?.id ?? ""),
    });
    expect(uploaded.status).toBe(200);
    const id = (await uploaded.json()) as string;
    const download = await v3(`/admin/v1/${id}/package/`);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PACKAGE);
  });

  it("answers an unknown v3 path 404 and a wrong method 405 with Allow", async () => {
    const v3 = await client(mock);
    expect((await v3("/v3/nothing")).status).toBe(404);
    const wrong = await v3("/v3/jobs", { method: "POST" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, HEAD");
  });
});

describe("Server versions", () => {
  it("a 2021.3 server (OAuth1 only) has no API v3", async () => {
    const mock = await startMockGallery({ serverVersion: "2021.3", validation: false });
    try {
      const response = await fetch(`${mock.webapiUrl}/v3/users`);
      expect(response.status).toBe(404);
      expect(await response.text()).toMatch(/OAuth2 came with Server 2021\.4/);
    } finally {
      await mock.close();
    }
  });

  it("a 2022.1 server (OAuth2 only) serves it behind the bearer guard", async () => {
    const mock = await startMockGallery({ serverVersion: "2022.1", validation: false });
    try {
      expect((await fetch(`${mock.webapiUrl}/v3/users`)).status).toBe(401);
      expect((await (await client(mock))("/v3/users")).status).toBe(200);
    } finally {
      await mock.close();
    }
  });
});

describe("the jobDurationMs option", () => {
  it.each([-1, 1.5, 3_600_001, Number.NaN])(
    "refuses %s with a message naming it",
    async (value) => {
      await expect(startMockGallery({ jobDurationMs: value })).rejects.toThrow(
        /jobDurationMs must be an integer 0-3600000/,
      );
    },
  );

  it("is refused in static mode, which has no jobs", async () => {
    await expect(startMockGallery({ static: true, jobDurationMs: 10 })).rejects.toThrow(
      /static mode does not use/,
    );
  });
});
