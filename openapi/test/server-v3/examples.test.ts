// Every example in server-v3.yaml (request and response bodies, parameters, headers, shared
// examples) validates against its schema, because the mock answers with them and validates its
// own answers against the same schemas. The examples tell one story: the users, workflows and
// other items they mention exist in the lists that own them.
import { describe, expect, it } from "vitest";
import {
  createAjv,
  deref,
  type Json,
  type JsonObject,
  obj,
  operationAt,
  operations,
  pointerSegment,
  spec,
  validatorAt,
} from "./document.js";

const ajv = createAjv();

/** Examples of a media type, parameter or header: `example` and every `examples.*.value`. */
function examplesOf(node: JsonObject, where: string): Array<{ name: string; value: Json }> {
  const found: Array<{ name: string; value: Json }> = [];
  if (node.example !== undefined) found.push({ name: `${where} example`, value: node.example });
  for (const [key, example] of Object.entries(obj(node.examples ?? {}, `${where} examples`))) {
    const { node: resolved } = deref(example, `${where} examples.${key}`);
    found.push({ name: `${where} examples.${key}`, value: resolved.value ?? null });
  }
  return found;
}

interface Media {
  where: string;
  status: string;
  type: string;
  media: JsonObject;
  schemaPointer: string;
}

/** Every media type of every request body and response, with its schema's pointer. */
function mediaTypes(): Media[] {
  const result: Media[] = [];
  for (const { label, operation, pointer } of operations()) {
    const targets: Array<[string, Json | undefined, string]> = [
      ["request", operation.requestBody, `${pointer}/requestBody`],
      ...Object.entries(obj(operation.responses, label)).map(
        ([status, response]) =>
          [status, response, `${pointer}/responses/${status}`] as [string, Json, string],
      ),
    ];
    for (const [status, value, at] of targets) {
      if (value === undefined) continue;
      const { node, pointer: base } = deref(value, at);
      for (const [type, media] of Object.entries(obj(node.content ?? {}, `${label} ${status}`))) {
        result.push({
          where: `${label} ${status} ${type}`,
          status,
          type,
          media: obj(media, type),
          schemaPointer: `${base}/content/${pointerSegment(type)}/schema`,
        });
      }
    }
  }
  return result;
}

/** Inline (non-$ref) parameters of the paths and operations, with their pointers. */
function inlineParameters(): Array<{ where: string; pointer: string; parameter: JsonObject }> {
  const found = [];
  for (const [path, item] of Object.entries(obj(spec.paths, "paths"))) {
    const pathPointer = `#/paths/${pointerSegment(path)}`;
    const owners: Array<[string, Json | undefined]> = [[pathPointer, obj(item, path).parameters]];
    for (const [method, operation] of Object.entries(obj(item, path))) {
      if (method !== "parameters")
        owners.push([`${pathPointer}/${method}`, obj(operation, method).parameters]);
    }
    for (const [owner, list] of owners) {
      for (const [index, value] of (Array.isArray(list) ? list : []).entries()) {
        const parameter = obj(value, `${owner} parameter ${index}`);
        if (parameter.$ref !== undefined) continue; // checked with the components
        const where = `${owner} parameter ${String(parameter.name)}`;
        found.push({ where, pointer: `${owner}/parameters/${index}`, parameter });
      }
    }
  }
  const components = obj(obj(spec.components, "components").parameters, "parameters");
  for (const [key, value] of Object.entries(components)) {
    const pointer = `#/components/parameters/${key}`;
    found.push({ where: `parameter ${key}`, pointer, parameter: obj(value, key) });
  }
  return found;
}

/** Every example of the document, paired with the schema it must satisfy. */
function allExamples(): Array<{ name: string; schemaPointer: string; value: Json }> {
  const cases = [];
  for (const { where, media, schemaPointer } of mediaTypes()) {
    for (const { name, value } of examplesOf(media, where))
      cases.push({ name, schemaPointer, value });
  }
  for (const { where, pointer, parameter } of inlineParameters()) {
    for (const { name, value } of examplesOf(parameter, where)) {
      cases.push({ name, schemaPointer: `${pointer}/schema`, value });
    }
  }
  for (const { label, operation, pointer } of operations()) {
    for (const [status, response] of Object.entries(obj(operation.responses, label))) {
      const { node, pointer: base } = deref(response, `${pointer}/responses/${status}`);
      for (const [header, definition] of Object.entries(obj(node.headers ?? {}, "headers"))) {
        for (const { name, value } of examplesOf(obj(definition, header), `${label} ${header}`)) {
          const schemaPointer = `${base}/headers/${pointerSegment(header)}/schema`;
          cases.push({ name, schemaPointer, value });
        }
      }
    }
  }
  return cases;
}

const cases = allExamples();

