/**
 * A fake fetch for unit tests: records every request it is given (after signing) and answers
 * with a handler.
 */
import { type AdminClientOptions, createAdminClient, type FetchLike } from "../src/index.js";

type FetchInit = Parameters<FetchLike>[1];

/** The Admin API root the unit tests use. */
export const BASE = "https://gallery.example.com/gallery/api/admin/v1";
/** A secret that must never show up in messages. */
export const SECRET = "s3cret-VALUE-never-shown";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Headers;
  body: ArrayBuffer | null;
  signal: AbortSignal;
  /** The init the client passed (its dispatcher, redirect mode, ...). */
  init: FetchInit;
}

export type FakeFetch = ((url: string, init: FetchInit) => Promise<Response>) & {
  calls: RecordedRequest[];
};

/** A fetch whose answers come from `handler` (called with the request and its 1-based number). */
export function fakeFetch(
  handler: (request: RecordedRequest, n: number) => Response | Promise<Response>,
): FakeFetch {
  const calls: RecordedRequest[] = [];
  const fn = async (url: string, init: FetchInit) => {
    const request = new Request(url, init);
    const recorded: RecordedRequest = {
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body === null ? null : await request.arrayBuffer(),
      signal: init.signal ?? request.signal,
      init,
    };
    calls.push(recorded);
    return handler(recorded, calls.length);
  };
  return Object.assign(fn, { calls });
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A GalleryError response. */
export function galleryError(status: number, exceptionName: string, message: string): Response {
  return json({ data: null, exceptionName, innerExceptionMessage: "", message }, status);
}

/** A client on the fake fetch, with instant retries unless overridden. */
export function testClient(fetch: FakeFetch, options: Partial<AdminClientOptions> = {}) {
  return createAdminClient({
    baseUrl: BASE,
    consumerKey: "test-key",
    consumerSecret: SECRET,
    fetch,
    retry: { minDelayMs: 1, maxDelayMs: 1000, sleep: async () => undefined },
    ...options,
  });
}

/** The oauth parameters of a recorded request (header or query placement). */
export function oauthOf(request: RecordedRequest): Record<string, string> {
  const result: Record<string, string> = {};
  const header = request.headers.get("authorization");
  if (header !== null) {
    for (const match of header.matchAll(/(oauth_\w+)="([^"]*)"/g)) {
      result[match[1] as string] = decodeURIComponent(match[2] as string);
    }
  }
  for (const [name, value] of new URL(request.url).searchParams) {
    if (name.startsWith("oauth_")) result[name] = value;
  }
  return result;
}
