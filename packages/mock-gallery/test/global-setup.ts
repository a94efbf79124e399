import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Copies openapi/admin-v1.yaml to spec/ (what `build` does) so tests validate the current spec. */
export default function setup(): void {
  execFileSync(process.execPath, [
    fileURLToPath(new URL("../scripts/copy-spec.mjs", import.meta.url)),
  ]);
}
