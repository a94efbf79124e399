/**
 * Jobs: a run moves Queued -> Running -> Completed and is polled until it has; a question
 * value "fail" ends it in Error; a running job can be cancelled, an ended one not (400); the
 * queue pages with its envelope; a workflow's jobs page with offset/limit.
 */
import { type MockGallery, startMockGallery } from "@alteryx-admin/mock-gallery";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
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

const v3 = v3Client();
const MISSING = "5b1a3c2e8f0d4a6b9c7e5f10";

async function newWorkflow(name: string): Promise<string> {
  const users = ok(await v3.GET("/v3/users", { params: { query: { role: "Curator" } } }));
  const form = uploadForm(
    {
      name,
      ownerId: users[0]?.id ?? "",
      isPublic: "false",
      isReadyForMigration: "false",
      othersMayDownload: "true",
      othersCanExecute: "true",
      executionMode: "Standard",
      workflowCredentialType: "Default",
    },
    fakePackage(20),
  );
  return ok(await v3.POST("/v3/workflows", multipart(form)));
}

async function run(workflowId: string, value = "East") {
  const job = ok(
    await v3.POST("/v3/workflows/{workflowId}/jobs", {
      params: { path: { workflowId } },
      body: { questions: [{ name: "Region", value }], priority: "Low" },
    }),
  );
  if (!job.id) throw new Error("the queued job has no id");
  return { ...job, id: job.id };
}

