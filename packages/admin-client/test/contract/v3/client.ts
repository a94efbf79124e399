/**
 * The ONE factory of the Server API v3 contract tests' client. Until `createServerClient` is
 * in main it is openapi-fetch's `createClient<paths>` on the generated v3 types with a bearer
 * middleware; switching is an edit of this file only. Every answer is logged (calls.ts) for
 * coverage.test.ts.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { inject } from "vitest";
import type { paths } from "../../../src/generated/server-v3.js";
import { recordCall } from "./calls.js";

/** The typed v3 client the tests use. */
export type V3Client = Client<paths>;

/** A 24-hex ObjectId. */
export const OBJECT_ID = /^[0-9a-f]{24}$/;

/** Where a mock listens and the credentials it accepts (the shared one: inject("mockV3")). */
export interface MockAddress {
  webapiUrl: string;
  tokenUrl: string | undefined;
  consumerKey: string;
  consumerSecret: string;
}

const tokens = new Map<string, Promise<string>>();

/**
 * A bearer token from the mock's token endpoint (client credentials), once the mock has one.
 * Before the OAuth2 guard exists the mock does not check tokens, and the header says so.
 */
async function bearerToken({
  tokenUrl,
  consumerKey,
  consumerSecret,
}: MockAddress): Promise<string> {
  if (!tokenUrl) return "mock-does-not-check-tokens-yet";
  let token = tokens.get(tokenUrl);
  if (!token) {
    token = (async () => {
      const response = await fetch(tokenUrl, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`).toString("base64")}`,
        },
        body: "grant_type=client_credentials",
      });
      if (!response.ok) throw new Error(`the mock's token endpoint answered ${response.status}`);
      return ((await response.json()) as { access_token: string }).access_token;
    })();
    tokens.set(tokenUrl, token);
  }
  return token;
}

/** Sets the bearer token (or the given one) and logs every answer. */
function middleware(mock: MockAddress, fixedToken?: string): Middleware {
  return {
    async onRequest({ request }) {
      request.headers.set("authorization", `Bearer ${fixedToken ?? (await bearerToken(mock))}`);
      return request;
    },
    onResponse({ request, response }) {
      const path = new URL(request.url).pathname.replace(/^\/webapi/, "");
      recordCall({ method: request.method, path, status: response.status });
      return response;
    },
  };
}

/**
 * A v3 client on the shared mock, or on `mock` (a test's own); `token` replaces the real
 * bearer token (401 tests).
 */
export function v3Client(options: { token?: string; mock?: MockAddress } = {}): V3Client {
  const mock = options.mock ?? inject("mockV3");
  const client = createClient<paths>({ baseUrl: mock.webapiUrl });
  client.use(middleware(mock, options.token));
  return client;
}

/** Whether the mock checks bearer tokens (it has a token endpoint). */
export function mockChecksTokens(): boolean {
  return inject("mockV3").tokenUrl !== undefined;
}

/** The data of a 2xx answer; fails with the status and body otherwise. */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok || result.data === undefined) {
    throw new Error(
      `expected a 2xx answer with a body, got ${result.response.status}: ${JSON.stringify(result.error)}`,
    );
  }
  return result.data;
}

/** Asserts a 2xx answer (bodies of `Done` answers are empty). */
export function okEmpty(result: { error?: unknown; response: Response }): void {
  if (!result.response.ok) {
    throw new Error(
      `expected a 2xx answer, got ${result.response.status}: ${JSON.stringify(result.error)}`,
    );
  }
}

/** Bytes the mock accepts as a package (a zip starts with "PK\x03\x04"). */
export function fakePackage(seed: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(1024 + seed);
  bytes.set([0x50, 0x4b, 0x03, 0x04]);
  for (let i = 4; i < bytes.length; i++) bytes[i] = (i * 31 + seed * 7) % 256;
  return bytes;
}

/**
 * A multipart body for openapi-fetch: the spec types it field by field, but a FormData is what
 * goes on the wire (openapi-fetch then lets fetch set the boundary).
 */
export function multipart(form: FormData): { body: never; bodySerializer: () => FormData } {
  return { body: form as never, bodySerializer: () => form };
}

/** The text fields of an upload, as the spec's UploadWorkflowForm requires them. */
export function uploadForm(
  fields: Record<string, string>,
  bytes: Uint8Array<ArrayBuffer>,
): FormData {
  const form = new FormData();
  form.set("file", new Blob([bytes], { type: "application/octet-stream" }), "upload.yxzp");
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}
