/**
 * Starts one mock Gallery for the contract tests and hands its address and credentials to the
 * test files (`inject("mockGallery")`); closes it when the run ends.
 */
import { startMockGallery } from "@alteryx-admin/mock-gallery";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    mockGallery: { url: string; webapiUrl: string; consumerKey: string; consumerSecret: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mock = await startMockGallery({ seed: 1 });
  project.provide("mockGallery", { url: mock.url, webapiUrl: mock.webapiUrl, ...mock.credentials });
  return () => mock.close();
}
