// Every example in the spec (response bodies, request bodies, parameters, headers) validates
// against its schema, because Prism's static mode answers with them and the mock's responses
// are validated against the same schemas. The examples also tell one consistent story: the ids
// they mention exist in the lists that own them.
import { describe, expect, it } from "vitest";
import {
  createAjv,
  deref,
  type Json,
  type JsonObject,
  obj,
  operations,
  pointerSegment,
  resolvePointer,
  spec,
  validatorAt,
} from "./spec.js";

interface ExampleCase {
  name: string;
  schemaPointer: string;
  value: Json;
}

const ajv = createAjv();

/** Examples of a media type, parameter or header: `example` and every `examples.*.value`. */
function examplesOf(node: JsonObject, where: string): Array<{ name: string; value: Json }> {
  const found: Array<{ name: string; value: Json }> = [];
  if (node.example !== undefined) found.push({ name: `${where} example`, value: node.example });
  if (node.examples !== undefined) {
    for (const [key, example] of Object.entries(obj(node.examples, `${where} examples`))) {
      const { node: resolved } = deref(example, `${where} examples.${key}`);
      found.push({ name: `${where} examples.${key}`, value: resolved.value ?? null });
    }
  }
  return found;
}

/** Every media type of every request body and response, with its schema's pointer. */
function mediaTypes(): Array<{
  where: string;
  media: JsonObject;
  schemaPointer: string;
  isResponse: boolean;
}> {
  const result: Array<{
    where: string;
    media: JsonObject;
    schemaPointer: string;
    isResponse: boolean;
  }> = [];
  for (const { method, path, operation, pointer } of operations()) {
    const label = `${method.toUpperCase()} ${path}`;
    const targets: Array<[string, Json | undefined, string, boolean]> = [
      ["request", operation.requestBody, `${pointer}/requestBody`, false],
    ];
    for (const [status, response] of Object.entries(obj(operation.responses, label))) {
      targets.push([status, response, `${pointer}/responses/${status}`, true]);
    }
    for (const [name, value, at, isResponse] of targets) {
      if (value === undefined) continue;
      const { node, pointer: base } = deref(value, at);
      for (const [type, media] of Object.entries(obj(node.content ?? {}, `${label} ${name}`))) {
        result.push({
          where: `${label} ${name} ${type}`,
          media: obj(media, type),
          schemaPointer: `${base}/content/${pointerSegment(type)}/schema`,
          isResponse,
        });
      }
    }
  }
  return result;
}

/** Every example in the document, paired with the schema it must satisfy. */
function allExamples(): ExampleCase[] {
  const cases: ExampleCase[] = [];
  for (const { where, media, schemaPointer } of mediaTypes()) {
    for (const { name, value } of examplesOf(media, where)) {
      cases.push({ name, schemaPointer, value });
    }
  }
  // Parameters: shared ones in components, inline ones in operations.
  for (const [key, parameter] of Object.entries(
    obj(obj(spec.components, "components").parameters, "parameters"),
  )) {
    for (const { name, value } of examplesOf(obj(parameter, key), `parameter ${key}`)) {
      cases.push({ name, schemaPointer: `#/components/parameters/${key}/schema`, value });
    }
  }
  for (const { path, method, operation, pointer } of operations()) {
    const list = Array.isArray(operation.parameters) ? operation.parameters : [];
    list.forEach((parameter, index) => {
      const node = obj(parameter, `${method} ${path} parameter ${index}`);
      if (typeof node.$ref === "string") return; // checked with the components above
      for (const { name, value } of examplesOf(node, `${method} ${path} ${String(node.name)}`)) {
        cases.push({ name, schemaPointer: `${pointer}/parameters/${index}/schema`, value });
      }
    });
    for (const [status, response] of Object.entries(obj(operation.responses, pointer))) {
      const headers = obj(response, status).headers;
      if (headers === undefined) continue;
      for (const [header, definition] of Object.entries(obj(headers, "headers"))) {
        for (const { name, value } of examplesOf(obj(definition, header), `${path} ${header}`)) {
          cases.push({
            name,
            schemaPointer: `${pointer}/responses/${status}/headers/${pointerSegment(header)}/schema`,
            value,
          });
        }
      }
    }
  }
  return cases;
}

