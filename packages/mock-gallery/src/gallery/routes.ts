// The in-memory Gallery's Admin v1 routes: paging and filters as the spec documents them, and
// the three writes (publish, migration toggle) with their audit events.

import { badRequest, type GalleryFailure, galleryError, notFound } from "../gallery-error.js";
import { parseFormData } from "../multipart.js";
import { truncate as truncateTo } from "../oauth/parse.js";
import { type Dataset, galleryDate, objectIdFactory, type WorkflowRecord } from "./dataset.js";
import { seededFaker } from "./faker.js";
import { buildPackage, contentDisposition, workflowXml } from "./package.js";
import { type PackageStream, packageOfSize } from "./package-stream.js";
import {
  auditEventView,
  buildIndex,
  collectionView,
  type Index,
  insightView,
  jobView,
  migratableView,
  publishedRevision,
  scheduleView,
  serverDataConnectionView,
  subscriptionView,
  systemDataConnectionView,
  userView,
  workflowAllView,
  workflowView,
} from "./views.js";

/** A request as the routes see it (path relative to the Admin v1 base). */
export interface RouteRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  body: Uint8Array;
}

/** What a route answers. */
export type RouteResponse =
  | { status: number; json: unknown }
  | { status: number; binary: Uint8Array; headers: Record<string, string> }
  | { status: number; streamed: PackageStream; headers: Record<string, string> }
  | { status: number; empty: true };

/** The Gallery's state and its router. */
export interface Gallery {
  readonly data: Dataset;
  handle(request: RouteRequest): Promise<RouteResponse>;
  /**
   * Whether the answer to this request is streamed (a package of `packageBytes`), so that it
   * must not cross Prism, which reads bodies whole. `path` is relative to the Admin v1 base.
   */
  streams(method: string, path: string): boolean;
}

/** Options of {@link createGallery}. */
export interface GalleryOptions {
  /** Dates the writes (publish, toggle); default Date.now. */
  now?: () => number;
  /** Size in bytes of every seeded workflow's package, generated as it is sent. */
  packageBytes?: number | undefined;
}

const ID = /^[0-9a-f]{24}$/;
const PACKAGE_PATH = /^\/([^/]+)\/package\/$/;

