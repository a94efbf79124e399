// Coverage of the reference the spec was written from (reference/admin-api-v1.md and
// reference/models.md, copies of shared/reference): every Admin v1 operation, parameter, enum
// value and model field listed there is in the spec, or the spec's description explains its
// absence by name. A fact added to the reference, or dropped from the spec, fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { deref, type Json, type JsonObject, obj, operations, spec } from "./spec.js";

const apiReference = readFileSync(new URL("../reference/admin-api-v1.md", import.meta.url), "utf8");
const modelsReference = readFileSync(new URL("../reference/models.md", import.meta.url), "utf8");
const infoDescription = String(obj(spec.info, "info").description);
const schemas = obj(obj(spec.components, "components").schemas, "components.schemas");

/** The rows of the reference's endpoint table. */
function endpointRows(): Array<{
  method: string;
  path: string;
  parameters: string;
  returns: string;
}> {
  const rows = [];
  for (const line of apiReference.split("\n")) {
    const match = /^\| (GET|PUT|POST) `([^`]+)` \| (.*) \| (.*) \|$/.exec(line);
    if (match === null) continue;
    const [, method = "", path = "", parameters = "", returns = ""] = match;
    rows.push({ method: method.toLowerCase(), path, parameters, returns });
  }
  return rows;
}

/** Names in backticks (`page`), the way the reference writes parameters. */
function backticked(text: string): string[] {
  return [...text.matchAll(/`(\w+)`/g)].map((m) => m[1] ?? "");
}

function operationAt(method: string, path: string): JsonObject {
  const found = operations().find((op) => op.method === method && op.path === path);
  if (found === undefined) throw new Error(`${method.toUpperCase()} ${path} is not in the spec`);
  return found.operation;
}

/** Parameter schemas of an operation by name, plus the multipart form's fields. */
function inputsOf(method: string, path: string): Map<string, JsonObject> {
  const operation = operationAt(method, path);
  const inputs = new Map<string, JsonObject>();
  for (const [index, value] of (Array.isArray(operation.parameters)
    ? operation.parameters
    : []
  ).entries()) {
    const { node } = deref(value, `${method} ${path} parameters[${index}]`);
    inputs.set(String(node.name), obj(node.schema, `schema of ${String(node.name)}`));
  }
  if (operation.requestBody !== undefined) {
    const body = deref(operation.requestBody, `${method} ${path} requestBody`).node;
    const form = obj(obj(body.content, "content")["multipart/form-data"], "multipart/form-data");
    const schema = deref(form.schema, `${method} ${path} form schema`).node;
    for (const [name, field] of Object.entries(obj(schema.properties, "form properties"))) {
      inputs.set(name, obj(field, name));
    }
  }
  return inputs;
}

/** The name of the model a JSON 200 response returns as an array, if any. */
function returnedArrayItem(method: string, path: string): string | undefined {
  const responses = obj(operationAt(method, path).responses, "responses");
  const ok = deref(responses["200"], `${method} ${path} 200`).node;
  const json = obj(ok.content ?? {}, "content")["application/json"];
  if (json === undefined) return undefined;
  const schema = deref(obj(json, "application/json").schema, "schema").node;
  const items = obj(schema.items ?? {}, "items").$ref;
  return typeof items === "string" ? items.replace("#/components/schemas/", "") : undefined;
}

/** The enum values of a schema, also inside `type: array` items or a oneOf. */
function enumOf(schema: JsonObject): Json[] {
  if (Array.isArray(schema.enum)) return schema.enum;
  if (schema.items !== undefined) return enumOf(deref(schema.items, "items").node);
  return [];
}

describe("the endpoint table of admin-api-v1.md", () => {
  const rows = endpointRows();

  it("lists the fifteen operations, all of which are in the spec", () => {
    expect(rows).toHaveLength(15);
    for (const row of rows) expect(() => operationAt(row.method, row.path)).not.toThrow();
  });

  it.each(rows.map((row) => [`${row.method.toUpperCase()} ${row.path}`, row] as const))(
    "%s: every parameter and form field, and the returned model",
    (_, row) => {
      const inputs = inputsOf(row.method, row.path);
      const names = backticked(row.parameters);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        expect(inputs.has(name), `${name} of ${row.method.toUpperCase()} ${row.path}`).toBe(true);
      }
      const model = /array of (\w+)/.exec(row.returns)?.[1];
      if (model !== undefined) expect(returnedArrayItem(row.method, row.path)).toBe(model);
    },
  );

  it("has its enums in the spec: sortField, direction and the audit log's entity", () => {
    const byPath = new Map(rows.map((row) => [`${row.method} ${row.path}`, row]));
    const workflows = byPath.get("get /workflows/")?.parameters ?? "";
    const sortFields = /`sortField` \(one of ([^)]+)\)/.exec(workflows)?.[1]?.split(", ") ?? [];
    expect(sortFields.length).toBe(10);
    expect(enumOf(inputsOf("get", "/workflows/").get("sortField") ?? {})).toEqual(
      expect.arrayContaining(sortFields),
    );
    const directions = /`direction` \((\w+)\/(\w+)\)/.exec(workflows)?.slice(1) ?? [];
    expect(directions).toEqual(["asc", "desc"]);
    expect(enumOf(inputsOf("get", "/workflows/").get("direction") ?? {})).toEqual(
      expect.arrayContaining(directions),
    );
    const auditlog = byPath.get("get /auditlog/")?.parameters ?? "";
    const entities = /`entity` \(([^)]+)\)/.exec(auditlog)?.[1]?.split(", ") ?? [];
    expect(entities).toHaveLength(6);
    expect(enumOf(inputsOf("get", "/auditlog/").get("entity") ?? {})).toEqual(
      expect.arrayContaining(entities),
    );
  });
});

/** The Admin v1 / Subscription v1 models of models.md: name and fields with their types. */
function referenceModels(): Array<{ name: string; fields: Array<[string, string]> }> {
  const section = modelsReference.split("## Admin v1 and Subscription v1 models")[1] ?? "";
  const models = [];
  for (const line of (section.split("## Admin v2")[0] ?? "").split("\n")) {
    const match = /^- (\w+): (.*)$/.exec(line);
    if (match === null || line.includes("(enum values)")) continue;
    const fields = [...(match[2] ?? "").matchAll(/(\w+)\?: ([^,]+)/g)].map(
      (m) => [(m[1] ?? "").replace(/^_public$/, "public"), (m[2] ?? "").trim()] as [string, string],
    );
    models.push({ name: match[1] ?? "", fields });
  }
  return models;
}

/** The JSON types a spec schema allows (refs resolved; `null` dropped). */
function typesOf(schema: JsonObject): string[] {
  const resolved = deref(schema, "field").node;
  if (resolved.$ref === undefined && resolved.properties !== undefined) return ["object"];
  const type = resolved.type;
  const types = Array.isArray(type)
    ? type.map(String)
    : type === undefined
      ? ["object"]
      : [String(type)];
  return types.filter((t) => t !== "null");
}

/** The JSON type a models.md type maps to on the wire. */
function wireType(referenceType: string, modelName: string, field: string): string[] {
  if (referenceType.startsWith("Array<")) return ["array"];
  if (referenceType === "string" || referenceType === "Date") return ["string"];
  if (referenceType === "boolean") return ["boolean"];
  if (referenceType === "number") return ["integer", "number"];
  // Enums: priorities and packageType are integers on the wire (models.md's notes).
  if (/PriorityEnum|PackageTypeEnum/.test(referenceType)) return ["integer"];
  if (/CategoryEnum/.test(referenceType)) return ["string"];
  if (referenceType.startsWith("{")) return ["object"];
  if (/^[A-Z]\w+$/.test(referenceType)) return ["object"];
  throw new Error(`unknown type ${referenceType} of ${modelName}.${field}`);
}

describe("the models of models.md", () => {
  const models = referenceModels();

  it("lists the Admin v1 and Subscription v1 models", () => {
    expect(models.length).toBeGreaterThan(40);
  });

  it("are each a schema of the spec, or named in info.description as left out", () => {
    const missing = models
      .map((m) => m.name)
      .filter((name) => schemas[name] === undefined && !infoDescription.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it.each(models.filter((m) => schemas[m.name] !== undefined).map((m) => [m.name, m] as const))(
    "%s has every field, with its wire type",
    (name, model) => {
      const schema = obj(schemas[name], name);
      const properties = obj(schema.properties, `${name}.properties`);
      for (const [field, type] of model.fields) {
        // A field left out on purpose is named in the schema's description.
        if (properties[field] === undefined) {
          expect(String(schema.description), `${name}.${field} is missing`).toContain(
            `\`${field}\``,
          );
          continue;
        }
        const allowed = wireType(type, name, field);
        const actual = typesOf(obj(properties[field], `${name}.${field}`));
        expect(actual.length, `${name}.${field} has no wire type`).toBeGreaterThan(0);
        expect(
          actual.every((t) => allowed.includes(t)),
          `${name}.${field}: the spec says ${actual.join("|")}, models.md ${type}`,
        ).toBe(true);
      }
    },
  );
});
