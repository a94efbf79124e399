/**
 * The v3 helpers of @alteryx-admin/client through createServerClient against the shared v3 mock
 * (bearer guard, Prism, the in-memory Gallery): an upload from a file path downloads as the same
 * bytes, a new version is published by default, runWorkflow with wait returns the completed job
 * with its messages (or Error for a failing run), and paginate walks both job lists exactly as
 * one large read returns them. Every answer goes into the coverage log.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createServerClient,
  downloadWorkflowPackage,
  paginate,
  runWorkflow,
  type ServerClient,
  unwrap,
  uploadWorkflow,
  uploadWorkflowVersion,
} from "../../../src/index.js";
import { recordCall } from "./calls.js";
import { fakePackage, OBJECT_ID } from "./client.js";

function serverClient(): ServerClient {
  const { webapiUrl, consumerKey, consumerSecret } = inject("mockV3");
  const client = createServerClient({ baseUrl: webapiUrl, consumerKey, consumerSecret });
  client.use({
    onResponse({ request, response }) {
      const path = new URL(request.url).pathname.replace(/^\/webapi/, "");
      recordCall({ method: request.method, path, status: response.status });
      return response;
    },
  });
  return client;
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("v3 helpers against the mock", () => {
  const server = serverClient();
  let ownerId: string;
  let dir: string;
  let workflowId: string;
  const first = fakePackage(41);

  beforeAll(async () => {
    const curators = unwrap(
      await server.GET("/v3/users", { params: { query: { role: "Curator" } } }),
    );
    ownerId = curators[0]?.id ?? "";
    dir = await mkdtemp(join(tmpdir(), "client-v3-contract-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("uploadWorkflow from a file path, then downloadWorkflowPackage: the same bytes", async () => {
    const path = join(dir, "Helpers Upload.yxzp");
    await writeFile(path, first);
    workflowId = await uploadWorkflow(server, {
      file: path,
      name: "Helpers Upload",
      ownerId,
      othersCanExecute: true,
      othersMayDownload: true,
      districtTags: [],
    });
    expect(workflowId).toMatch(OBJECT_ID);
    const pkg = await downloadWorkflowPackage(server, workflowId);
    expect(await bytesOf(pkg.body)).toEqual(first);
  });

  it("uploadWorkflowVersion publishes the new version by default; versionId still reads the first", async () => {
    const second = fakePackage(42);
    const workflow = await uploadWorkflowVersion(server, workflowId, {
      file: new Blob([second]),
      name: "Helpers Upload",
      ownerId,
      othersCanExecute: true,
      othersMayDownload: true,
      comments: "second version",
    });
    expect(workflow.versions?.length).toBe(2);
    expect(await bytesOf((await downloadWorkflowPackage(server, workflowId)).body)).toEqual(second);
    const older = workflow.versions?.find((v) => v.versionId !== workflow.publishedVersionId);
    expect(older?.versionId).toBeDefined();
    const pkg = await downloadWorkflowPackage(server, workflowId, {
      versionId: older?.versionId ?? "",
    });
    expect(await bytesOf(pkg.body)).toEqual(first);
  });

  it("runWorkflow with wait returns the completed job with its messages", async () => {
    const job = await runWorkflow(server, workflowId, {
      questions: { Region: "East" },
      priority: "Low",
      wait: { pollIntervalMs: 50, timeoutMs: 20_000 },
    });
    expect(job.id).toMatch(OBJECT_ID);
    expect(job.status).toBe("Completed");
    expect(job.messages.length).toBeGreaterThan(0);
  });

  it("runWorkflow with wait returns a failing run as ended too", async () => {
    const job = await runWorkflow(server, workflowId, {
      questions: [{ name: "Region", value: "fail" }],
      wait: { pollIntervalMs: 50, timeoutMs: 20_000 },
    });
    expect(job.status).toBe("Error");
  });

  it("paginate walks /v3/jobs and a workflow's jobs as one large read returns them", async () => {
    const big = unwrap(await server.GET("/v3/jobs", { params: { query: { limit: 1000 } } }));
    const walkedQueue: string[] = [];
    for await (const job of paginate(server, "/v3/jobs", { pageSize: 2 })) {
      walkedQueue.push(job.jobId ?? "");
    }
    expect(walkedQueue).toEqual((big.data ?? []).map((j) => j.jobId));
    const runs = unwrap(
      await server.GET("/v3/workflows/{workflowId}/jobs", {
        params: { path: { workflowId }, query: { limit: 1000 } },
      }),
    );
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const walked: string[] = [];
    for await (const run of paginate(server, "/v3/workflows/{workflowId}/jobs", {
      path: { workflowId },
      pageSize: 1,
    })) {
      walked.push(run.id ?? "");
    }
    expect(walked).toEqual(runs.map((r) => r.id));
  });
});
