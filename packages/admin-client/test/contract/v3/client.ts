/**
 * The ONE factory of the Server API v3 contract tests' client: the typed `createServerClient`
 * (OAuth2 client credentials against the mock's token endpoint, the real pipeline, retries off
 * so that every call is sent once), plus a middleware that logs each answer (calls.ts) for
 * coverage.test.ts. Only the 401 tests, which need a token the mock never issued, use
 * openapi-fetch directly with that fixed bearer token.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { inject } from "vitest";
import type { paths } from "../../../src/generated/server-v3.js";
import { createServerClient } from "../../../src/index.js";
import { recordCall } from "./calls.js";

/** The typed v3 client the tests use. */
export type V3Client = Client<paths>;

export { fakePackage, OBJECT_ID } from "../mock-client.js";

/** Where a mock listens and the credentials it accepts (the shared one: inject("mockV3")). */
export interface MockAddress {
  webapiUrl: string;
  tokenUrl: string;
  consumerKey: string;
  consumerSecret: string;
}

/** Logs every answer the client received. */
const logCalls: Middleware = {
  onResponse({ request, response }) {
    const path = new URL(request.url).pathname.replace(/^\/webapi/, "");
    recordCall({ method: request.method, path, status: response.status });
    return response;
  },
};

/**
 * A v3 client on the shared mock, or on `mock` (a test's own). `token` sends that bearer token
 * instead of asking the token endpoint for one (401 tests).
 */
export function v3Client(options: { token?: string; mock?: MockAddress } = {}): V3Client {
  const mock = options.mock ?? inject("mockV3");
  if (options.token !== undefined) {
    const raw = createClient<paths>({
      baseUrl: mock.webapiUrl,
      headers: { authorization: `Bearer ${options.token}` },
    });
    raw.use(logCalls);
    return raw;
  }
  const client = createServerClient({
    baseUrl: mock.webapiUrl,
    tokenUrl: mock.tokenUrl,
    consumerKey: mock.consumerKey,
    consumerSecret: mock.consumerSecret,
    retry: false,
  });
  client.use(logCalls);
  return client;
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
