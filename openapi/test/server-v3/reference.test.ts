// Coverage of the reference server-v3.yaml was written from (reference/server-api-v3.md, a copy
// of shared/reference): the table of all 97 operations (method, path, tag, required parameters,
// success answers), the upload forms and the 112 models with their fields, required markers and
// types. A fact added to the reference, or dropped from the spec, fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  deref,
  type Json,
  type JsonObject,
  obj,
  operationAt,
  operations,
  schemas,
  spec,
  type V3Operation,
} from "./document.js";

const reference = readFileSync(
  new URL("../../reference/server-api-v3.md", import.meta.url),
  "utf8",
);
const infoDescription = String(obj(spec.info, "info").description);

/**
 * The three operations whose export declares a single model although their own summaries say
 * they return lists; the spec describes arrays of that model and says so in the description.
 */
const SINGLE_MODEL_DESCRIBED_AS_ARRAY = new Set([
  "GET /v3/jobs/{jobId}/messages",
  "GET /v3/dcm/admin/connections",
  "GET /v3/dcm/admin/connectionhandlingrules",
]);

interface Row {
  label: string;
  method: string;
  path: string;
  tag: string;
  required: Array<{ name: string; in: string }>;
  answers: Map<string, string>;
}

/** The rows of the reference's "Every operation" table. */
function tableRows(): Row[] {
  const rows: Row[] = [];
  const pattern = /^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \| (\w+) \| ([^|]*) \| (.*) \|$/;
  for (const line of reference.split("\n")) {
    const match = pattern.exec(line);
    if (match === null) continue;
    const [, method = "", path = "", tag = "", required = "", success = ""] = match;
    rows.push({
      label: `${method} ${path}`,
      method: method.toLowerCase(),
      path,
      tag,
      required:
        required.trim() === "-"
          ? []
          : required.split(",").map((pair) => {
              const [name = "", where = ""] = pair.trim().split(":");
              return { name, in: where };
            }),
      answers: successAnswers(success),
    });
  }
  return rows;
}

/** "200 CollectionView" or "200,201 200: X; 201: Y" as status -> answer. */
function successAnswers(text: string): Map<string, string> {
  const [codes = "", ...rest] = text.split(" ");
  const answer = rest.join(" ");
  if (!codes.includes(",")) return new Map([[codes, answer]]);
  return new Map(
    answer.split("; ").map((part) => {
      const [code = "", model = ""] = part.split(": ");
      return [code, model];
    }),
  );
}

/** A reference model name as a component name: `PagedResponse[X]` is `PagedResponse_X`. */
function componentName(model: string): string {
  return model.replace("[", "_").replace("]", "");
}

/** The schema a $ref names, or the schema itself; `anyOf: [X, {type: null}]` is read as X. */
function unwrap(schema: JsonObject): JsonObject {
  const { node } = deref(schema, "schema");
  const branches = Array.isArray(node.anyOf) ? node.anyOf.map((b) => obj(b, "anyOf")) : [];
  const nonNull = branches.filter((b) => b.type !== "null");
  if (branches.length === 2 && nonNull.length === 1) return unwrap(nonNull[0] as JsonObject);
  return node;
}

/** The named schemas a schema refers to: itself, its items, its anyOf branches. */
function namesIn(schema: JsonObject): string[] {
  const names: string[] = [];
  if (typeof schema.$ref === "string") names.push(schema.$ref.replace("#/components/schemas/", ""));
  if (schema.items !== undefined) names.push(...namesIn(obj(schema.items, "items")));
  if (Array.isArray(schema.anyOf))
    for (const b of schema.anyOf) names.push(...namesIn(obj(b, "b")));
  return names;
}

function typesOf(schema: JsonObject): string[] {
  return [schema.type ?? []].flat().map(String);
}

