import { describe, expect, it } from "vitest";
import { createGallery } from "../create-gallery.js";
import { createDataset } from "../dataset/create-dataset.js";
import { seedV3 } from "./seed-v3.js";

/** A Gallery on a clock the test moves. */
function galleryAt(jobDurationMs: number) {
  const clock = { now: Date.UTC(2024, 0, 1) };
  const gallery = createGallery(createDataset(1), { now: () => clock.now, jobDurationMs });
  return { gallery, clock };
}

async function call(
  gallery: ReturnType<typeof createGallery>,
  method: string,
  path: string,
  body?: unknown,
) {
  const result = await gallery.handleV3({
    method,
    path: path.split("?")[0] ?? path,
    query: new URLSearchParams(path.split("?")[1] ?? ""),
    contentType: body === undefined ? undefined : "application/json",
    body: body === undefined ? new Uint8Array() : new TextEncoder().encode(JSON.stringify(body)),
  });
  if (!("json" in result)) throw new Error(`no JSON answer: ${result.status}`);
  return result as { status: number; json: Record<string, unknown> & unknown[] };
}

async function runnableWorkflow(gallery: ReturnType<typeof createGallery>): Promise<string> {
  const workflow = gallery.data.workflows.find((w) => !w.isDeleted && !w.runDisabled);
  if (!workflow) throw new Error("no runnable seeded workflow");
  return workflow.id;
}

describe("jobs run on the clock", () => {
  it("Queued for the first third of jobDurationMs, then Running, then Completed with an output", async () => {
    const { gallery, clock } = galleryAt(900);
    const id = await runnableWorkflow(gallery);
    const queued = await call(gallery, "POST", `/v3/workflows/${id}/jobs`, {});
    expect(queued.json).toMatchObject({ status: "Queued", disposition: "None" });
    const jobPath = `/v3/jobs/${queued.json.id}?includeMessages=true`;
    clock.now += 299;
    expect((await call(gallery, "GET", jobPath)).json.status).toBe("Queued");
    clock.now += 1;
    expect((await call(gallery, "GET", jobPath)).json.status).toBe("Running");
    clock.now += 600;
    // Admin v1 is asked first once the time is up: its route, GET /workflows/jobs/, settles the
    // job itself (its jobs are the dataset's records) and answers it ended.
    const v1 = await gallery.handle({
      method: "GET",
      path: "/workflows/jobs/",
      query: new URLSearchParams({ appIds: id }),
      contentType: undefined,
      body: new Uint8Array(),
    });
    if (!("json" in v1)) throw new Error(`no JSON answer from Admin v1: ${v1.status}`);
    expect(v1.status).toBe(200);
    const v1Jobs = v1.json as Array<{ id: string; outputs: Array<{ id: string }> }>;
    const v1Job = v1Jobs.find((j) => j.id === queued.json.id);
    expect(v1Job).toMatchObject({ status: "Completed", disposition: "Success" });
    expect(v1Job?.outputs).toHaveLength(1);
    const done = (await call(gallery, "GET", jobPath)).json;
    expect(done).toMatchObject({ status: "Completed", disposition: "Success" });
    expect(done.outputs).toEqual([expect.objectContaining({ id: v1Job?.outputs[0]?.id })]);
  });

  it('ends in Error when a question value is "fail", and at once with jobDurationMs 0', async () => {
    const { gallery } = galleryAt(0);
    const id = await runnableWorkflow(gallery);
    const failed = await call(gallery, "POST", `/v3/workflows/${id}/jobs`, {
      questions: [{ name: "Outcome", value: "FAIL" }],
    });
    expect(failed.json).toMatchObject({ status: "Error", disposition: "Error" });
    const ok = await call(gallery, "POST", `/v3/workflows/${id}/jobs`, {});
    expect(ok.json).toMatchObject({ status: "Completed", disposition: "Success" });
  });

  it("cancelling: a pending job is cancelled, an ended one is refused with 400", async () => {
    const { gallery, clock } = galleryAt(1000);
    const id = await runnableWorkflow(gallery);
    const job = await call(gallery, "POST", `/v3/workflows/${id}/jobs`, {});
    const cancel = await gallery.handleV3({
      method: "DELETE",
      path: `/v3/jobs/${job.json.id}`,
      query: new URLSearchParams(),
      contentType: undefined,
      body: new Uint8Array(),
    });
    expect(cancel.status).toBe(200);
    clock.now += 5000;
    const after = await call(gallery, "GET", `/v3/jobs/${job.json.id}`);
    expect(after.json).toMatchObject({ status: "Completed", disposition: "Cancelled" });
    const again = await call(gallery, "DELETE", `/v3/jobs/${job.json.id}`);
    expect(again.status).toBe(400);
  });
});

describe("the v3-only seed", () => {
  it("is deterministic per seed and leaves the known curator out of every group", () => {
    const a = seedV3(createDataset(1));
    const b = seedV3(createDataset(1));
    const { newGuid: _a, pendingJobs: _pa, ...left } = a;
    const { newGuid: _b, pendingJobs: _pb, ...right } = b;
    expect(JSON.stringify(left)).toBe(JSON.stringify(right));
    const curator = createDataset(1).users[0]?.id;
    for (const group of a.userGroups) {
      expect(group.members.map((m) => m.userId)).not.toContain(curator);
    }
    expect(seedV3(createDataset(2)).dcmConnections[0]?.id).not.toBe(a.dcmConnections[0]?.id);
  });
});
