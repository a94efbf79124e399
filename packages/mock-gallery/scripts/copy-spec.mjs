// Copies the contracts (openapi/admin-v1.yaml, openapi/server-v3.yaml) next to the package so
// that the published tarball carries the exact specs the mock validates against (`spec/` is in
// `files`, and gitignored).
import { copyFileSync, mkdirSync } from "node:fs";

mkdirSync(new URL("../spec/", import.meta.url), { recursive: true });
for (const name of ["admin-v1.yaml", "server-v3.yaml"]) {
  copyFileSync(
    new URL(`../../../openapi/${name}`, import.meta.url),
    new URL(`../spec/${name}`, import.meta.url),
  );
  console.log(`copied openapi/${name} -> spec/${name}`);
}
