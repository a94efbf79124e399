import { describe, expect, it } from "vitest";
import { runAndWait } from "./job-wait.js";
import type { ServerClient } from "./server-client.js";

const JOB = "6e0000000000000000000001";

/** A v3 client whose job never ends; records the GETs it answered. */
function stuckClient(gets: string[]): ServerClient {
  const answer = (data: unknown) => ({ data, response: new Response(null, { status: 200 }) });
  return {
    baseUrl: "http://127.0.0.1:9/webapi",
    POST: async () => answer({ id: JOB, status: "Queued" }),
    GET: async (path: string, init: { params: { query?: Record<string, unknown> } }) => {
      gets.push(`${path} ${JSON.stringify(init.params.query ?? {})}`);
      return answer({ id: JOB, status: "Running", messages: [{ text: "so far" }] });
    },
  } as unknown as ServerClient;
}

describe("runAndWait", () => {
  it("tells each status change, and returns the job with its messages when the wait runs out", async () => {
    const gets: string[] = [];
    const told: string[] = [];
    const { job, timedOut } = await runAndWait(
      stuckClient(gets),
      "57acaca4065e3f26a82b2615",
      {},
      { timeoutMs: 700, onStatus: (j) => told.push(String(j.status)) },
    );
    expect(timedOut).toBe(true);
    expect(told).toEqual(["Queued", "Running"]);
    expect(job.messages).toEqual([{ text: "so far" }]);
    // The client's polls leave the messages out; the one read after the timeout asks for them.
    expect(gets.at(-1)).toBe('/v3/jobs/{jobId} {"includeMessages":true}');
    expect(gets.slice(0, -1).every((g) => g.endsWith('{"includeMessages":false}'))).toBe(true);
  }, 30_000);
});
