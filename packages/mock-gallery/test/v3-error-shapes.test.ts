// Refusals that the mock words itself, before or without Prism (validation off): each answers
// in the shape of the API the request came to. API v3 errors are `{ message, modelState }`
// (server-api-v3.md), never the Admin v1 Gallery body (`exceptionName`, `innerExceptionMessage`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockGallery, startMockGallery } from "../src/index.js";
import { fetchToken } from "./oauth2.js";

let mock: MockGallery;
let token: string;

beforeAll(async () => {
  mock = await startMockGallery({ validation: false });
  token = await fetchToken(mock.tokenUrl, mock.credentials);
});
afterAll(() => mock?.close());

function call(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${mock.webapiUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
  });
}

async function v3Error(res: Response): Promise<{ message: string; modelState: unknown }> {
  expect(res.status).toBe(400);
  const body = (await res.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["message", "modelState"]);
  expect(typeof body.message).toBe("string");
  return body as { message: string; modelState: unknown };
}

async function galleryError(res: Response): Promise<{ message: string; exceptionName: string }> {
  expect(res.status).toBe(400);
  const body = (await res.json()) as { message: string; exceptionName: string };
  expect(body.exceptionName).toBe("ArgumentException");
  return body;
}

describe("with validation off, API v3 refuses in its own shape", () => {
  it("an integer query parameter that is not one (intParam)", async () => {
    const { message } = await v3Error(await call("/v3/jobs?offset=abc"));
    expect(message).toMatch(/offset query parameter must be an integer >= 0, not "abc"/);
  });

  it("a date-time query parameter that is not one (dateParam)", async () => {
    const { message } = await v3Error(await call("/v3/users?createdAfter=yesterday"));
    expect(message).toMatch(/createdAfter query parameter is not a date-time: "yesterday"/);
  });

  it("a JSON body that does not parse (the front's body check)", async () => {
    const res = await call("/v3/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"firstName": "Vee",',
    });
    const { message } = await v3Error(res);
    expect(message).toMatch(/not valid JSON/);
  });

  it("an upload flag that is not true or false (the shared upload reader)", async () => {
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array([0x50, 0x4b, 3, 4])]), "x.yxzp");
    const users = (await (await call("/v3/users")).json()) as Array<{ id: string }>;
    const fields = {
      name: "Flag",
      ownerId: users[0]?.id ?? "",
      othersMayDownload: "maybe",
      othersCanExecute: "true",
      executionMode: "Standard",
      workflowCredentialType: "Default",
      isPublic: "false",
      isReadyForMigration: "false",
    };
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    const { message } = await v3Error(await call("/v3/workflows", { method: "POST", body: form }));
    expect(message).toMatch(/othersMayDownload field must be true or false, not "maybe"/);
  });
});

describe("with validation off, Admin v1 keeps the Gallery shape", () => {
  it("for the same integer parameter", async () => {
    const { message } = await galleryError(await call("/admin/v1/users/?page=abc"));
    expect(message).toMatch(/page query parameter must be an integer >= 0, not "abc"/);
  });

  it("for a JSON body that does not parse", async () => {
    const res = await call("/admin/v1/workflows/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    const { message } = await galleryError(res);
    expect(message).toMatch(/not valid JSON/);
  });
});
