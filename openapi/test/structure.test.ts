// The spec's shape: all fifteen Admin v1 operations at their exact paths, each documented and
// with the GalleryError responses, and the parameters, security and media types the reference
// describes.
import { describe, expect, it } from "vitest";
import { deref, type Json, type JsonObject, obj, operations, spec } from "./spec.js";

const EXPECTED = [
  ["get", "/users/"],
  ["get", "/subscriptions/"],
  ["get", "/collections/"],
  ["get", "/schedules/"],
  ["get", "/insights/"],
  ["get", "/serverdataconnections/"],
  ["get", "/systemdataconnections/"],
  ["get", "/workflows/"],
  ["get", "/workflows/all/"],
  ["get", "/workflows/jobs/"],
  ["get", "/workflows/migratable/"],
  ["put", "/workflows/migratable/{appId}/"],
  ["post", "/workflows/"],
  ["get", "/{appId}/package/"],
  ["get", "/auditlog/"],
] as const;

const ERROR_STATUSES = ["400", "401", "403", "404", "500"];

function findOperation(method: string, path: string): JsonObject {
  const found = operations().find((op) => op.method === method && op.path === path);
  if (!found) throw new Error(`${method.toUpperCase()} ${path} is not in the spec`);
  return found.operation;
}

/** The operation's parameters, references resolved, keyed by "in:name". */
function parametersOf(method: string, path: string): Map<string, JsonObject> {
  const list = findOperation(method, path).parameters;
  const result = new Map<string, JsonObject>();
  for (const [index, value] of (Array.isArray(list) ? list : []).entries()) {
    const { node } = deref(value, `${method} ${path} parameters[${index}]`);
    result.set(`${String(node.in)}:${String(node.name)}`, node);
  }
  return result;
}

function schemaOf(parameter: JsonObject): JsonObject {
  return obj(parameter.schema, `schema of parameter ${String(parameter.name)}`);
}