const cases = allExamples();

describe("examples", () => {
  it("exist for every JSON request and response body", () => {
    const missing = mediaTypes()
      .filter(({ where }) => where.includes("json") || where.includes("multipart"))
      .filter(({ media, where }) => examplesOf(media, where).length === 0)
      .map(({ where }) => where);
    expect(missing).toEqual([]);
  });

  it("exist for the 200 response of every operation that returns JSON", () => {
    const withExamples = new Set(
      mediaTypes()
        .filter(
          ({ where, media }) =>
            / 200 application\/json$/.test(where) && examplesOf(media, where).length > 0,
        )
        .map(({ where }) => where.replace(/ 200 application\/json$/, "")),
    );
    // PUT answers an empty body and the package download is binary: 13 JSON operations remain.
    expect(withExamples.size).toBe(13);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s validates against its schema", (_, c) => {
    const validate = validatorAt(ajv, c.schemaPointer);
    // The multipart example shows the binary part as its file name; Ajv's "binary" format
    // accepts any string, as Prism does.
    const valid = validate(c.value);
    expect(validate.errors ?? [], c.name).toEqual([]);
    expect(valid).toBe(true);
  });

  it("use 7-digit fractional seconds in every response date-time", () => {
    const bad: string[] = [];
    for (const { where, media, isResponse } of mediaTypes()) {
      if (!isResponse) continue;
      for (const { value } of examplesOf(media, where)) {
        JSON.stringify(value, (_key, v: unknown) => {
          if (typeof v === "string" && /^\d{4}-\d\d-\d\dT/.test(v) && !/\.\d{7}Z$/.test(v)) {
            bad.push(`${where}: ${v}`);
          }
          return v;
        });
      }
    }
    expect(bad).toEqual([]);
  });
});

/** The value of the first example of the 200 response of GET <path>. */
function listExample(path: string): JsonObject[] {
  const media = obj(
    obj(
      obj(resolvePointer(`#/paths/${pointerSegment(path)}/get/responses`)["200"], path).content,
      path,
    )["application/json"],
    path,
  );
  const [first] = examplesOf(media, path);
  if (!first || !Array.isArray(first.value)) throw new Error(`${path} has no list example`);
  return first.value.map((item, i) => obj(item, `${path}[${i}]`));
}

/** Every value of a property, anywhere in the examples of every operation. */
function valuesOf(property: string): string[] {
  const found = new Set<string>();
  for (const { media, where } of mediaTypes()) {
    for (const { value } of examplesOf(media, where)) {
      JSON.stringify(value, (key: string, v: unknown) => {
        if (key === property && typeof v === "string") found.add(v);
        return v;
      });
    }
  }
  return [...found];
}