/** Creates the in-memory Gallery over a dataset. */
export function createGallery(data: Dataset, options: GalleryOptions = {}): Gallery {
  const { now = Date.now, packageBytes } = options;
  const index = buildIndex(data);
  const idFaker = seededFaker(data.seed + 7919);
  const newId = objectIdFactory(idFaker);
  const packages = new Map<string, Uint8Array>();

  const routes: Array<
    [
      string,
      RegExp,
      (r: RouteRequest, m: RegExpExecArray) => Promise<RouteResponse> | RouteResponse,
    ]
  > = [
    ["GET", /^\/users\/$/, (r) => ok(page(r.query, data.users).map(userView))],
    [
      "GET",
      /^\/subscriptions\/$/,
      (r) => ok(page(r.query, data.subscriptions).map(subscriptionView)),
    ],
    ["GET", /^\/collections\/$/, (r) => ok(page(r.query, data.collections).map(collectionView))],
    [
      "GET",
      /^\/schedules\/$/,
      (r) => ok(page(r.query, data.schedules).map((s) => scheduleView(s, index))),
    ],
    [
      "GET",
      /^\/insights\/$/,
      (r) => {
        const search = r.query.get("search")?.toLowerCase();
        const items = search
          ? data.insights.filter((i) => i.name.toLowerCase().includes(search))
          : data.insights;
        return ok(slice(r.query, items).map((i) => insightView(i, index)));
      },
    ],
    [
      "GET",
      /^\/serverdataconnections\/$/,
      (r) => ok(slice(r.query, data.serverDataConnections).map(serverDataConnectionView)),
    ],
    [
      "GET",
      /^\/systemdataconnections\/$/,
      (r) => ok(slice(r.query, data.systemDataConnections).map(systemDataConnectionView)),
    ],
    [
      "GET",
      /^\/workflows\/$/,
      (r) => ok(slice(r.query, listWorkflows(r.query)).map((w) => workflowView(w, index))),
    ],
    ["POST", /^\/workflows\/$/, (r) => publish(r)],
    [
      "GET",
      /^\/workflows\/all\/$/,
      (r) => {
        const start = dateParam(r.query, "startDate");
        const end = dateParam(r.query, "endDate");
        const items = data.workflows.filter((w) => {
          if (start === undefined && end === undefined) return true;
          const changed = lastChange(w);
          return (start === undefined || changed >= start) && (end === undefined || changed <= end);
        });
        return ok(page(r.query, items).map((w) => workflowAllView(w, index)));
      },
    ],
    [
      "GET",
      /^\/workflows\/jobs\/$/,
      (r) => {
        const ids = idList(r.query, "appIds");
        const include = r.query.get("includeMessages")?.toLowerCase() !== "false";
        const jobs = ids ? data.jobs.filter((j) => ids.has(j.appId)) : data.jobs;
        return ok(jobs.map((j) => jobView(j, include)));
      },
    ],
    [
      "GET",
      /^\/workflows\/migratable\/$/,
      (r) => {
        const ids = idList(r.query, "subscriptionIds");
        return ok(
          data.workflows
            .filter(
              (w) => w.isReadyForMigration && !w.isDeleted && (!ids || ids.has(w.subscriptionId)),
            )
            .map(migratableView),
        );
      },
    ],
    ["PUT", /^\/workflows\/migratable\/([^/]+)\/$/, (_r, m) => toggle(m[1] ?? "")],
    ["GET", PACKAGE_PATH, (_r, m) => download(m[1] ?? "")],
    [
      "GET",
      /^\/auditlog\/$/,
      (r) => {
        const entity = r.query.get("entity");
        if (!entity || !r.query.has("page") || !r.query.has("pageSize")) {
          throw badRequest("The entity, page and pageSize query parameters are all required.");
        }
        return ok(
          page(
            r.query,
            data.auditEvents.filter((e) => e.entity === entity),
          ).map(auditEventView),
        );
      },
    ],
  ];

  function listWorkflows(query: URLSearchParams): WorkflowRecord[] {
    const search = query.get("search")?.toLowerCase();
    let items = data.workflows.filter(
      (w) =>
        !w.isDeleted &&
        (!search ||
          w.name.toLowerCase().includes(search) ||
          w.description.toLowerCase().includes(search)),
    );
    const sortField = query.get("sortField");
    if (sortField) {
      const key = sortKey(sortField, index);
      const sign = query.get("direction")?.toLowerCase() === "desc" ? -1 : 1;
      items = items
        .map((w, i) => ({ w, i, k: key(w) }))
        .sort((a, b) => (a.k < b.k ? -sign : a.k > b.k ? sign : a.i - b.i))
        .map(({ w }) => w);
    }
    return items;
  }

  async function publish(r: RouteRequest): Promise<RouteResponse> {
    const form = await parseFormData(r.contentType ?? "", r.body);
    if (!form) {
      throw badRequest(
        "The body is not a valid multipart/form-data upload. Send the fields file, name, owner, validate and isPublic as multipart/form-data.",
      );
    }
    const missing = ["file", "name", "owner", "validate", "isPublic"].filter((f) => !form.has(f));
    if (missing.length > 0) {
      throw badRequest(`Missing required form field(s): ${missing.join(", ")}.`);
    }
    const file = form.get("file");
    if (typeof file === "string" || file === null) {
      throw badRequest("The file field must be a file upload (the .yxzp package).");
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
      throw badRequest("The uploaded file is not a .yxzp package (a zip archive).");
    }
    const name = String(form.get("name")).trim();
    if (name === "") throw badRequest("The name field must not be empty.");
    const ownerEmail = String(form.get("owner")).trim().toLowerCase();
    const owner = data.users.find((u) => u.email.toLowerCase() === ownerEmail);
    if (!owner) {
      throw galleryError(
        400,
        "ArgumentException",
        `The owner ${truncate(ownerEmail)} is not a user of this Gallery.`,
        "Pass the email of an existing user (GET /users/ lists them).",
      );
    }
    const flags: Record<string, boolean> = {};
    for (const field of ["validate", "isPublic", "canDownload"]) {
      const value = form.get(field);
      if (value === null) continue;
      const text = String(value).toLowerCase();
      if (text !== "true" && text !== "false") {
        throw badRequest(
          `The ${field} field must be true or false, not "${truncate(String(value))}".`,
        );
      }
      flags[field] = text === "true";
    }
    const at = now();
    const id = newId(at);
    const revisionId = newId(at);
    const stamp = galleryDate(at);
    const sourceId = form.get("sourceId");
    const workflow: WorkflowRecord = {
      id,
      name,
      description: "",
      author: `${owner.firstName} ${owner.lastName}`,
      packageType: 1,
      fileName:
        file.name && file.name !== "blob" ? file.name.replace(/\.yxzp$/i, ".yxmd") : `${name}.yxmd`,
      ownerId: owner.id,
      subscriptionId: owner.subscriptionId,
      isPublic: flags.isPublic ?? false,
      dateMadePublic: flags.isPublic ? stamp : null,
      runDisabled: false,
      runCount: 0,
      workerTag:
        typeof form.get("workerTag") === "string" ? String(form.get("workerTag")) || null : null,
      isChained: false,
      isE2: false,
      isDeleted: false,
      isReadyForMigration: false,
      revisions: [
        {
          id: revisionId,
          version: 1,
          authorId: owner.id,
          dateCreated: stamp,
          executionMode: "Standard",
          runCount: 0,
          downloadCount: 0,
          canDownload: flags.canDownload ?? true,
          comments: typeof form.get("comments") === "string" ? String(form.get("comments")) : null,
          packageBytes: bytes,
        },
      ],
      publishedRevisionId: revisionId,
      collectionIds: [],
      lastRunDate: null,
      events: [
        {
          userId: owner.id,
          timestamp: stamp,
          event: "insert",
          oldValues: null,
          newValues: JSON.stringify({
            Name: name,
            OwnerId: owner.id,
            Version: 1,
            ...(typeof sourceId === "string" && sourceId ? { SourceId: sourceId } : {}),
          }),
        },
      ],
      sourceId: typeof sourceId === "string" && sourceId ? sourceId : null,
    };
    data.workflows.push(workflow);
    index.workflowById.set(id, workflow);
    audit(workflow, "insert", null, workflow.events[0]?.newValues ?? null, owner.id, at);
    return ok(id);
  }

  function toggle(appId: string): RouteResponse {
    const workflow = findWorkflow(appId);
    const before = workflow.isReadyForMigration;
    workflow.isReadyForMigration = !before;
    const at = now();
    const oldValues = JSON.stringify({ IsReadyForMigration: before });
    const newValues = JSON.stringify({ IsReadyForMigration: !before });
    workflow.events.push({
      userId: data.users[0]?.id ?? "",
      timestamp: galleryDate(at),
      event: "update",
      oldValues,
      newValues,
    });
    audit(workflow, "update", oldValues, newValues, data.users[0]?.id ?? "", at);
    return { status: 200, empty: true };
  }

  function download(appId: string): RouteResponse {
    const workflow = findWorkflow(appId);
    const revision = publishedRevision(workflow);
    const headers = {
      "content-type": "application/octet-stream",
      "content-disposition": contentDisposition(workflow.name),
    };
    if (packageBytes !== undefined && !revision?.packageBytes) {
      const xml = workflowXml(workflow, revision?.version ?? 1);
      return {
        status: 200,
        streamed: packageOfSize(workflow.fileName, xml, packageBytes),
        headers,
      };
    }
    let bytes = revision?.packageBytes ?? packages.get(workflow.id);
    if (!bytes) {
      bytes = buildPackage(workflow, revision?.version ?? 1);
      packages.set(workflow.id, bytes);
    }
    return { status: 200, binary: bytes, headers };
  }

  function findWorkflow(appId: string): WorkflowRecord {
    const workflow = ID.test(appId) ? index.workflowById.get(appId) : undefined;
    if (!workflow || workflow.isDeleted) {
      throw notFound(`The workflow ${truncate(appId)} was not found.`);
    }
    return workflow;
  }

  function audit(
    workflow: WorkflowRecord,
    event: "insert" | "update",
    oldValues: string | null,
    newValues: string | null,
    userId: string,
    at: number,
  ): void {
    data.auditEvents.push({
      id: newId(at),
      entity: "AppInfo",
      entityId: workflow.id,
      userId,
      timestamp: galleryDate(at),
      event,
      oldValues,
      newValues,
    });
  }

  return {
    data,
    streams: (method, path) =>
      packageBytes !== undefined && method === "GET" && PACKAGE_PATH.test(path),
    async handle(request) {
      try {
        for (const [method, pattern, handler] of routes) {
          const match = pattern.exec(request.path);
          if (match && method === request.method) return await handler(request, match);
        }
        return failure(
          notFound(`No Admin v1 route matches ${request.method} ${truncate(request.path)}.`),
        );
      } catch (error) {
        if (isFailure(error)) return failure(error);
        throw error;
      }
    },
  };
}

