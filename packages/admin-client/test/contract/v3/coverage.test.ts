/**
 * Every operation of openapi/server-v3.yaml was called by a contract test and answered with a
 * 2xx by the mock, through Prism (a violation would have been a 422 or 500). The calls are the
 * ones the client factory logged while the other files of this project ran (the sequencer runs
 * this file last); run alone, it fails and says so.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readCalls } from "./calls.js";

const SPEC = new URL("../../../../../openapi/server-v3.yaml", import.meta.url);
const METHODS = ["get", "put", "post", "delete", "patch"] as const;

interface Operation {
  method: string;
  path: string;
  operationId: string;
  pattern: RegExp;
  literals: number;
}

function operations(): Operation[] {
  const spec = parse(readFileSync(SPEC, "utf8")) as {
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({
      method: m.toUpperCase(),
      path,
      operationId: item[m]?.operationId ?? `${m} ${path}`,
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
      literals: path.split("/").filter((s) => s !== "" && !s.startsWith("{")).length,
    })),
  );
}

/** The operation a call was: the matching template with the most literal segments. */
function operationOf(ops: Operation[], method: string, path: string): Operation | undefined {
  return ops
    .filter((op) => op.method === method && op.pattern.test(path))
    .sort((a, b) => b.literals - a.literals)[0];
}

describe("contract coverage of Server API v3", () => {
  const ops = operations();

  it("reads the 97 operations of the spec", () => {
    expect(ops).toHaveLength(97);
  });

  it("every operation was called and answered 2xx by the mock", () => {
    const calls = readCalls();
    expect(
      calls.length,
      "no v3 calls were logged: run the whole contract-v3 project (coverage.test.ts runs last)",
    ).toBeGreaterThan(0);
    const succeeded = new Set<string>();
    for (const call of calls) {
      const op = operationOf(ops, call.method, call.path);
      if (op && call.status >= 200 && call.status < 300) succeeded.add(op.operationId);
    }
    const missing = ops
      .filter((op) => !succeeded.has(op.operationId))
      .map((op) => `${op.operationId} (${op.method} ${op.path})`);
    expect(
      missing,
      `operations no contract test called successfully:\n${missing.join("\n")}`,
    ).toEqual([]);
  });

  it("no call met a Prism violation (422 request, 500 response)", () => {
    const violations = readCalls().filter((c) => c.status === 422 || c.status === 500);
    expect(violations).toEqual([]);
  });
});