describe("examples tell one story", () => {
  const userIds = new Set(listExample("/users/").map((user) => user.id));
  const subscriptionIds = new Set(listExample("/subscriptions/").map((s) => s.id));
  const workflowIds = new Set(listExample("/workflows/").map((w) => w.id));

  it("every user reference is a user of GET /users/", () => {
    let references = 0;
    for (const property of ["userId", "ownerId", "addedById", "lastModifiedId"]) {
      for (const id of valuesOf(property)) {
        expect(userIds, `${property} ${id}`).toContain(id);
        references++;
      }
    }
    expect(references).toBeGreaterThan(0);
  });

  it("every subscriptionId is a subscription of GET /subscriptions/", () => {
    const ids = valuesOf("subscriptionId");
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(subscriptionIds, id).toContain(id);
  });

  it("every appId is a workflow of GET /workflows/", () => {
    const ids = valuesOf("appId");
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(workflowIds, id).toContain(id);
  });

  it("users belong to listed subscriptions and owners' emails match the users", () => {
    const users = listExample("/users/");
    expect(users.length).toBeGreaterThan(0);
    for (const user of users)
      expect(subscriptionIds, String(user.email)).toContain(user.subscriptionId);
    const emails = new Set(users.map((user) => user.email));
    const publishExample = obj(
      obj(
        obj(
          obj(resolvePointer("#/paths/~1workflows~1/post/requestBody").content, "content")[
            "multipart/form-data"
          ],
          "multipart",
        ).examples,
        "examples",
      ).migrateSalesReport,
      "example",
    );
    expect(emails).toContain(obj(publishExample.value, "value").owner);
    expect(workflowIds).toContain(obj(publishExample.value, "value").sourceId);
  });

  it("migratable and all-workflows examples agree with the workflows list", () => {
    const workflows = new Map(listExample("/workflows/").map((w) => [w.id, w]));
    expect(listExample("/workflows/migratable/").length).toBeGreaterThan(0);
    expect(listExample("/workflows/all/").length).toBeGreaterThan(0);
    for (const item of listExample("/workflows/migratable/")) {
      const workflow = workflows.get(item.id);
      expect(workflow, String(item.id)).toBeDefined();
      expect(item.publishedVersionId).toBe(workflow?.publishedVersionId);
      expect(item.subscriptionId).toBe(workflow?.subscriptionId);
    }
    for (const item of listExample("/workflows/all/")) {
      expect(workflows.has(item.id)).toBe(true);
    }
  });
});

describe("schemas are as lenient as real servers", () => {
  const validate = (schema: string, value: Json) => {
    const check = validatorAt(ajv, `#/components/schemas/${schema}`);
    return check(value);
  };

  it("accept the job a real server returned (appId null, 7 fractional digits)", () => {
    expect(
      validate("JobApiView", {
        id: "5bc73fb3a1b2c3d4e5f60718",
        appId: null,
        createDate: "2018-10-17T13:58:43.9759132Z",
        status: "Queued",
        disposition: "None",
        outputs: [],
        messages: [],
        priority: 0,
        workerTag: null,
      }),
    ).toBe(true);
  });

  it("accept the workflow a real server returned (3 fractional digits) plus unknown fields", () => {
    expect(
      validate("WorkflowAdminApiView", {
        fileName: "Tableau WDC Demo.yxwz",
        id: "57acaca4065e3f26a82b2615",
        isChained: false,
        metaInfo: { author: "", name: "Tableau WDC Demo", url: "", urlText: "" },
        packageType: 0,
        public: false,
        runCount: 0,
        runDisabled: false,
        subscriptionId: "503bac188031af11f8f8e478",
        uploadDate: "2016-08-11T16:49:40.732Z",
        version: 1,
        isE2: false,
        someFieldFromANewerServer: { nested: true },
      }),
    ).toBe(true);
  });

  it("accept the 401 body a real server returned", () => {
    expect(
      validate("GalleryError", {
        data: null,
        exceptionName: "UnauthorizedException",
        innerExceptionMessage: "",
        message: "The provided signature(oauth_signature) is invalid.",
      }),
    ).toBe(true);
  });

  it("still reject wire types that are wrong", () => {
    const workflow = { id: "57acaca4065e3f26a82b2615" };
    expect(validate("WorkflowAdminApiView", { ...workflow, packageType: "1" })).toBe(false);
    expect(validate("WorkflowAdminApiView", { ...workflow, packageType: 3 })).toBe(false);
    expect(validate("WorkflowAdminApiView", { id: "not-an-object-id" })).toBe(false);
    expect(validate("JobApiView", { id: "5bc73fb3a1b2c3d4e5f60718", priority: "High" })).toBe(
      false,
    );
    expect(validate("AuditEvent", { id: "5f5c4d3e2f1a0b9c8d7e6f50", timestamp: "yesterday" })).toBe(
      false,
    );
    expect(validate("GalleryError", { data: null })).toBe(false);
  });
});
