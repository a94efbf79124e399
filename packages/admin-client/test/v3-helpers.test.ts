/**
 * The v3 helpers against a small /webapi server on 127.0.0.1 that models just enough of v3:
 * uploads parsed as multipart forms, packages served back, a job that moves from Queued to
 * Running to Completed over polls, and the two paged job listings.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AlteryxApiError,
  AlteryxJobTimeoutError,
  createServerClient,
  downloadWorkflowPackage,
  paginate,
  paginatePages,
  runWorkflow,
  type ServerClient,
  uploadWorkflow,
  uploadWorkflowVersion,
} from "../src/index.js";
import { type Seen, sendJson } from "./servers.js";
import { KEY, SECRET, startWebapi, type WebapiServer } from "./webapi-server.js";

const OWNER = "5b1a3c2e8f0d4a6b9c7e5f11";
const JOBS = Array.from({ length: 7 }, (_, i) => ({
  jobId: `6c${String(i).padStart(22, "0")}`,
  status: "Completed",
}));

interface Stored {
  fields: Record<string, string>;
  fileName: string;
  bytes: Uint8Array[];
}

let server: WebapiServer;
let client: ServerClient;
let dir: string;
const workflows = new Map<string, Stored>();
/** Job id -> the statuses it answers on successive polls. */
const jobs = new Map<string, string[]>();
let nextId = 0;

async function formOf(seen: Seen): Promise<FormData> {
  const request = new Request("http://x/", {
    method: "POST",
    headers: { "content-type": seen.headers["content-type"] ?? "" },
    body: new Uint8Array(seen.raw),
  });
  return request.formData();
}

async function store(seen: Seen): Promise<Stored> {
  const form = await formOf(seen);
  const file = form.get("file") as File;
  const fields: Record<string, string> = {};
  for (const [name, value] of form) if (typeof value === "string") fields[name] = value;
  return { fields, fileName: file.name, bytes: [new Uint8Array(await file.arrayBuffer())] };
}

function slice<T>(items: T[], url: URL): T[] {
  const offset = Number(url.searchParams.get("offset") ?? 0);
  const limit = Number(url.searchParams.get("limit") ?? 100);
  return items.slice(offset, offset + limit);
}

async function route(seen: Seen, path: string, res: ServerResponse): Promise<void> {
  const url = new URL(seen.url, "http://x");
  const match = (pattern: RegExp) => pattern.exec(path);
  if (path === "/v3/workflows" && seen.method === "POST") {
    const id = `6d${String(++nextId).padStart(22, "0")}`;
    workflows.set(id, await store(seen));
    return sendJson(res, id);
  }
  let m = match(/^\/v3\/workflows\/([^/]+)\/versions$/);
  if (m && seen.method === "POST") {
    const workflow = workflows.get(m[1] as string);
    if (workflow === undefined) return sendJson(res, { message: "No workflow" }, 404);
    const version = await store(seen);
    workflow.bytes.push(version.bytes[0] as Uint8Array);
    return sendJson(res, {
      id: m[1],
      name: version.fields.name,
      versions: workflow.bytes.map((_, i) => ({ versionId: `v${i + 1}`, versionNumber: i + 1 })),
      fields: version.fields,
    });
  }
  m = match(/^\/v3\/workflows\/([^/]+)\/package$/);
  if (m) {
    const workflow = workflows.get(m[1] as string);
    if (workflow === undefined) return sendJson(res, { message: "No workflow" }, 404);
    const version = Number(
      (url.searchParams.get("versionId") ?? `v${workflow.bytes.length}`).slice(1),
    );
    const bytes = workflow.bytes[version - 1] as Uint8Array;
    res.writeHead(200, {
      "content-type": "application/octet-stream",
      "content-disposition": `attachment; filename="${workflow.fileName}"`,
      "content-length": String(bytes.length),
    });
    res.end(bytes);
    return;
  }
  m = match(/^\/v3\/workflows\/([^/]+)\/jobs$/);
  if (m) {
    if (seen.method === "POST") {
      const id = `6e${String(++nextId).padStart(22, "0")}`;
      const body = JSON.parse(seen.body);
      const script = body.workerTag === "never" ? ["Queued"] : ["Running", "Completed"];
      jobs.set(id, script);
      return sendJson(res, {
        id,
        appId: m[1],
        status: "Queued",
        disposition: "None",
        questions: body.questions,
      });
    }
    return sendJson(
      res,
      slice(
        JOBS.map((j) => ({ id: j.jobId, status: j.status })),
        url,
      ),
    );
  }
  m = match(/^\/v3\/jobs\/([^/]+)(\/messages)?$/);
  if (m) {
    const script = jobs.get(m[1] as string);
    if (script === undefined) return sendJson(res, { message: "No job" }, 404);
    if (m[2] !== undefined) return sendJson(res, [{ status: 1, text: "Finished", toolId: 0 }]);
    const status = script.length > 1 ? (script.shift() as string) : (script[0] as string);
    return sendJson(res, {
      id: m[1],
      status,
      disposition: status === "Completed" ? "Success" : "None",
      messages: [],
    });
  }
  if (path === "/v3/jobs") {
    return sendJson(res, { data: slice(JOBS, url), pagination: { totalCount: JOBS.length } });
  }
  return sendJson(res, { message: `no route ${seen.method} ${path}` }, 404);
}