function ok(json: unknown): RouteResponse {
  return { status: 200, json };
}

function failure(f: GalleryFailure): RouteResponse {
  return { status: f.status, json: f.body };
}

function isFailure(value: unknown): value is GalleryFailure {
  return typeof value === "object" && value !== null && "status" in value && "body" in value;
}

function intParam(query: URLSearchParams, name: string, min: number): number | undefined {
  const text = query.get(name);
  if (text === null || text === "") return undefined;
  if (!/^[0-9]{1,9}$/.test(text) || Number(text) < min) {
    throw badRequest(
      `The ${name} query parameter must be an integer >= ${min}, not "${truncate(text)}".`,
    );
  }
  return Number(text);
}

/** Zero-based page/pageSize paging; pageSize omitted or 0 returns every item. */
function page<T>(query: URLSearchParams, items: readonly T[]): T[] {
  const pageNumber = intParam(query, "page", 0) ?? 0;
  const pageSize = intParam(query, "pageSize", 0) ?? 0;
  if (pageSize === 0) return [...items];
  return items.slice(pageNumber * pageSize, (pageNumber + 1) * pageSize);
}

/** offset/limit paging; limit omitted or 0 returns every item from offset on. */
function slice<T>(query: URLSearchParams, items: readonly T[]): T[] {
  const offset = intParam(query, "offset", 0) ?? 0;
  const limit = intParam(query, "limit", 0) ?? 0;
  return items.slice(offset, limit === 0 ? undefined : offset + limit);
}