describe("examples", () => {
  it("exist for every JSON and multipart body, request or response", () => {
    const missing = mediaTypes()
      .filter(({ type }) => type === "application/json" || type === "multipart/form-data")
      .filter(({ media, where }) => examplesOf(media, where).length === 0)
      .map(({ where }) => where);
    expect(missing).toEqual([]);
  });

  it("number more than 200", () => {
    expect(cases.length).toBeGreaterThan(200);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s validates against its schema", (_, c) => {
    const validate = validatorAt(ajv, c.schemaPointer);
    // Multipart examples show the binary part as its file name; Ajv's "binary" format accepts
    // any string, as Prism does.
    const valid = validate(c.value);
    expect(validate.errors ?? [], c.name).toEqual([]);
    expect(valid).toBe(true);
  });
});

/** Every string value of a property, anywhere in the body examples. */
function valuesOf(property: string): Set<string> {
  const found = new Set<string>();
  for (const { media, where } of mediaTypes()) {
    for (const { value } of examplesOf(media, where)) {
      JSON.stringify(value, (key: string, v: unknown) => {
        if (key === property && typeof v === "string") found.add(v);
        return v;
      });
    }
  }
  return found;
}

/** The ids of the first example of an operation's answer (a list, or one item). */
function idsAnswered(method: string, path: string, status = "200"): Set<string> {
  const { operation, label } = operationAt(method, path);
  const response = deref(obj(operation.responses, label)[status], label).node;
  const media = obj(obj(response.content, "content")["application/json"], "json");
  const ids = new Set<string>();
  for (const { value } of examplesOf(media, label)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === "string") ids.add(item);
      else ids.add(String(obj(item, label).id));
    }
  }
  return ids;
}

describe("examples tell one story", () => {
  const users = new Set([
    ...idsAnswered("get", "/v3/users"),
    ...idsAnswered("post", "/v3/users", "201"),
  ]);
  const workflows = new Set([
    ...idsAnswered("get", "/v3/workflows"),
    ...idsAnswered("post", "/v3/workflows"),
  ]);
  const groups = idsAnswered("get", "/v3/usergroups");

  it("lists three users, three workflows and two user groups", () => {
    expect(users.size).toBe(3);
    expect(workflows.size).toBe(3);
    expect(groups.size).toBe(2);
  });

  it.each(["userId", "ownerId", "addedByUserId", "lastModifiedId"])(
    "every %s is a listed user",
    (property) => {
      const ids = valuesOf(property);
      expect(ids.size).toBeGreaterThan(0);
      for (const id of ids) expect(users, `${property} ${id}`).toContain(id);
    },
  );

  it.each(["workflowId", "appId"])("every %s is a listed workflow", (property) => {
    const ids = valuesOf(property);
    expect(ids.size).toBeGreaterThan(0);
    for (const id of ids) expect(workflows, `${property} ${id}`).toContain(id);
  });

  it("every userGroupId is a listed user group", () => {
    const ids = valuesOf("userGroupId");
    expect(ids.size).toBeGreaterThan(0);
    for (const id of ids) expect(groups, id).toContain(id);
  });
});

describe("schemas accept what servers send and reject wrong wire types", () => {
  const validate = (schema: string, value: Json) =>
    validatorAt(ajv, `#/components/schemas/${schema}`)(value);

  it("accept a schedule whose workflow was deleted (workflowId null) plus unknown fields", () => {
    const schedule = {
      id: "5e3a2b1c0d9e8f7a6b5c4d3e",
      name: "Orphaned",
      workflowId: null,
      versionId: null,
      ownerId: "5b1a3c2e8f0d4a6b9c7e5f11",
      runDateTime: "2024-05-03T06:00:00Z",
      enabled: false,
      priority: "Default",
      creationTime: "2018-02-01T07:55:12Z",
      iteration: { startTime: "2018-02-02T07:00:00Z", endTime: null },
      canEdit: true,
      timeZone: "America/New_York",
      someFieldFromANewerServer: { nested: true },
    };
    expect(validate("ScheduleView", schedule)).toBe(true);
  });

  it("accept both error shapes", () => {
    expect(
      validate("ErrorResponse", { message: "Authorization has been denied for this request." }),
    ).toBe(true);
    expect(validate("ErrorResponse", "The user owns workflows.")).toBe(true);
  });

  it("still reject wire types that are wrong", () => {
    expect(
      validate("ReducedUserGroupView", {
        id: "6a1b2c3d4e5f60718293a4b5",
        name: "A",
        role: "Wizard",
      }),
    ).toBe(false);
    expect(
      validate("ReducedUserView", {
        id: "x",
        firstName: "A",
        lastName: "B",
        email: "e",
        isActive: "yes",
        role: "Viewer",
        dateCreated: "2024-01-01T00:00:00Z",
      }),
    ).toBe(false);
    expect(
      validate("ReducedUserView", {
        id: "x",
        firstName: "A",
        lastName: "B",
        email: "e",
        isActive: true,
        role: "Viewer",
        dateCreated: "yesterday",
      }),
    ).toBe(false);
    expect(
      validate("UserGroupView", {
        id: null,
        name: "A",
        dateAdded: "2024-01-01T00:00:00Z",
        role: "Viewer",
      }),
    ).toBe(false);
    expect(validate("JobView", { id: "6c3d4e5f60718293a4b5c6d7", priority: 2 })).toBe(false);
    expect(validate("ErrorResponse", 42)).toBe(false);
  });
});