/** Whether a success response matches a reference answer ("(no schema)", "array of X", ...). */
function answerProblem(op: V3Operation, status: string, answer: string): string | undefined {
  const responses = obj(op.operation.responses, `${op.label} responses`);
  const response = deref(responses[status], `${op.label} ${status}`).node;
  const content = response.content === undefined ? undefined : obj(response.content, "content");
  if (answer === "(no schema)") {
    if (content === undefined) return undefined;
    const binary = obj(content["application/octet-stream"] ?? {}, "octet-stream").schema;
    const ok = Object.keys(content).length === 1 && obj(binary ?? {}, "s").format === "binary";
    return ok ? undefined : "an answer without a schema must be empty or binary";
  }
  const json = content?.["application/json"];
  if (json === undefined) return "has no application/json answer";
  const schema = obj(obj(json, "json").schema, "schema");
  const arrayOf = /^array of (\S+)$/.exec(answer)?.[1];
  if (answer === "string" || answer === "object") {
    return typesOf(schema).includes(answer) ? undefined : `is not a JSON ${answer}`;
  }
  if (arrayOf !== undefined) {
    if (!typesOf(schema).includes("array")) return "is not an array";
    const items = obj(schema.items, "items");
    if (arrayOf === "string") return typesOf(items).includes("string") ? undefined : "not strings";
    return namesIn(items).includes(componentName(arrayOf)) ? undefined : `items lack ${arrayOf}`;
  }
  if (SINGLE_MODEL_DESCRIBED_AS_ARRAY.has(op.label)) {
    const described = String(op.operation.description).includes("declares a single");
    const items = namesIn(obj(schema.items ?? {}, "items"));
    return described && items.includes(componentName(answer)) ? undefined : "array exception";
  }
  return schema.$ref === `#/components/schemas/${componentName(answer)}`
    ? undefined
    : `is not ${answer}`;
}

describe("the operation table of server-api-v3.md", () => {
  const rows = tableRows();

  it("lists the 97 operations, exactly the spec's methods and paths", () => {
    expect(rows).toHaveLength(97);
    expect(
      operations()
        .map((op) => op.label)
        .sort(),
    ).toEqual(rows.map((r) => r.label).sort());
  });

  it.each(rows.map((row) => [row.label, row] as const))(
    "%s: tag, required parameters and success answers",
    (_, row) => {
      const op = operationAt(row.method, row.path);
      expect(op.operation.tags).toEqual([row.tag]);

      const wanted = (where: string) =>
        row.required
          .filter((r) => r.in === where)
          .map((r) => r.name)
          .sort();
      for (const where of ["path", "query"]) {
        const actual = op.parameters
          .filter((p) => p.in === where && p.required === true)
          .map((p) => String(p.name))
          .sort();
        expect(actual, `${where} parameters`).toEqual(wanted(where));
      }
      const body =
        op.operation.requestBody === undefined
          ? undefined
          : deref(op.operation.requestBody, "requestBody").node;
      const hasBody = wanted("body").length > 0 || wanted("formData").length > 0;
      expect(body?.required === true, "a required body").toBe(hasBody);
      if (wanted("formData").length > 0) {
        const form = obj(obj(body?.content, "content")["multipart/form-data"], "multipart");
        const required = deref(form.schema, "form").node.required as string[];
        expect([...required].sort()).toEqual(wanted("formData"));
      }

      const statuses = Object.keys(obj(op.operation.responses, "responses")).filter((s) =>
        s.startsWith("2"),
      );
      expect(statuses.sort()).toEqual([...row.answers.keys()].sort());
      for (const [status, answer] of row.answers) {
        expect(answerProblem(op, status, answer), `${status} ${answer}`).toBeUndefined();
      }
    },
  );
});

interface FormField {
  name: string;
  required: boolean;
  type: string;
}

/** The "Upload forms" block: operation label -> its form fields (path parameters left out). */
function uploadForms(): Map<string, FormField[]> {
  const block = reference.split("## Upload forms")[1]?.split("```")[1] ?? "";
  const forms = new Map<string, FormField[]>();
  let current: FormField[] = [];
  for (const line of block.split("\n")) {
    const op = /^ {2}(POST|PUT) (\S+) /.exec(line);
    if (op !== null) {
      current = [];
      forms.set(`${op[1]} ${op[2]}`, current);
      continue;
    }
    const field = /^ {4}(\w+)(\*?): (\[path\] )?(\w+)$/.exec(line);
    if (field === null || field[3] !== undefined) continue;
    current.push({ name: field[1] ?? "", required: field[2] === "*", type: field[4] ?? "" });
  }
  return forms;
}

describe("the upload forms of server-api-v3.md", () => {
  const forms = uploadForms();

  it("are the three multipart operations of the spec", () => {
    const multipart = operations()
      .filter((op) => {
        const body = op.operation.requestBody;
        if (body === undefined) return false;
        return obj(deref(body, "b").node.content, "c")["multipart/form-data"] !== undefined;
      })
      .map((op) => op.label);
    expect([...forms.keys()].sort()).toEqual(multipart.sort());
  });

  it.each([...forms].map(([label, fields]) => [label, fields] as const))(
    "%s: every field, required as listed, with its type",
    (label, fields) => {
      const [method = "", path = ""] = label.split(" ");
      const body = deref(operationAt(method.toLowerCase(), path).operation.requestBody, "b").node;
      const form = obj(obj(body.content, "content")["multipart/form-data"], "multipart");
      const schema = deref(form.schema, "form").node;
      const properties = obj(schema.properties, "properties");
      expect(Object.keys(properties).sort()).toEqual(fields.map((f) => f.name).sort());
      expect(schema.required).toEqual(fields.filter((f) => f.required).map((f) => f.name));
      for (const field of fields) {
        const property = unwrap(obj(properties[field.name], field.name));
        const expected = field.type === "file" ? "string" : field.type;
        expect(typesOf(property), field.name).toEqual([expected]);
        if (field.type === "file") expect(property.format, field.name).toBe("binary");
      }
    },
  );
});

