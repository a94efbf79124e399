// Generates src/generated/admin-v1.ts from the hand-written spec in openapi/admin-v1.yaml.
// Same output as the openapi-typescript CLI, except that `format: binary` schemas become `Blob`
// (the CLI types them as `string`): the publish form's `file` and the package download body.
// Run by `pnpm generate`; scripts/check-generated.mjs compares against the same function.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import ts from "typescript";

/** The spec this package's types come from. */
export const specUrl = new URL("../../../openapi/admin-v1.yaml", import.meta.url);
/** The committed output. */
export const outputUrl = new URL("../src/generated/admin-v1.ts", import.meta.url);

const BLOB = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier("Blob"));

/**
 * Renders a spec to TypeScript source, exactly as it is committed.
 * @param {URL | string} [source] the spec file's URL (default: openapi/admin-v1.yaml) or its YAML text
 * @returns {Promise<string>} the file contents
 */
export async function generate(source = specUrl) {
  const ast = await openapiTS(source, {
    silent: true,
    transform(schemaObject) {
      if (schemaObject.format === "binary") return BLOB;
      return undefined;
    },
  });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(outputUrl, await generate(), "utf8");
  console.log(`generated ${fileURLToPath(outputUrl)} from ${fileURLToPath(specUrl)}`);
}