async function pollUntilEnded(jobId: string) {
  const deadline = Date.now() + 20 * inject("mockV3").jobDurationMs + 10_000;
  const seen = new Set<string>();
  for (;;) {
    const job = ok(
      await v3.GET("/v3/jobs/{jobId}", {
        params: { path: { jobId }, query: { includeMessages: true } },
      }),
    );
    seen.add(job.status ?? "");
    if (job.status === "Completed" || job.status === "Error")
      return { job: { ...job, id: jobId }, seen };
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not end: ${[...seen].join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

describe("cancelling a job", () => {
  // Its own mock (Prism included), whose jobs run for ten minutes: a cancel then never races
  // the end of the job, whatever the machine's load.
  let mock: MockGallery | undefined;
  let slow: V3Client;
  beforeAll(async () => {
    mock = await startMockGallery({ seed: 1, jobDurationMs: 600_000 });
    slow = v3Client({
      mock: { webapiUrl: mock.webapiUrl, tokenUrl: mock.tokenUrl, ...mock.credentials },
    });
  });
  afterAll(() => mock?.close());

  it("DELETE /v3/jobs/{jobId} cancels a job that has not ended and refuses an ended one (400)", async () => {
    const workflows = ok(await slow.GET("/v3/workflows", { params: { query: { view: "Full" } } }));
    const runnable = (w: (typeof workflows)[number]) =>
      "versions" in w && w.versions?.every((v) => !v.runDisabled);
    const workflow = workflows.find(runnable);
    const disabled = workflows.find((w) => !runnable(w));
    const job = ok(
      await slow.POST("/v3/workflows/{workflowId}/jobs", {
        params: { path: { workflowId: workflow?.id ?? "" } },
        body: {},
      }),
    );
    const jobId = job.id ?? "";
    expect(job.status).toBe("Queued");
    okEmpty(await slow.DELETE("/v3/jobs/{jobId}", { params: { path: { jobId } } }));
    const cancelled = ok(await slow.GET("/v3/jobs/{jobId}", { params: { path: { jobId } } }));
    expect(cancelled.disposition).toBe("Cancelled");
    const again = await slow.DELETE("/v3/jobs/{jobId}", { params: { path: { jobId } } });
    expect(again.response.status).toBe(400);
    // A workflow whose runs are disabled is refused (403, as documented).
    const refused = await slow.POST("/v3/workflows/{workflowId}/jobs", {
      params: { path: { workflowId: disabled?.id ?? "" } },
      body: {},
    });
    expect(refused.response.status).toBe(403);
  });
});

describe("jobs", () => {
  it("a run job completes: poll GET /v3/jobs/{jobId} until Completed, with messages and an output", async () => {
    const workflowId = await newWorkflow("Runs");
    const queued = await run(workflowId);
    expect(queued).toMatchObject({ appId: workflowId, status: "Queued", priority: "Low" });
    expect(queued.id).toMatch(OBJECT_ID);
    const { job } = await pollUntilEnded(queued.id);
    expect(job).toMatchObject({ status: "Completed", disposition: "Success" });
    expect(job.outputs?.[0]?.fileName).toBe("Output.csv");
    const messages = ok(
      await v3.GET("/v3/jobs/{jobId}/messages", { params: { path: { jobId: job.id } } }),
    );
    expect(messages.length).toBeGreaterThanOrEqual(2);
    expect(messages).toEqual(job.messages);
    const withoutMessages = ok(
      await v3.GET("/v3/jobs/{jobId}", { params: { path: { jobId: job.id } } }),
    );
    expect(withoutMessages.messages).toEqual([]);
  });

  it('a question value "fail" ends the job in Error with an error message', async () => {
    const workflowId = await newWorkflow("Fails");
    const { job } = await pollUntilEnded((await run(workflowId, "fail")).id);
    expect(job).toMatchObject({ status: "Error", disposition: "Error" });
    expect(job.messages?.some((m) => m.status === 3)).toBe(true);
  });

  it("GET /v3/workflows/{workflowId}/jobs pages the workflow's jobs with offset and limit", async () => {
    const workflowId = await newWorkflow("Paged runs");
    for (let i = 0; i < 3; i++) await pollUntilEnded((await run(workflowId)).id);
    const page = (offset: number) =>
      v3.GET("/v3/workflows/{workflowId}/jobs", {
        params: { path: { workflowId }, query: { offset, limit: 2, direction: "asc" } },
      });
    const first = ok(await page(0));
    const second = ok(await page(2));
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(1);
    expect(new Set([...first, ...second].map((j) => j.id)).size).toBe(3);
    const completed = ok(
      await v3.GET("/v3/workflows/{workflowId}/jobs", {
        params: { path: { workflowId }, query: { status: "Complete", resultCode: "Success" } },
      }),
    );
    expect(completed).toHaveLength(3);
  });

  it("GET /v3/jobs pages the queue in its envelope and filters it", async () => {
    const all = ok(
      await v3.GET("/v3/jobs", { params: { query: { allUsers: true, offset: 0, limit: 5 } } }),
    );
    expect(all.data).toHaveLength(5);
    expect(all.pagination).toMatchObject({
      currentPage: 1,
      pageSize: 5,
      hasNextPage: true,
      hasPreviousPage: false,
    });
    const next = ok(
      await v3.GET("/v3/jobs", { params: { query: { allUsers: true, offset: 5, limit: 5 } } }),
    );
    expect(next.pagination?.currentPage).toBe(2);
    expect(next.data?.[0]?.jobId).not.toBe(all.data?.[0]?.jobId);
    const named = ok(
      await v3.GET("/v3/jobs", {
        params: { query: { allUsers: true, workflowNames: ["Paged runs"], limit: 50 } },
      }),
    );
    expect(named.data?.length).toBe(3);
    expect(named.data?.every((j) => j.workflowName === "Paged runs")).toBe(true);
    const mine = ok(
      await v3.GET("/v3/jobs", { params: { query: { statuses: ["Complete"], limit: 100 } } }),
    );
    expect(mine.data?.length).toBeGreaterThan(0);
  });

  it("the documented refusals: unknown jobs and workflows (404)", async () => {
    const path = { params: { path: { jobId: MISSING } } };
    expect((await v3.GET("/v3/jobs/{jobId}", path)).response.status).toBe(404);
    expect((await v3.GET("/v3/jobs/{jobId}/messages", path)).response.status).toBe(404);
    expect((await v3.DELETE("/v3/jobs/{jobId}", path)).response.status).toBe(404);
    const run404 = await v3.POST("/v3/workflows/{workflowId}/jobs", {
      params: { path: { workflowId: MISSING } },
      body: {},
    });
    expect(run404.response.status).toBe(404);
    const list404 = await v3.GET("/v3/workflows/{workflowId}/jobs", {
      params: { path: { workflowId: MISSING } },
    });
    expect(list404.response.status).toBe(404);
  });
});
