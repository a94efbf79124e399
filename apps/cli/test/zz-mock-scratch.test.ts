import { writeFileSync } from "node:fs";
import { startMockGallery } from "@alteryx-admin/mock-gallery";
import { it } from "vitest";
import { galleryEnv, run, tempDir } from "./helpers.js";

it("runs", async () => {
  const mock = await startMockGallery({ jobDurationMs: 300 });
  const env = galleryEnv(
    `${mock.webapiUrl}/admin/v1`,
    mock.credentials.consumerKey,
    mock.credentials.consumerSecret,
  );
  const cwd = tempDir();
  const r = await run(["report"], { env: { ...env, COLUMNS: "100" }, cwd });
  const j = await run(["report", "--format", "json"], { env, cwd });
  writeFileSync(
    "/tmp/cliops-report.txt",
    `${r.code}\n${r.stderr}\n${r.stdout}\n----\n${j.code} ${j.stderr}\n${JSON.stringify(JSON.parse(j.stdout || "{}").current, null, 1)}`,
  );
  await mock.close();
}, 300_000);