function dateParam(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null || text === "") return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    throw badRequest(`The ${name} query parameter is not a date-time: "${truncate(text)}".`);
  }
  return ms;
}

function idList(query: URLSearchParams, name: string): Set<string> | undefined {
  const text = query.get(name);
  if (text === null || text === "") return undefined;
  return new Set(text.split(",").map((s) => s.trim()));
}

/** When a workflow last changed (its newest revision or event), in ms. */
function lastChange(w: WorkflowRecord): number {
  let latest = 0;
  for (const r of w.revisions) latest = Math.max(latest, Date.parse(r.dateCreated));
  for (const e of w.events) latest = Math.max(latest, Date.parse(e.timestamp));
  return latest;
}

function sortKey(field: string, index: Index): (w: WorkflowRecord) => string | number {
  switch (field.toLowerCase()) {
    case "author":
      return (w) => w.author.toLowerCase();
    case "copyright":
      return (w) => (w.author ? `copyright ${w.revisions[0]?.dateCreated.slice(0, 4)}` : "");
    case "datemadepublic":
      return (w) => w.dateMadePublic ?? "";
    case "description":
      return (w) => w.description.toLowerCase();
    case "executionmode":
      return (w) => publishedRevision(w)?.executionMode ?? "";
    case "owner":
      return (w) => {
        const o = index.userById.get(w.ownerId);
        return o ? `${o.lastName}, ${o.firstName}`.toLowerCase() : "";
      };
    case "runcount":
      return (w) => w.runCount;
    case "subscriptionid":
      return (w) => w.subscriptionId;
    case "uploaddate":
      return (w) => publishedRevision(w)?.dateCreated ?? "";
    default:
      return (w) => w.name.toLowerCase();
  }
}

function truncate(text: string): string {
  return truncateTo(text, 80);
}
