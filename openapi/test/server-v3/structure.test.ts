// The shape of server-v3.yaml: the server and OAuth2 security, what every operation must carry
// (id, tag, texts, version note, 401, typed parameters, reusable error answers), x-paging on
// every list, the nullability rule for answers, and the upload and download media types.
import { describe, expect, it } from "vitest";
import {
  deref,
  type Json,
  type JsonObject,
  obj,
  operationAt,
  operations,
  resolvePointer,
  schemas,
  spec,
  type V3Operation,
} from "./document.js";

/** The reusable error answer each status must refer to. */
const ERROR_RESPONSES: Record<string, string> = {
  "400": "BadRequest",
  "401": "Unauthorized",
  "403": "Forbidden",
  "404": "NotFound",
  "409": "Conflict",
  "500": "InternalServerError",
};

function typesOf(schema: JsonObject): string[] {
  return [schema.type ?? []].flat().map(String);
}

/** The JSON schema of an operation's 200 answer, resolved; undefined when it has none. */
function okJsonSchema(op: V3Operation): JsonObject | undefined {
  const ok = obj(op.operation.responses, "responses")["200"];
  if (ok === undefined) return undefined;
  const json = obj(deref(ok, `${op.label} 200`).node.content ?? {}, "content")["application/json"];
  if (json === undefined) return undefined;
  return deref(obj(json, "json").schema, `${op.label} schema`).node;
}

/**
 * The property that holds the items when an answer is a list envelope: an object with an array
 * property and paging metadata beside it (`pagination`, totals, counts). Models that merely
 * contain arrays (a user's credential ids) are not envelopes.
 */
function envelopeItems(schema: JsonObject): string | undefined {
  const properties = Object.entries(obj(schema.properties ?? {}, "properties"));
  if (!properties.some(([name]) => /^(pagination|paging|total\w*|count)$/.test(name)))
    return undefined;
  for (const [name, value] of properties) {
    if (typesOf(deref(value, name).node).includes("array")) return name;
  }
  return undefined;
}

describe("document", () => {
  it("is OpenAPI 3.1 on https://{host}/webapi with a host variable", () => {
    expect(spec.openapi).toBe("3.1.0");
    const servers = spec.servers as JsonObject[];
    expect(servers).toHaveLength(1);
    expect(servers[0]?.url).toBe("https://{host}/webapi");
    const host = obj(obj(servers[0]?.variables, "variables").host, "host");
    expect(host.default).toEqual(expect.any(String));
  });

  it("describes authentication, versions and its decisions in info.description", () => {
    const description = String(obj(spec.info, "info").description);
    for (const heading of [
      "## Authentication",
      "## Server versions",
      "## Decisions where the export is vague",
      "## Left out, and why",
    ]) {
      expect(description).toContain(heading);
    }
    for (const fact of ["grant_type=client_credentials", "2021.4", "2025.2", "x-paging"]) {
      expect(description).toContain(fact);
    }
  });

  it("never forbids unknown properties (servers add fields)", () => {
    const offenders: string[] = [];
    const walk = (node: Json, where: string): void => {
      if (Array.isArray(node)) {
        for (const [i, child] of node.entries()) walk(child, `${where}/${i}`);
      } else if (node !== null && typeof node === "object") {
        if (node.additionalProperties === false || node.unevaluatedProperties === false) {
          offenders.push(where);
        }
        for (const [key, child] of Object.entries(node)) walk(child, `${where}/${key}`);
      }
    };
    walk(spec, "#");
    expect(offenders).toEqual([]);
  });
});

describe("security", () => {
  const schemes = obj(obj(spec.components, "components").securitySchemes, "securitySchemes");

  it("is OAuth2 client credentials with the server's token URL and no scopes", () => {
    expect(Object.keys(schemes)).toEqual(["OAuth2"]);
    expect(schemes.OAuth2).toMatchObject({
      type: "oauth2",
      flows: { clientCredentials: { tokenUrl: "/webapi/oauth2/token", scopes: {} } },
    });
  });

  it("applies to every operation, and no operation overrides it", () => {
    expect(spec.security).toEqual([{ OAuth2: [] }]);
    const overriding = operations().filter((op) => op.operation.security !== undefined);
    expect(overriding.map((op) => op.label)).toEqual([]);
  });
});

