// The `x-paging` convention (see the README): every GET that answers a list says how it pages.
// This checker takes any parsed spec, so each spec of the repository runs the same rules.
import type { Json, JsonObject } from "./spec.js";

/** The paging styles of `x-paging.style`. */
export const PAGING_STYLES = ["page", "offset", "none"] as const;
const KEYS = new Set(["style", "pageParam", "sizeParam", "items"]);
const DEFAULT_PARAMS = {
  page: { pageParam: "page", sizeParam: "pageSize" },
  offset: { pageParam: "offset", sizeParam: "limit" },
} as const;

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follows local `$ref`s ("#/components/...") until a node that is not a reference. */
function resolve(spec: JsonObject, value: Json | undefined): Json | undefined {
  let node = value;
  for (let hops = 0; isObject(node) && typeof node.$ref === "string" && hops < 20; hops++) {
    const ref: string = node.$ref;
    if (!ref.startsWith("#/")) return undefined;
    node = spec;
    for (const raw of ref.slice(2).split("/")) {
      const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
      node = isObject(node) ? node[segment] : undefined;
    }
  }
  return node;
}

/** The JSON schema of an operation's 200 answer, references resolved, or undefined. */
function okSchema(spec: JsonObject, operation: JsonObject): JsonObject | undefined {
  const responses = resolve(spec, operation.responses);
  const ok = isObject(responses) ? resolve(spec, responses["200"]) : undefined;
  const content = isObject(ok) ? ok.content : undefined;
  if (!isObject(content)) return undefined;
  const json = Object.entries(content).find(([type]) => /[/+]json\b/i.test(type))?.[1];
  const schema = isObject(json) ? resolve(spec, json.schema) : undefined;
  return isObject(schema) ? schema : undefined;
}

function isArraySchema(schema: JsonObject | undefined): boolean {
  const type = schema?.type;
  return type === "array" || (Array.isArray(type) && type.includes("array"));
}

/** The property of an envelope schema that holds an array, if the schema is one. */
function envelopeArrays(spec: JsonObject, schema: JsonObject | undefined): string[] {
  const properties = schema?.properties;
  if (!isObject(properties)) return [];
  return Object.entries(properties)
    .filter(([, value]) => {
      const resolved = resolve(spec, value);
      return isObject(resolved) && isArraySchema(resolved);
    })
    .map(([name]) => name);
}

/** The query parameter names of an operation (its own and its path item's). */
function queryParameters(spec: JsonObject, pathItem: JsonObject, operation: JsonObject): string[] {
  const lists = [pathItem.parameters, operation.parameters];
  const names: string[] = [];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const parameter = resolve(spec, item);
      if (isObject(parameter) && parameter.in === "query" && typeof parameter.name === "string") {
        names.push(parameter.name);
      }
    }
  }
  return names;
}

/** Problems with one operation's `x-paging` (empty when it is valid). */
function checkOne(
  spec: JsonObject,
  where: string,
  pathItem: JsonObject,
  operation: JsonObject,
): string[] {
  const paging = operation["x-paging"];
  const schema = okSchema(spec, operation);
  const envelope = envelopeArrays(spec, schema);
  const answersList = isArraySchema(schema) || envelope.length > 0;
  if (paging === undefined) {
    return answersList ? [`${where} answers a list but has no x-paging`] : [];
  }
  if (!isObject(paging)) return [`${where}: x-paging must be an object`];
  const problems: string[] = [];
  for (const key of Object.keys(paging)) {
    if (!KEYS.has(key)) problems.push(`${where}: x-paging has an unknown key "${key}"`);
  }
  const style = paging.style;
  if (!PAGING_STYLES.includes(style as (typeof PAGING_STYLES)[number])) {
    problems.push(`${where}: x-paging.style must be one of ${PAGING_STYLES.join(", ")}`);
    return problems;
  }
  const query = queryParameters(spec, pathItem, operation);
  if (style === "none") {
    if (paging.pageParam !== undefined || paging.sizeParam !== undefined) {
      problems.push(`${where}: x-paging style none takes no pageParam or sizeParam`);
    }
  } else {
    const defaults = DEFAULT_PARAMS[style as "page" | "offset"];
    for (const key of ["pageParam", "sizeParam"] as const) {
      const name = paging[key] ?? defaults[key];
      if (typeof name !== "string" || !query.includes(name)) {
        problems.push(`${where}: x-paging ${key} "${String(name)}" is not a query parameter`);
      }
    }
  }
  if (paging.items === undefined) {
    if (!isArraySchema(schema)) {
      problems.push(`${where}: the 200 answer is not an array, so x-paging needs "items"`);
    }
  } else if (typeof paging.items !== "string" || !envelope.includes(paging.items)) {
    problems.push(`${where}: x-paging.items "${String(paging.items)}" is not an array property`);
  }
  return problems;
}

/**
 * Every problem with `x-paging` in a spec: a list GET without it, an invalid one, one whose
 * parameters or `items` property do not exist, or one on another method.
 */
export function xPagingProblems(spec: JsonObject): string[] {
  const problems: string[] = [];
  const paths = isObject(spec.paths) ? spec.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const pathItem = resolve(spec, rawItem);
    if (!isObject(pathItem)) continue;
    for (const [method, rawOperation] of Object.entries(pathItem)) {
      if (!isObject(rawOperation) || method === "parameters") continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (method !== "get") {
        if (rawOperation["x-paging"] !== undefined)
          problems.push(`${where}: x-paging on a ${method}`);
        continue;
      }
      problems.push(...checkOne(spec, where, pathItem, rawOperation));
    }
  }
  return problems;
}