beforeAll(async () => {
  server = await startWebapi((seen, path, res) => {
    route(seen, path, res).catch((error: unknown) =>
      sendJson(res, { message: String(error) }, 500),
    );
  });
  client = createServerClient({ baseUrl: server.webapi, consumerKey: KEY, consumerSecret: SECRET });
  dir = await mkdtemp(join(tmpdir(), "client-v3-"));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  server.settings.apiLatencyMs = 0;
});

const BYTES = new Uint8Array(50_000).map((_, i) => (i * 7 + 3) % 256);

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("uploadWorkflow and downloadWorkflowPackage", () => {
  it("uploads bytes with the spec's fields and downloads the same bytes", async () => {
    const id = await uploadWorkflow(client, {
      file: BYTES,
      name: "Quarterly Forecast",
      ownerId: OWNER,
      othersCanExecute: true,
      collectionIds: ["5d2f1e0c9b8a7f6e5d4c3b2a"],
      comments: "First upload",
    });
    const stored = workflows.get(id);
    expect(stored?.fileName).toBe("Quarterly Forecast.yxzp");
    expect(stored?.fields).toEqual({
      name: "Quarterly Forecast",
      ownerId: OWNER,
      comments: "First upload",
      isPublic: "false",
      isReadyForMigration: "false",
      othersMayDownload: "false",
      othersCanExecute: "true",
      executionMode: "Standard",
      workflowCredentialType: "Default",
      collectionIds: '["5d2f1e0c9b8a7f6e5d4c3b2a"]',
    });
    const pkg = await downloadWorkflowPackage(client, id);
    expect(pkg.filename).toBe("Quarterly Forecast.yxzp");
    expect(pkg.size).toBe(BYTES.length);
    expect(await readAll(pkg.body)).toEqual(BYTES);
  }, 30_000);

  it("gives a field passed as undefined its default, as a field left out", async () => {
    const id = await uploadWorkflow(client, {
      file: BYTES,
      name: "Defaults",
      ownerId: OWNER,
      isPublic: undefined,
      executionMode: undefined,
    });
    expect(workflows.get(id)?.fields).toMatchObject({
      isPublic: "false",
      executionMode: "Standard",
    });
  }, 30_000);

  it("reads a package from a path, a Blob and a stream", async () => {
    const path = join(dir, "Sales.yxzp");
    await writeFile(path, BYTES);
    const stream = new Blob([BYTES]).stream();
    for (const file of [path, new Blob([BYTES]), stream]) {
      const id = await uploadWorkflow(client, { file, name: "Sales", ownerId: OWNER });
      expect(workflows.get(id)?.bytes[0]).toEqual(BYTES);
    }
  }, 30_000);

  it("uploads a version and downloads either version by versionId", async () => {
    const id = await uploadWorkflow(client, { file: BYTES, name: "Ops", ownerId: OWNER });
    const second = BYTES.map((b) => 255 - b);
    const workflow = await uploadWorkflowVersion(client, id, {
      file: new Blob([second]),
      name: "Ops",
      ownerId: OWNER,
      comments: "v2",
    });
    expect(workflow.versions).toHaveLength(2);
    expect((workflow as unknown as { fields: Record<string, string> }).fields).toMatchObject({
      makePublished: "true",
      comments: "v2",
      workflowCredentialType: "Default",
    });
    expect(await readAll((await downloadWorkflowPackage(client, id)).body)).toEqual(second);
    const first = await downloadWorkflowPackage(client, id, { versionId: "v1" });
    expect(await readAll(first.body)).toEqual(BYTES);
  }, 30_000);

  it("refuses bad input before sending anything", async () => {
    const before = server.seen.length;
    await expect(
      uploadWorkflow(client, { file: new Uint8Array(0), name: "X", ownerId: OWNER }),
    ).rejects.toThrow(/file is empty/);
    await expect(
      uploadWorkflow(client, {
        file: BYTES,
        name: "X",
        ownerId: OWNER,
        executionMode: "Fast" as "Safe",
      }),
    ).rejects.toThrow(/executionMode must be one of Safe, SemiSafe, Standard/);
    await expect(
      uploadWorkflow(client, { file: join(dir, "missing.yxzp"), name: "X", ownerId: OWNER }),
    ).rejects.toThrow(/cannot read the package file .*ENOENT/);
    await expect(
      uploadWorkflow(client, { file: BYTES, name: "X", ownerId: OWNER, owner: "a@b" } as never),
    ).rejects.toThrow(
      'unknown field "owner" (did you mean "ownerId"?); the form\'s fields: file, fileName, name, ownerId',
    );
    await expect(
      uploadWorkflow(client, { file: BYTES, name: "X", ownerId: OWNER, colour: "red" } as never),
    ).rejects.toThrow(/unknown field "colour"; the form's fields: file, fileName, name/);
    await expect(downloadWorkflowPackage(client, "../users")).rejects.toThrow(/URL separators/);
    expect(server.seen.length).toBe(before);
  });

  it("a 404 becomes AlteryxApiError", async () => {
    await expect(
      downloadWorkflowPackage(client, "6d0000000000000000000404"),
    ).rejects.toBeInstanceOf(AlteryxApiError);
  }, 30_000);
});

describe("runWorkflow", () => {
  it("without wait, answers the queued job and sends the questions as the spec's list", async () => {
    const job = await runWorkflow(client, "57acaca4065e3f26a82b2615", {
      questions: { Region: "EMEA" },
      priority: "High",
    });
    expect(job.status).toBe("Queued");
    const sent = JSON.parse(server.seen.at(-1)?.body ?? "{}");
    expect(sent).toEqual({ questions: [{ name: "Region", value: "EMEA" }], priority: "High" });
  }, 30_000);

  it("with wait, polls until Completed and returns the job with its messages", async () => {
    const before = server.seen.length;
    const job = await runWorkflow(client, "57acaca4065e3f26a82b2615", {
      wait: { pollIntervalMs: 20, timeoutMs: 20_000 },
    });
    expect(job.status).toBe("Completed");
    expect(job.disposition).toBe("Success");
    expect(job.messages).toEqual([{ status: 1, text: "Finished", toolId: 0 }]);
    const calls = server.seen
      .slice(before)
      .map((s) => `${s.method} ${s.url.replace(/6e\d+/, "J")}`);
    expect(calls.filter((c) => !c.includes("oauth2"))).toEqual([
      "POST /webapi/v3/workflows/57acaca4065e3f26a82b2615/jobs",
      "GET /webapi/v3/jobs/J?includeMessages=false",
      "GET /webapi/v3/jobs/J?includeMessages=false",
      "GET /webapi/v3/jobs/J/messages",
    ]);
  }, 30_000);

  it("refuses wait options it cannot use before queueing anything, naming them", async () => {
    const before = server.seen.length;
    const id = "57acaca4065e3f26a82b2615";
    await expect(runWorkflow(client, id, { wait: { timeoutMs: -1 } })).rejects.toThrow(
      "runWorkflow(): wait.timeoutMs must be a number >= 1 (or Infinity), got -1",
    );
    await expect(
      runWorkflow(client, id, { wait: { pollIntervalMs: Number.POSITIVE_INFINITY } }),
    ).rejects.toThrow("runWorkflow(): wait.pollIntervalMs must be a number >= 1, got Infinity");
    await expect(
      runWorkflow(client, id, { wait: { onStatus: null as unknown as undefined } }),
    ).rejects.toThrow("runWorkflow(): wait.onStatus must be a function, got null");
    expect(server.seen.length).toBe(before);
  });

  it("with wait.onStatus, tells the job as queued and each status change", async () => {
    const told: Array<string | null | undefined> = [];
    const job = await runWorkflow(client, "57acaca4065e3f26a82b2615", {
      wait: { pollIntervalMs: 20, timeoutMs: 20_000, onStatus: (j) => told.push(j.status) },
    });
    expect(told).toEqual(["Queued", "Running", "Completed"]);
    expect(job.status).toBe("Completed");
  }, 30_000);

  it("tells a status once however many polls answer it, and takes Infinity for no time limit", async () => {
    const told: Array<string | null | undefined> = [];
    const controller = new AbortController();
    const before = server.seen.length;
    const waiting = runWorkflow(client, "57acaca4065e3f26a82b2615", {
      workerTag: "never",
      wait: {
        pollIntervalMs: 20,
        timeoutMs: Number.POSITIVE_INFINITY,
        signal: controller.signal,
        onStatus: (j) => told.push(j.status),
      },
    });
    setTimeout(() => controller.abort(new Error("enough polls")), 300);
    await expect(waiting).rejects.toThrow("enough polls");
    // Several polls answered Queued; it was told once.
    const polls = server.seen
      .slice(before)
      .filter((s) => s.method === "GET" && /\/v3\/jobs\/[^/?]+\?/.test(s.url));
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(told).toEqual(["Queued"]);
  }, 30_000);

  it("refuses an onStatus that is not a function before queueing", async () => {
    const before = server.seen.length;
    await expect(
      runWorkflow(client, "57acaca4065e3f26a82b2615", { wait: { onStatus: "log" as never } }),
    ).rejects.toThrow(/wait\.onStatus must be a function, got string/);
    expect(server.seen.length).toBe(before);
  }, 30_000);

  it("a job that does not end in time is an AlteryxJobTimeoutError naming it and its status", async () => {
    const error = await runWorkflow(client, "57acaca4065e3f26a82b2615", {
      workerTag: "never",
      wait: { pollIntervalMs: 20, timeoutMs: 300 },
    }).then(
      () => undefined,
      (e: unknown) => e as AlteryxJobTimeoutError,
    );
    if (error === undefined) throw new Error("expected a timeout");
    expect(error).toBeInstanceOf(AlteryxJobTimeoutError);
    expect(error.jobId).toMatch(/^6e/);
    expect(error.lastStatus).toBe("Queued");
    expect(error.message).toContain(error.jobId);
    expect(error.message).toMatch(/still Queued after 300 ms/);
  }, 30_000);

  it("the wait's signal stops waiting", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stopped by the test")), 100);
    await expect(
      runWorkflow(client, "57acaca4065e3f26a82b2615", {
        workerTag: "never",
        wait: { pollIntervalMs: 20, signal: controller.signal },
      }),
    ).rejects.toThrow("stopped by the test");
  }, 30_000);
});

