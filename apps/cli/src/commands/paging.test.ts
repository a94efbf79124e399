import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PAGE_SIZE_MINIMUM } from "./shared.js";

interface Parameter {
  $ref?: string;
  name?: string;
  in?: string;
  schema?: { minimum?: number; maximum?: number };
}
type Spec = {
  paths: Record<string, { get?: { parameters?: Parameter[] } }>;
  components: { parameters: Record<string, Parameter> };
};

const spec = parse(
  readFileSync(new URL("../../../../openapi/admin-v1.yaml", import.meta.url), "utf8"),
) as Spec;

/** The size parameter (pageSize or limit) of each GET, with its refs resolved. */
function sizeParameters(): Array<{ path: string; parameter: Parameter }> {
  const out: Array<{ path: string; parameter: Parameter }> = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const raw of item.get?.parameters ?? []) {
      const parameter = raw.$ref
        ? spec.components.parameters[raw.$ref.split("/").pop() as string]
        : raw;
      if (
        parameter?.in === "query" &&
        (parameter.name === "pageSize" || parameter.name === "limit")
      )
        out.push({ path, parameter });
    }
  }
  return out;
}

describe("page size limits", () => {
  it("are the spec's: the minimum of every route's page size, and no maximum anywhere", () => {
    const sizes = sizeParameters();
    expect(sizes.length).toBeGreaterThan(5);
    const minimums = Object.fromEntries(
      sizes
        .filter(({ parameter }) => (parameter.schema?.minimum ?? 0) > 0)
        .map(({ path, parameter }) => [path, parameter.schema?.minimum]),
    );
    expect(minimums).toEqual(PAGE_SIZE_MINIMUM);
    expect(sizes.filter(({ parameter }) => parameter.schema?.maximum !== undefined)).toEqual([]);
  });
});