interface ModelField {
  name: string;
  required: boolean;
  type: string;
}

/** The "Models" section: model name -> its fields. */
function referenceModels(): Map<string, ModelField[]> {
  const section = reference.split(/^## Models/m)[1] ?? "";
  const models = new Map<string, ModelField[]>();
  let current: ModelField[] = [];
  for (const line of section.split("\n")) {
    const heading = /^### (\S+)$/.exec(line);
    if (heading !== null) {
      current = [];
      models.set(heading[1] ?? "", current);
      continue;
    }
    const field = /^- (\w+)(\*?): (.+)$/.exec(line);
    if (field !== null) {
      current.push({ name: field[1] ?? "", required: field[2] === "*", type: field[3] ?? "" });
    }
  }
  return models;
}

/** Why a spec property does not have a reference type ("string(date-time)", "map<...>", ...). */
function typeProblem(referenceType: string, property: JsonObject): string | undefined {
  const schema = unwrap(property);
  const types = typesOf(schema);
  const scalar = /^(string|integer|boolean)(?:\((.+)\))?$/.exec(referenceType);
  if (scalar !== null) {
    if (!types.includes(scalar[1] ?? "")) return `type ${types.join("|")}`;
    return scalar[2] === undefined || schema.format === scalar[2] ? undefined : "format";
  }
  const enumeration = /^string enum \[(.+)\]$/.exec(referenceType);
  if (enumeration !== null) {
    const values = (enumeration[1] ?? "").split(", ");
    return types.includes("string") && JSON.stringify(schema.enum) === JSON.stringify(values)
      ? undefined
      : `enum ${JSON.stringify(schema.enum)}`;
  }
  const array = /^array of (.+)$/.exec(referenceType);
  if (array !== null) {
    if (!types.includes("array")) return `type ${types.join("|")}`;
    return typeProblem(array[1] ?? "", obj(schema.items, "items"));
  }
  const map = /^map<string, (.+)>$/.exec(referenceType);
  if (map !== null) {
    if (!types.includes("object")) return `type ${types.join("|")}`;
    const values = schema.additionalProperties as Json | undefined;
    if (map[1] === "object") return values === true ? undefined : "map values must be any JSON";
    return typeProblem(map[1] ?? "", obj(values, "additionalProperties"));
  }
  // A model: the property (or its non-null branch) refers to the component of that name.
  const wanted = `#/components/schemas/${componentName(referenceType)}`;
  const refs = [property, ...(Array.isArray(property.anyOf) ? property.anyOf : [])].map(
    (p) => obj(p, "p").$ref,
  );
  return refs.includes(wanted) ? undefined : `not a ${referenceType}`;
}

describe("the models of server-api-v3.md", () => {
  const models = referenceModels();

  it("are 112", () => {
    expect(models.size).toBe(112);
  });

  it("are each a schema of the spec, or named in info.description as left out", () => {
    const missing = [...models.keys()].filter(
      (name) =>
        schemas[componentName(name)] === undefined && !infoDescription.includes(`\`${name}\``),
    );
    expect(missing).toEqual([]);
  });

  const present = [...models].filter(([name]) => schemas[componentName(name)] !== undefined);

  it.each(present.map(([name, fields]) => [name, fields] as const))(
    "%s has exactly the reference's fields, required ones required, with their types",
    (name, fields) => {
      const schema = obj(schemas[componentName(name)], name);
      const properties = obj(schema.properties, `${name}.properties`);
      expect(Object.keys(properties).sort()).toEqual(fields.map((f) => f.name).sort());
      expect([...((schema.required as string[] | undefined) ?? [])].sort()).toEqual(
        fields
          .filter((f) => f.required)
          .map((f) => f.name)
          .sort(),
      );
      for (const field of fields) {
        const property = obj(properties[field.name], `${name}.${field.name}`);
        expect(typeProblem(field.type, property), `${name}.${field.name}: ${field.type}`).toBe(
          undefined,
        );
      }
    },
  );
});