describe("document", () => {
  it("lists the OAuth2 base first and the OAuth1 base of 2021.4 and older, each with a host variable", () => {
    expect(spec.openapi).toBe("3.1.0");
    const servers = spec.servers as JsonObject[];
    expect(servers.map((server) => server.url)).toEqual([
      "https://{host}/webapi/admin/v1",
      "https://{host}/gallery/api/admin/v1",
    ]);
    for (const server of servers) {
      expect(obj(obj(server.variables, "variables").host, "host").default).toEqual(
        expect.any(String),
      );
    }
  });

  it("describes authentication (OAuth2 and OAuth1) and the facts it leaves out in info.description", () => {
    const description = String(obj(spec.info, "info").description);
    expect(description).toMatch(/## Authentication/);
    expect(description).toMatch(/\/webapi\/oauth2\/token/);
    expect(description).toMatch(/grant_type=client_credentials/);
    expect(description).toMatch(/Authorization: Bearer/);
    expect(description).toMatch(/oauth_signature_method/);
    expect(description).toMatch(/Admin v2/);
    expect(description).toMatch(/Subscription v1/);
    expect(description).toMatch(/webapi/);
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

describe("operations", () => {
  it("are exactly the fifteen Admin v1 operations, at their documented paths", () => {
    const actual = operations()
      .map((op) => `${op.method.toUpperCase()} ${op.path}`)
      .sort();
    const expected = EXPECTED.map(([method, path]) => `${method.toUpperCase()} ${path}`).sort();
    expect(actual).toEqual(expected);
  });

  it("keep the trailing slash on every path", () => {
    for (const path of Object.keys(obj(spec.paths, "paths"))) expect(path).toMatch(/\/$/);
  });

  it("have unique operationIds", () => {
    const ids = operations().map((op) => op.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  const declaredTags = new Set(
    (spec.tags as JsonObject[]).map((tag) => {
      expect(tag.description, `tag ${String(tag.name)}`).toEqual(expect.any(String));
      return tag.name;
    }),
  );

  describe.each(operations().map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
    "%s",
    (_, { operation, pointer }) => {
      it("has an operationId, a declared tag, a summary and a description", () => {
        expect(operation.operationId).toMatch(/^[a-z][A-Za-z]+$/);
        const tags = operation.tags as string[];
        expect(tags.length).toBeGreaterThan(0);
        for (const tag of tags) expect(declaredTags.has(tag), `tag ${tag}`).toBe(true);
        expect(String(operation.summary).length).toBeGreaterThan(5);
        expect(String(operation.description)).toMatch(/Admins use it/);
      });

      it("answers 400, 401, 403, 404 and 500 with a JSON GalleryError", () => {
        const responses = obj(operation.responses, `${pointer}/responses`);
        for (const status of ERROR_STATUSES) {
          const { node } = deref(responses[status], `${pointer}/responses/${status}`);
          const content = obj(node.content, `${status} content`);
          expect(Object.keys(content), status).toEqual(["application/json"]);
          const schema = obj(obj(content["application/json"], status).schema, `${status} schema`);
          expect(schema.$ref, status).toBe("#/components/schemas/GalleryError");
        }
      });

      it("has a 200 response", () => {
        expect(obj(operation.responses, pointer)["200"]).toBeDefined();
      });
    },
  );
});

describe("GalleryError", () => {
  it("has the four fields servers send", () => {
    const schema = obj(obj(obj(spec.components, "components").schemas, "schemas").GalleryError, "");
    expect(Object.keys(obj(schema.properties, "properties")).sort()).toEqual([
      "data",
      "exceptionName",
      "innerExceptionMessage",
      "message",
    ]);
  });
});

describe("parameters", () => {
  it("auditlog requires entity (with the six entity types), page and pageSize", () => {
    const params = parametersOf("get", "/auditlog/");
    for (const name of ["entity", "page", "pageSize"]) {
      expect(params.get(`query:${name}`)?.required, name).toBe(true);
    }
    expect(schemaOf(params.get("query:entity") as JsonObject).enum).toEqual([
      "AppInfo",
      "Collection",
      "Credential",
      "Subscription",
      "User",
      "UserGroup",
    ]);
  });

  it.each([
    "/users/",
    "/subscriptions/",
    "/collections/",
    "/schedules/",
    "/workflows/all/",
    "/auditlog/",
  ])("%s pages with integer page (stated zero-based) and pageSize", (path) => {
    const params = parametersOf("get", path);
    const page = params.get("query:page") as JsonObject;
    expect(schemaOf(page).type).toBe("integer");
    expect(schemaOf(page).minimum).toBe(0);
    expect(String(page.description)).toMatch(/[Zz]ero-based/);
    expect(schemaOf(params.get("query:pageSize") as JsonObject).type).toBe("integer");
  });

  it.each(["/insights/", "/serverdataconnections/", "/systemdataconnections/", "/workflows/"])(
    "%s pages with integer offset and limit",
    (path) => {
      const params = parametersOf("get", path);
      expect(schemaOf(params.get("query:offset") as JsonObject).type).toBe("integer");
      expect(schemaOf(params.get("query:limit") as JsonObject).type).toBe("integer");
    },
  );

  it("workflows: sortField and direction are enums", () => {
    const params = parametersOf("get", "/workflows/");
    expect(schemaOf(params.get("query:sortField") as JsonObject).enum).toEqual([
      "author",
      "copyright",
      "datemadepublic",
      "description",
      "executionmode",
      "name",
      "owner",
      "runcount",
      "subscriptionid",
      "uploaddate",
    ]);
    expect(schemaOf(params.get("query:direction") as JsonObject).enum).toEqual(["asc", "desc"]);
    expect(params.has("query:search")).toBe(true);
  });

  it("workflows/all: startDate and endDate are date-times", () => {
    const params = parametersOf("get", "/workflows/all/");
    for (const name of ["startDate", "endDate"]) {
      expect(schemaOf(params.get(`query:${name}`) as JsonObject).format).toBe("date-time");
    }
  });

  it("workflows/jobs: appIds is optional, includeMessages defaults to true", () => {
    const params = parametersOf("get", "/workflows/jobs/");
    const appIds = params.get("query:appIds") as JsonObject;
    expect(appIds.required).toBe(false);
    expect(schemaOf(appIds).pattern).toBe("^[0-9a-f]{24}(,[0-9a-f]{24})*$");
    const includeMessages = schemaOf(params.get("query:includeMessages") as JsonObject);
    expect(includeMessages).toMatchObject({ type: "boolean", default: true });
  });

  it("workflows/migratable: subscriptionIds is an optional comma-separated id list", () => {
    const subscriptionIds = parametersOf("get", "/workflows/migratable/").get(
      "query:subscriptionIds",
    ) as JsonObject;
    expect(subscriptionIds.required).toBe(false);
    expect(schemaOf(subscriptionIds).pattern).toBe("^[0-9a-f]{24}(,[0-9a-f]{24})*$");
  });

  it("appId path parameters are required ObjectIds", () => {
    for (const [method, path] of [
      ["put", "/workflows/migratable/{appId}/"],
      ["get", "/{appId}/package/"],
    ] as const) {
      const appId = parametersOf(method, path).get("path:appId") as JsonObject;
      expect(appId.required).toBe(true);
      expect(schemaOf(appId).pattern).toBe("^[0-9a-f]{24}$");
    }
  });
});

describe("security", () => {
  const schemes = obj(obj(spec.components, "components").securitySchemes, "securitySchemes");

  it("takes an OAuth2 bearer token or OAuth1 parameters in the header or the query, as alternatives", () => {
    expect(spec.security).toEqual([{ OAuth2: [] }, { OAuth1Header: [] }, { OAuth1Query: [] }]);
    expect(schemes.OAuth2).toMatchObject({
      type: "oauth2",
      flows: { clientCredentials: { tokenUrl: "/webapi/oauth2/token", scopes: {} } },
    });
    expect(schemes.OAuth1Header).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "Authorization",
    });
    expect(schemes.OAuth1Query).toMatchObject({
      type: "apiKey",
      in: "query",
      name: "oauth_consumer_key",
    });
  });

  it("documents the signing rules", () => {
    const description = String(obj(schemes.OAuth1Header, "OAuth1Header").description);
    for (const fact of ["%20", "HMAC-SHA1", "Sort by encoded name", "default port", "base64"]) {
      expect(description).toContain(fact);
    }
  });
});

describe("POST /workflows/", () => {
  const body = obj(findOperation("post", "/workflows/").requestBody, "requestBody");
  const media = obj(obj(body.content, "content")["multipart/form-data"], "multipart/form-data");

  it("takes a multipart form with the package as a binary file part", () => {
    expect(body.required).toBe(true);
    const encoding = obj(obj(media.encoding, "encoding").file, "encoding.file");
    expect(String(encoding.contentType)).toContain("application/octet-stream");
    const { node: schema } = deref(media.schema, "schema");
    expect(obj(obj(schema.properties, "properties").file, "file")).toMatchObject({
      type: "string",
      format: "binary",
    });
    expect(schema.required).toEqual(["file", "name", "owner", "validate", "isPublic"]);
    expect(Object.keys(obj(schema.properties, "properties")).sort()).toEqual(
      [
        "file",
        "name",
        "owner",
        "validate",
        "isPublic",
        "sourceId",
        "workerTag",
        "canDownload",
        "comments",
      ].sort(),
    );
  });

  it("answers 200 with the new id as a JSON string", () => {
    const response = obj(obj(findOperation("post", "/workflows/").responses, "r")["200"], "200");
    const schema = obj(obj(obj(response.content, "c")["application/json"], "json").schema, "s");
    expect(schema).toMatchObject({ type: "string", pattern: "^[0-9a-f]{24}$" });
  });
});

describe("PUT /workflows/migratable/{appId}/", () => {
  const operation = findOperation("put", "/workflows/migratable/{appId}/");

  it("takes no body and answers 200 with an empty body", () => {
    expect(operation.requestBody).toBeUndefined();
    expect(obj(obj(operation.responses, "responses")["200"], "200").content).toBeUndefined();
  });

  it("warns that it is a toggle and not idempotent", () => {
    expect(String(operation.description)).toMatch(/toggle/);
    expect(String(operation.description)).toMatch(/NOT idempotent/);
  });
});

describe("GET /{appId}/package/", () => {
  it("returns application/octet-stream with a required Content-Disposition header", () => {
    const operation = findOperation("get", "/{appId}/package/");
    const ok = obj(obj(operation.responses, "responses")["200"], "200");
    expect(Object.keys(obj(ok.content, "content"))).toEqual(["application/octet-stream"]);
    const header = obj(obj(ok.headers, "headers")["Content-Disposition"], "Content-Disposition");
    expect(header.required).toBe(true);
    expect(String(header.example)).toMatch(/^attachment; filename=".+\.yxzp"$/);
  });
});