describe("operations", () => {
  const all = operations();
  const declaredTags = new Set(
    (spec.tags as JsonObject[]).map((tag) => {
      expect(tag.description, `tag ${String(tag.name)}`).toEqual(expect.any(String));
      return String(tag.name);
    }),
  );

  it("have unique operationIds", () => {
    const ids = all.map((op) => op.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("use every declared tag", () => {
    const used = new Set(all.flatMap((op) => op.operation.tags as string[]));
    expect([...declaredTags].filter((tag) => !used.has(tag))).toEqual([]);
  });

  describe.each(all.map((op) => [op.label, op] as const))("%s", (_, op) => {
    const { operation } = op;

    it("has a camelCase operationId, a declared tag, a summary, a description and a version note", () => {
      expect(operation.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      const tags = operation.tags as string[];
      expect(tags.length).toBeGreaterThan(0);
      for (const tag of tags) expect(declaredTags.has(tag), `tag ${tag}`).toBe(true);
      expect(String(operation.summary).length).toBeGreaterThan(5);
      expect(String(operation.description).length).toBeGreaterThan(40);
      expect(String(operation.description)).toMatch(
        /\*\*Since:\*\* (Server 20\d\d\.\d|about Server 20\d\d\.\d \(inferred\)|not dated by the reference)/,
      );
    });

    it("answers 401 and uses the reusable error answers", () => {
      const responses = obj(operation.responses, `${op.label} responses`);
      expect(responses["401"]).toBeDefined();
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        const name = ERROR_RESPONSES[status];
        expect(name, `status ${status}`).toBeDefined();
        expect(obj(response, status).$ref).toBe(`#/components/responses/${name}`);
      }
    });

    it("types every parameter; path parameters are required and in the path", () => {
      for (const parameter of op.parameters) {
        const name = String(parameter.name);
        const schema = deref(parameter.schema, `${op.label} ${name}`).node;
        expect(typesOf(schema).length, `${name} has a type`).toBeGreaterThan(0);
        expect(String(parameter.description).length, `${name} is described`).toBeGreaterThan(5);
        if (parameter.in === "path") {
          expect(parameter.required, name).toBe(true);
          expect(op.path).toContain(`{${name}}`);
        }
      }
      const templated = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = op.parameters.filter((p) => p.in === "path").map((p) => p.name);
      expect(declared.sort()).toEqual(templated.sort());
    });
  });
});

describe("error answers", () => {
  const responses = obj(obj(spec.components, "components").responses, "responses");

  it.each(Object.values(ERROR_RESPONSES))("%s is JSON described by ErrorResponse", (name) => {
    const content = obj(obj(responses[name], name).content, `${name} content`);
    expect(Object.keys(content)).toEqual(["application/json"]);
    expect(obj(content["application/json"], name).schema).toEqual({
      $ref: "#/components/schemas/ErrorResponse",
    });
  });

  it("ErrorResponse is either {message, modelState} or a plain string", () => {
    const error = obj(schemas.ErrorResponse, "ErrorResponse");
    expect(error.oneOf).toEqual([
      { $ref: "#/components/schemas/InvalidRequestResponseBody" },
      expect.objectContaining({ type: "string" }),
    ]);
    const body = obj(schemas.InvalidRequestResponseBody, "InvalidRequestResponseBody");
    expect(Object.keys(obj(body.properties, "properties")).sort()).toEqual([
      "message",
      "modelState",
    ]);
  });

  it("409 is answered only where the reference documents it (deleting a user)", () => {
    const conflicts = operations().filter(
      (op) => obj(op.operation.responses, "r")["409"] !== undefined,
    );
    expect(conflicts.map((op) => op.label)).toEqual(["DELETE /v3/users/{userId}"]);
  });
});

describe("x-paging", () => {
  const gets = operations().filter((op) => op.method === "get");

  /** Whether a GET answers a list: an array, or an object with an array property. */
  const answersList = (op: V3Operation): boolean => {
    const schema = okJsonSchema(op);
    if (schema === undefined) return false;
    return typesOf(schema).includes("array") || envelopeItems(schema) !== undefined;
  };

  it("is on every GET that answers a list, and on no other operation", () => {
    const withPaging = operations()
      .filter((op) => op.operation["x-paging"] !== undefined)
      .map((op) => op.label);
    expect(withPaging.sort()).toEqual(
      gets
        .filter(answersList)
        .map((op) => op.label)
        .sort(),
    );
    expect(withPaging.length).toBe(14);
  });

  it.each(gets.filter(answersList).map((op) => [op.label, op] as const))(
    "%s: a valid style whose parameters exist and whose items hold the array",
    (_, op) => {
      const paging = obj(op.operation["x-paging"], "x-paging");
      expect(["none", "page", "offset"]).toContain(paging.style);
      const names = new Set(op.parameters.filter((p) => p.in === "query").map((p) => p.name));
      const schema = okJsonSchema(op) as JsonObject;
      if (paging.style === "none") {
        expect(Object.keys(paging)).toEqual(["style"]);
        for (const name of ["page", "pageSize", "offset", "limit"])
          expect(names.has(name)).toBe(false);
        expect(typesOf(schema)).toContain("array");
        return;
      }
      const pageParam = paging.pageParam ?? (paging.style === "page" ? "page" : "offset");
      const sizeParam = paging.sizeParam ?? (paging.style === "page" ? "pageSize" : "limit");
      for (const name of [pageParam, sizeParam]) {
        expect(names.has(name), `parameter ${String(name)}`).toBe(true);
        const parameter = op.parameters.find((p) => p.name === name) as JsonObject;
        expect(typesOf(deref(parameter.schema, String(name)).node)).toEqual(["integer"]);
      }
      if (paging.items === undefined) {
        expect(typesOf(schema)).toContain("array");
      } else {
        expect(envelopeItems(schema)).toBe(paging.items);
      }
    },
  );

  it("pages only the two job lists, with their real parameter names", () => {
    expect(operationAt("get", "/v3/jobs").operation["x-paging"]).toEqual({
      style: "offset",
      pageParam: "offset",
      sizeParam: "limit",
      items: "data",
    });
    expect(operationAt("get", "/v3/workflows/{workflowId}/jobs").operation["x-paging"]).toEqual({
      style: "offset",
      pageParam: "offset",
      sizeParam: "limit",
    });
    const paged = gets.filter((op) => obj(op.operation["x-paging"] ?? {}, "p").style !== undefined);
    const notNone = paged.filter((op) => obj(op.operation["x-paging"], "p").style !== "none");
    expect(notNone.map((op) => op.label).sort()).toEqual([
      "GET /v3/jobs",
      "GET /v3/workflows/{workflowId}/jobs",
    ]);
  });
});

describe("nullability of answers", () => {
  /** The named schemas an answer can contain (request-only contracts excluded). */
  function answerSchemas(): Set<string> {
    const found = new Set<string>();
    const visit = (node: Json): void => {
      if (Array.isArray(node)) {
        for (const child of node) visit(child);
      } else if (node !== null && typeof node === "object") {
        const ref = node.$ref;
        if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
          const name = ref.replace("#/components/schemas/", "");
          if (found.has(name)) return;
          found.add(name);
          visit(resolvePointer(ref));
          return;
        }
        for (const [key, child] of Object.entries(node)) if (key !== "examples") visit(child);
      }
    };
    for (const op of operations()) visit(op.operation.responses as Json);
    visit(obj(spec.components, "components").responses as Json);
    return found;
  }

  /** Own ids, which are never null; the key of each model. */
  const OWN_IDS: Record<string, string> = {
    WorkflowVersionView: "versionId",
    DCMEGetConnectionForConnectView: "objectId",
    PagedJobSummaryView: "jobId",
    AffectedScheduleView: "affectedScheduleId",
    CredentialView: "credentialId",
  };

  const answers = [...answerSchemas()].filter((name) => {
    const schema = obj(schemas[name], name);
    return schema.properties !== undefined;
  });

  it("covers the views and none of the request contracts", () => {
    expect(answers).toContain("UserView");
    expect(answers).toContain("DCMEGetConnectionView");
    expect(answers.filter((name) => name.endsWith("Contract"))).toEqual([]);
  });

  it.each(answers.map((name) => [name] as const))(
    "%s: strings, arrays and objects may be null except its id; value types never",
    (name) => {
      const schema = obj(schemas[name], name);
      const required = new Set((schema.required as string[] | undefined) ?? []);
      for (const [field, value] of Object.entries(obj(schema.properties, "properties"))) {
        const property = obj(value, field);
        const branches = Array.isArray(property.anyOf)
          ? property.anyOf.map((b) => obj(b, "b"))
          : [];
        const nullable =
          typesOf(deref(property, field).node).includes("null") ||
          branches.some((b) => b.type === "null");
        const target = deref(branches.find((b) => b.type !== "null") ?? property, field).node;
        const types = typesOf(target).filter((t) => t !== "null");
        const where = `${name}.${field}`;
        if (field === "id" || OWN_IDS[name] === field) {
          expect(nullable, `${where} is an id`).toBe(false);
        } else if (
          target.enum !== undefined ||
          types.some((t) => ["boolean", "integer"].includes(t))
        ) {
          expect(nullable, `${where} is a value type`).toBe(false);
        } else if (target.format === "date-time") {
          expect(nullable, `${where} is a date-time, required: ${required.has(field)}`).toBe(
            !required.has(field),
          );
        } else {
          expect(nullable, `${where} is a ${types.join("|")}`).toBe(true);
        }
      }
    },
  );
});

describe("uploads and downloads", () => {
  const multipart = (method: string, path: string) => {
    const body = deref(operationAt(method, path).operation.requestBody, "requestBody").node;
    expect(body.required).toBe(true);
    const content = obj(body.content, "content");
    expect(Object.keys(content)).toEqual(["multipart/form-data"]);
    const media = obj(content["multipart/form-data"], "multipart/form-data");
    return {
      encoding: obj(media.encoding, "encoding"),
      properties: obj(deref(media.schema, "schema").node.properties, "properties"),
    };
  };

  it.each([
    ["post", "/v3/workflows"],
    ["post", "/v3/workflows/{workflowId}/versions"],
    ["post", "/v3/usage"],
  ] as const)("%s %s is a multipart form with an encoded binary file part", (method, path) => {
    const { encoding, properties } = multipart(method, path);
    expect(obj(properties.file, "file")).toMatchObject({ type: "string", format: "binary" });
    expect(String(obj(encoding.file, "file").contentType)).toContain("application/octet-stream");
  });

  it("sends districtTags and collectionIds as JSON arrays written as text", () => {
    const { encoding, properties } = multipart("post", "/v3/workflows");
    for (const name of ["districtTags", "collectionIds"]) {
      expect(obj(properties[name], name)).toMatchObject({
        type: "string",
        contentMediaType: "application/json",
        contentSchema: { type: "array", items: { type: "string" } },
      });
      expect(obj(encoding[name], name).contentType).toBe("application/json");
    }
  });

  it.each([["/v3/workflows/{workflowId}/package"], ["/v3/usage"]] as const)(
    "GET %s answers application/octet-stream with format binary",
    (path) => {
      const ok = deref(obj(operationAt("get", path).operation.responses, "r")["200"], "200").node;
      const content = obj(ok.content, "content");
      expect(Object.keys(content)).toEqual(["application/octet-stream"]);
      expect(obj(obj(content["application/octet-stream"], "o").schema, "s")).toMatchObject({
        type: "string",
        format: "binary",
      });
    },
  );
});

describe("version notes", () => {
  it.each([
    ["get", "/v3/users", "Server 2021.4"],
    ["put", "/v3/users/{userId}/assetTransfer", "Server 2024.1"],
    ["put", "/v3/workflows/{workflowId}/transfer", "Server 2024.1 (inferred)"],
    ["get", "/v3/jobs/{jobId}", "Server 2022.3"],
    ["get", "/v3/jobs", "about Server 2025.2 (inferred)"],
    ["post", "/v3/subscriptions", "about Server 2025.2 (inferred)"],
    ["post", "/v3/usage", "about Server 2025.2 (inferred)"],
    ["get", "/v3/dcm/connections/{Id}", "Server 2023.1"],
  ] as const)("%s %s says it came with %s", (method, path, version) => {
    expect(String(operationAt(method, path).operation.description)).toContain(
      `**Since:** ${version}`,
    );
  });

  it("keeps the newest export's parameter names, including the capital {Id}", () => {
    const paths = Object.keys(obj(spec.paths, "paths"));
    expect(paths).toContain("/v3/dcm/connections/{Id}");
    expect(paths).toContain("/v3/dcm/connections/{id}/sharing/execution");
    expect(paths.filter((path) => path.includes("{id}") && !path.includes("/dcm/"))).toEqual([]);
  });
});
