// Copies the contract (openapi/admin-v1.yaml) next to the package so that the published tarball
// carries the exact spec the mock validates against (`spec/` is in `files`, and gitignored).
import { copyFileSync, mkdirSync } from "node:fs";

const from = new URL("../../../openapi/admin-v1.yaml", import.meta.url);
const to = new URL("../spec/admin-v1.yaml", import.meta.url);
mkdirSync(new URL("../spec/", import.meta.url), { recursive: true });
copyFileSync(from, to);
console.log("copied openapi/admin-v1.yaml -> spec/admin-v1.yaml");
