/**
 * Starts the mock the Server API v3 contract tests share (its own, so that their writes never
 * touch the Admin v1 contract tests' data), hands its address and credentials to the test
 * files (`inject("mockV3")`), and empties the call log coverage.test.ts reads.
 */
import { rmSync } from "node:fs";
import { startMockGallery } from "@alteryx-admin/mock-gallery";
import type { TestProject } from "vitest/node";
import { CALLS_FILE } from "./calls.js";

declare module "vitest" {
  export interface ProvidedContext {
    mockV3: {
      webapiUrl: string;
      /** The token endpoint (client credentials). */
      tokenUrl: string;
      consumerKey: string;
      consumerSecret: string;
      jobDurationMs: number;
    };
  }
}

/** How long a job takes on the shared mock (Queued -> Running -> Completed). */
const JOB_DURATION_MS = 300;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  rmSync(CALLS_FILE, { force: true });
  const mock = await startMockGallery({ seed: 1, jobDurationMs: JOB_DURATION_MS });
  project.provide("mockV3", {
    webapiUrl: mock.webapiUrl,
    tokenUrl: mock.tokenUrl,
    ...mock.credentials,
    jobDurationMs: JOB_DURATION_MS,
  });
  return () => mock.close();
}
