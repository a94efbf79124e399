/**
 * The cross-runtime suite, written once: plain ESM on the packages' built `dist/`, run as it is
 * by Node, Deno and Bun, and bundled by esbuild for Chromium. It uses only web-standard APIs
 * (no node:*), so the same code is what each runtime executes.
 *
 * Each case gets a context: the mock Gallery's OAuth1 Admin v1 URL, its `/webapi` root (OAuth2:
 * Admin v1 and Server API v3) and credentials, the runtime's name and a throwaway RSA key for the
 * signer's RSA-SHA1 vector. A case passes by returning and
 * fails by throwing.
 */
import {
  AlteryxApiError,
  AlteryxNetworkError,
  AlteryxTokenError,
  createAdminClient,
  createServerClient,
  downloadPackage,
  paginate,
  paginatePages,
  publishWorkflow,
  unwrap,
} from "@alteryx-admin/client";
import { createSigner } from "@alteryx-admin/oauth1-signer";
import { SIGNING_CASES } from "./vectors.mjs";

/** The curator every mock Gallery has, whatever its seed (see the mock's README). */
const KNOWN_CURATOR = "gallery.admin@example.com";
/** A well-formed workflow id that the mock does not have. */
const UNKNOWN_ID = "0123456789abcdef01234567";

/** Throws with `message` unless `condition` holds. */
function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Throws unless `actual === expected`, naming `what` and both values. */
function equal(actual, expected, what) {
  if (actual !== expected) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** The client of the mock, in one placement. No retries: a failure shows on the first try. */
function client(ctx, options = {}) {
  return createAdminClient({
    baseUrl: ctx.url,
    consumerKey: ctx.consumerKey,
    consumerSecret: ctx.consumerSecret,
    retry: false,
    timeoutMs: 20_000,
    ...options,
  });
}

/** The rejection of `promise`, or an error saying it resolved. */
async function rejectionOf(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

async function listsUsers(ctx, placement) {
  const admin = client(ctx, { placement });
  const users = unwrap(
    await admin.GET("/users/", { params: { query: { page: 0, pageSize: 10 } } }),
  );
  equal(users.length, 10, "users on the first page of 10");
  equal(users[0]?.email, KNOWN_CURATOR, "first user's email");
}

/** A package-like payload: a zip's magic number, then every byte value. */
function fakePackage() {
  const bytes = new Uint8Array(4 + 256 * 4);
  bytes.set([0x50, 0x4b, 0x03, 0x04]);
  for (let i = 4; i < bytes.length; i++) bytes[i] = i % 256;
  return bytes;
}

const CLIENT_CASES = [
  {
    name: "client: lists users, OAuth1 in the Authorization header",
    run: (ctx) => listsUsers(ctx, "header"),
  },
  {
    name: "client: lists users, OAuth1 in the query",
    run: (ctx) => listsUsers(ctx, "query"),
  },
  {
    name: "client: paginate walks every user once, in pages of 100",
    async run(ctx) {
      const admin = client(ctx);
      const all = unwrap(await admin.GET("/users/", { params: { query: { pageSize: 0 } } }));
      check(all.length > 200, `expected the mock's users (hundreds), got ${all.length}`);
      const ids = [];
      for await (const user of paginate(admin, "/users/", { pageSize: 100 })) ids.push(user.id);
      equal(ids.length, all.length, "users walked");
      equal(new Set(ids).size, ids.length, "distinct users walked");
      equal(ids.join(), all.map((user) => user.id).join(), "order of the users walked");
    },
  },
  {
    name: "client: publish (multipart; its Content-Type kept on Bun) then download round-trips it",
    async run(ctx) {
      const admin = client(ctx);
      const bytes = fakePackage();
      const name = `Cross-runtime ${ctx.runtime} ü`;
      const id = await publishWorkflow(admin, {
        file: new Blob([bytes]),
        name,
        owner: KNOWN_CURATOR,
        validate: false,
        isPublic: false,
      });
      check(/^[0-9a-f]{24}$/.test(id), `expected a 24-hex workflow id, got ${JSON.stringify(id)}`);
      const pkg = await downloadPackage(admin, id);
      equal(pkg.filename, `${name}.yxzp`, "downloaded file name");
      const received = new Uint8Array(await new Response(pkg.body).arrayBuffer());
      equal(received.length, bytes.length, "downloaded bytes");
      check(
        received.every((byte, i) => byte === bytes[i]),
        "the downloaded bytes differ from the published ones",
      );
    },
  },
  {
    name: "client: a 404 is an AlteryxApiError with the Gallery's exception name",
    async run(ctx) {
      const error = await rejectionOf(downloadPackage(client(ctx), UNKNOWN_ID));
      check(error instanceof AlteryxApiError, `expected AlteryxApiError, got ${error}`);
      equal(error.status, 404, "status");
      equal(error.path, `/${UNKNOWN_ID}/package/`, "path");
      check(Boolean(error.exceptionName), "the error has no exceptionName");
    },
  },
  {
    name: "client: a wrong secret is a 401 AlteryxApiError that does not show the secret",
    async run(ctx) {
      const secret = `${ctx.consumerSecret}-wrong`;
      const admin = client(ctx, { consumerSecret: secret });
      const error = await rejectionOf(admin.GET("/users/").then(unwrap));
      check(error instanceof AlteryxApiError, `expected AlteryxApiError, got ${error}`);
      equal(error.status, 401, "status");
      check(!String(error.message).includes(secret), "the error message shows the secret");
    },
  },
  {
    name: "client: a refused connection is an AlteryxNetworkError",
    async run(ctx) {
      const admin = client(ctx, { baseUrl: ctx.closedUrl });
      const error = await rejectionOf(admin.GET("/users/"));
      check(error instanceof AlteryxNetworkError, `expected AlteryxNetworkError, got ${error}`);
      equal(error.during, "request", "during");
    },
  },
];

/**
 * A fetch that records each request's method and path (never its headers: they carry the
 * secret or the token) before passing it to the runtime's fetch.
 */
function recordingFetch() {
  const seen = [];
  const fetchImpl = (url, init) => {
    const { pathname } = new URL(url instanceof Request ? url.url : String(url));
    seen.push(`${init?.method ?? (url instanceof Request ? url.method : "GET")} ${pathname}`);
    return globalThis.fetch(url, init);
  };
  return { seen, fetch: fetchImpl };
}

/** An Admin v1 client on the mock's `/webapi/admin/v1`: OAuth2 client credentials. */
function oauth2AdminClient(ctx, options = {}) {
  return client(ctx, { baseUrl: `${ctx.webapiUrl}/admin/v1`, ...options });
}

/** A Server API v3 client on the mock's `/webapi` root. */
function serverClient(ctx, options = {}) {
  return createServerClient({
    baseUrl: ctx.webapiUrl,
    consumerKey: ctx.consumerKey,
    consumerSecret: ctx.consumerSecret,
    retry: false,
    timeoutMs: 20_000,
    ...options,
  });
}

/**
 * Queues `count` jobs through v3 on the first workflow that may run (the seed disables running
 * some) and resolves to the queued jobs' ids.
 */
async function queueJobs(server, count) {
  const workflows = unwrap(await server.GET("/v3/workflows", {}));
  for (const { id } of workflows) {
    const params = { path: { workflowId: id } };
    const first = await server.POST("/v3/workflows/{workflowId}/jobs", { params, body: {} });
    if (first.response.status === 403) continue;
    const ids = [unwrap(first).id];
    while (ids.length < count) {
      ids.push(
        unwrap(await server.POST("/v3/workflows/{workflowId}/jobs", { params, body: {} })).id,
      );
    }
    return ids;
  }
  throw new Error(`none of the ${workflows.length} workflows may be run`);
}

const OAUTH2_CASES = [
  {
    name: "oauth2: Admin v1 on /webapi gets one token (client credentials), then lists users",
    async run(ctx) {
      const recorder = recordingFetch();
      const admin = oauth2AdminClient(ctx, { fetch: recorder.fetch });
      equal(admin.auth, "oauth2", "the client's auth scheme");
      const first = unwrap(
        await admin.GET("/users/", { params: { query: { page: 0, pageSize: 10 } } }),
      );
      equal(first.length, 10, "users on the first page of 10");
      equal(first[0]?.email, KNOWN_CURATOR, "first user's email");
      unwrap(await admin.GET("/users/", { params: { query: { page: 1, pageSize: 10 } } }));
      const tokenPath = new URL(ctx.webapiUrl).pathname.replace(/\/$/, "");
      equal(
        recorder.seen.join(" | "),
        [
          `POST ${tokenPath}/oauth2/token`,
          `GET ${tokenPath}/admin/v1/users/`,
          `GET ${tokenPath}/admin/v1/users/`,
        ].join(" | "),
        "requests sent (one token request, reused by the second listing)",
      );
    },
  },
  {
    name: "oauth2: a wrong secret is an AlteryxTokenError that does not show the secret",
    async run(ctx) {
      const secret = `${ctx.consumerSecret}-wrong`;
      const admin = oauth2AdminClient(ctx, { consumerSecret: secret });
      const error = await rejectionOf(admin.GET("/users/").then(unwrap));
      check(error instanceof AlteryxTokenError, `expected AlteryxTokenError, got ${error}`);
      // The token endpoint's own refusal, not a network failure that is also a token error.
      equal(error.reason, "rejected", "reason");
      equal(error.status, 401, "the token endpoint's status");
      equal(error.error, "invalid_client", "RFC 6749 error code");
      check(!String(error.message).includes(secret), "the error message shows the secret");
    },
  },
  {
    name: "v3: createServerClient lists /v3/users, the known curator first",
    async run(ctx) {
      const users = unwrap(await serverClient(ctx).GET("/v3/users", {}));
      check(users.length > 200, `expected the mock's users (hundreds), got ${users.length}`);
      equal(users[0]?.email, KNOWN_CURATOR, "first user's email");
    },
  },
  {
    name: "v3: paginate walks /v3/jobs (offset paging, items in data) in pages of 2",
    async run(ctx) {
      const server = serverClient(ctx);
      const queued = await queueJobs(server, 3);
      const all = unwrap(await server.GET("/v3/jobs", { params: { query: { limit: 1000 } } }));
      const listed = all.data.map((job) => job.jobId);
      for (const id of queued) check(listed.includes(id), `queued job ${id} is not listed`);
      const pages = [];
      for await (const page of paginatePages(server, "/v3/jobs", { pageSize: 2 })) {
        pages.push(page.map((job) => job.jobId));
      }
      equal(pages.length, Math.ceil(listed.length / 2), "pages of 2 walked");
      const ids = [];
      for await (const job of paginate(server, "/v3/jobs", { pageSize: 2 })) ids.push(job.jobId);
      equal(new Set(ids).size, listed.length, "distinct jobs walked");
      equal(ids.join(), pages.flat().join(), "paginate's jobs against paginatePages' pages");
      equal(ids.join(), listed.join(), "jobs walked, in order");
    },
  },
];

/** The signer's crypto back end: node:crypto where the runtime has it, WebCrypto elsewhere. */
const BACKEND_CASE = {
  name: "signer: crypto 'node' works where node:crypto exists and is refused in browsers",
  async run(ctx) {
    let outcome = "node:crypto";
    try {
      // Outside Node-like runtimes createSigner itself refuses "node"; elsewhere a missing
      // node:crypto would show on the first signature.
      const signer = createSigner({ consumerKey: "k", consumerSecret: "s", crypto: "node" });
      await signer.authorize({ method: "GET", url: "http://example.com/" });
    } catch (error) {
      outcome = String(error.message);
    }
    if (ctx.runtime === "chromium") {
      check(/node:crypto is not available/.test(outcome), `expected a refusal, got ${outcome}`);
    } else {
      equal(outcome, "node:crypto", "back end");
    }
  },
};

/** Marks the line with a CLI runtime's results among whatever else it prints (cli-entry.mjs). */
export const RESULTS_PREFIX = "@@runtimes-suite-results ";

/** Every case, in the order they run. Their names are the results' names in every runtime. */
export const CASES = [...SIGNING_CASES, BACKEND_CASE, ...CLIENT_CASES, ...OAUTH2_CASES];

/**
 * One case's outcome, as every runtime reports it.
 * @typedef {{ name: string, status: "passed" | "failed", error?: string, ms: number }} CaseResult
 */

/**
 * Runs every case in order and resolves to one result per case; never rejects.
 * @param {object} ctx the mock's url, webapiUrl, consumerKey, consumerSecret, closedUrl, the runtime's
 *   name and rsaPrivateKey
 * @returns {Promise<CaseResult[]>}
 */
export async function runSuite(ctx) {
  /** @type {CaseResult[]} */
  const results = [];
  for (const { name, run } of CASES) {
    const started = Date.now();
    try {
      await run(ctx);
      results.push({ name, status: "passed", ms: Date.now() - started });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      results.push({ name, status: "failed", error: message, ms: Date.now() - started });
    }
  }
  return results;
}