describe("paginate over v3", () => {
  it("walks /v3/jobs through its data envelope with offset and limit", async () => {
    const ids: string[] = [];
    for await (const job of paginate(client, "/v3/jobs", { pageSize: 3 }))
      ids.push(job.jobId ?? "");
    expect(ids).toEqual(JOBS.map((j) => j.jobId));
    const queries = server.seen
      .filter((s) => s.url.startsWith("/webapi/v3/jobs?"))
      .map((s) => new URL(s.url, "http://x").search);
    expect(queries.slice(-3)).toEqual([
      "?offset=0&limit=3",
      "?offset=3&limit=3",
      "?offset=6&limit=3",
    ]);
  }, 30_000);

  it("walks a workflow's jobs (a bare array) with the path parameter", async () => {
    const pages: number[] = [];
    for await (const page of paginatePages(client, "/v3/workflows/{workflowId}/jobs", {
      path: { workflowId: "57acaca4065e3f26a82b2615" },
      pageSize: 4,
    })) {
      pages.push(page.length);
    }
    expect(pages).toEqual([4, 3]);
  }, 30_000);

  it("reads a route without paging in one request, and refuses paging options there", async () => {
    server.route = (_seen, path, res) =>
      path === "/v3/users" ? sendJson(res, [{ id: "a" }, { id: "b" }]) : sendJson(res, {}, 404);
    try {
      const ids: string[] = [];
      for await (const user of paginate(client, "/v3/users")) ids.push(user.id ?? "");
      expect(ids).toEqual(["a", "b"]);
      await expect(paginate(client, "/v3/users", { pageSize: 5 }).next()).rejects.toThrow(
        /whole list at once/,
      );
    } finally {
      server.route = (seen, path, res) => {
        route(seen, path, res).catch((error: unknown) =>
          sendJson(res, { message: String(error) }, 500),
        );
      };
    }
  }, 30_000);
});
