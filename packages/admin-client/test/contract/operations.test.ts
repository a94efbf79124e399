/**
 * Every one of the fifteen Admin API v1 operations, under three schemes (OAuth1 header, OAuth1
 * query, OAuth2 bearer at /webapi/admin/v1), through the real chain: this client -> the mock's
 * OAuth1 verifier or bearer guard -> Prism (request and response validation against
 * the spec) -> the in-memory Gallery. A 2xx means the verifier accepted the signature and Prism
 * found no violation in either direction; the shapes are checked on top.
 */
import { KNOWN_CURATOR } from "@alteryx-admin/mock-gallery";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type AdminClient,
  downloadPackage,
  publishWorkflow,
  unwrap,
  type Workflow,
} from "../../src/index.js";
import { fakePackage, mockClient, OBJECT_ID, SCHEMES } from "./mock-client.js";

const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

describe.each(SCHEMES)("every operation, %s", (scheme) => {
  let admin: AdminClient;
  let workflows: Workflow[];

  beforeAll(async () => {
    admin = mockClient({}, scheme);
    workflows = unwrap(
      await admin.GET("/workflows/", { params: { query: { offset: 0, limit: 5 } } }),
    );
  });

  it("GET /users/ (listUsers)", async () => {
    const users = unwrap(
      await admin.GET("/users/", { params: { query: { page: 0, pageSize: 5 } } }),
    );
    expect(users).toHaveLength(5);
    for (const user of users) {
      expect(user.id).toMatch(OBJECT_ID);
      expect(user.email).toContain("@");
      expect(typeof user.curator).toBe("boolean");
    }
    expect(users.some((u) => u.email === KNOWN_CURATOR.email)).toBe(true);
  });

  it("GET /subscriptions/ (listSubscriptions)", async () => {
    const subscriptions = unwrap(
      await admin.GET("/subscriptions/", { params: { query: { page: 0, pageSize: 3 } } }),
    );
    expect(subscriptions).toHaveLength(3);
    for (const s of subscriptions) {
      expect(s.id).toMatch(OBJECT_ID);
      expect(typeof s.name).toBe("string");
    }
  });

  it("GET /collections/ (listCollections)", async () => {
    const collections = unwrap(await admin.GET("/collections/"));
    expect(collections.length).toBeGreaterThan(0);
    for (const c of collections) {
      expect(c.id).toMatch(OBJECT_ID);
      expect(Array.isArray(c.apps ?? [])).toBe(true);
    }
  });

  it("GET /schedules/ (listSchedules)", async () => {
    const schedules = unwrap(
      await admin.GET("/schedules/", { params: { query: { page: 1, pageSize: 10 } } }),
    );
    expect(schedules).toHaveLength(10);
    for (const s of schedules) {
      expect(s.id).toMatch(OBJECT_ID);
      expect(typeof s.enabled).toBe("boolean");
    }
  });

  it("GET /insights/ (listInsights) with a search that needs %20", async () => {
    const all = unwrap(
      await admin.GET("/insights/", { params: { query: { offset: 0, limit: 4 } } }),
    );
    expect(all).toHaveLength(4);
    for (const insight of all) expect(insight.id).toMatch(OBJECT_ID);
    // A name with a space: the signature only verifies if the space is signed as %20.
    const everything = unwrap(await admin.GET("/insights/"));
    const withSpace = everything.find((i) => i.name?.includes(" "));
    expect(withSpace).toBeDefined();
    const search = withSpace?.name ?? "";
    const found = unwrap(await admin.GET("/insights/", { params: { query: { search } } }));
    expect(found.map((i) => i.id)).toContain(withSpace?.id);
  });

  it("GET /serverdataconnections/ (listServerDataConnections)", async () => {
    const connections = unwrap(
      await admin.GET("/serverdataconnections/", { params: { query: { offset: 2, limit: 3 } } }),
    );
    expect(connections).toHaveLength(3);
    for (const c of connections) {
      expect(c.connectionId).toMatch(OBJECT_ID);
      expect(typeof c.userCount).toBe("number");
    }
  });

  it("GET /systemdataconnections/ (listSystemDataConnections)", async () => {
    const connections = unwrap(await admin.GET("/systemdataconnections/"));
    expect(connections.length).toBeGreaterThan(0);
    for (const c of connections) expect(typeof c.connectionId).toBe("string");
  });

  it("GET /workflows/ (listWorkflows) sorted", async () => {
    expect(workflows).toHaveLength(5);
    const sorted = unwrap(
      await admin.GET("/workflows/", {
        params: { query: { sortField: "runcount", direction: "desc", limit: 10 } },
      }),
    );
    const counts = sorted.map((w) => w.runCount ?? 0);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    for (const w of sorted) {
      expect(w.id).toMatch(OBJECT_ID);
      expect([0, 1, 2]).toContain(w.packageType);
      if (w.uploadDate != null) expect(w.uploadDate).toMatch(DATE_TIME);
    }
  });

  it("GET /workflows/ with a search full of characters that are easy to sign wrong", async () => {
    // Space, !*'() (left alone by encodeURIComponent, encoded by RFC 5849), + & = and non-ASCII.
    const search = "Q3 sales (draft)! it's *ünï* a+b&c=d";
    const result = await admin.GET("/workflows/", { params: { query: { search, limit: 5 } } });
    expect(result.response.status).toBe(200);
    expect(Array.isArray(result.data)).toBe(true);
  });

  it("GET /workflows/all/ (listAllWorkflows)", async () => {
    const all = unwrap(
      await admin.GET("/workflows/all/", { params: { query: { page: 0, pageSize: 3 } } }),
    );
    expect(all).toHaveLength(3);
    for (const w of all) {
      expect(w.id).toMatch(OBJECT_ID);
      expect(w.revisions?.length).toBeGreaterThan(0);
      expect(typeof w.isReadyForMigration).toBe("boolean");
    }
  });

  it("GET /workflows/jobs/ (listLastJobs)", async () => {
    const appIds = workflows.map((w) => w.id).join(",");
    const jobs = unwrap(
      await admin.GET("/workflows/jobs/", {
        params: { query: { appIds, includeMessages: false } },
      }),
    );
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      expect(job.id).toMatch(OBJECT_ID);
      expect(job.messages ?? []).toEqual([]);
      if (job.appId != null) expect(workflows.map((w) => w.id)).toContain(job.appId);
    }
  });

  it("GET /workflows/migratable/ and PUT /workflows/migratable/{appId}/ (the toggle)", async () => {
    const appId = (workflows[0] as Workflow).id;
    const marked = async () =>
      unwrap(await admin.GET("/workflows/migratable/")).some((w) => w.id === appId);
    const before = await marked();
    const put = await admin.PUT("/workflows/migratable/{appId}/", { params: { path: { appId } } });
    expect(put.response.status).toBe(200);
    expect(await marked()).toBe(!before);
    const listed = unwrap(await admin.GET("/workflows/migratable/"));
    for (const w of listed) expect(w.id).toMatch(OBJECT_ID);
    // Toggle back so that the other schemes start from the same state.
    unwrap(await admin.PUT("/workflows/migratable/{appId}/", { params: { path: { appId } } }));
    expect(await marked()).toBe(before);
  });

  it("POST /workflows/ (publishWorkflow) and GET /{appId}/package/ (downloadWorkflowPackage)", async () => {
    const bytes = fakePackage(SCHEMES.indexOf(scheme) + 1);
    const id = await publishWorkflow(admin, {
      file: bytes,
      name: `Contract ${scheme}`,
      owner: KNOWN_CURATOR.email,
      validate: false,
      isPublic: false,
      comments: "published by the contract tests",
    });
    expect(id).toMatch(OBJECT_ID);
    const pkg = await downloadPackage(admin, id);
    expect(pkg.filename).toBe(`Contract ${scheme}.yxzp`);
    expect(new Uint8Array(await new Response(pkg.body).arrayBuffer())).toEqual(bytes);
    // The raw call is typed too: the body is binary.
    const raw = await admin.GET("/{appId}/package/", {
      params: { path: { appId: id } },
      parseAs: "arrayBuffer",
    });
    expect(raw.data?.byteLength).toBe(bytes.length);
  });

  it("GET /auditlog/ (listAuditEvents)", async () => {
    const events = unwrap(
      await admin.GET("/auditlog/", {
        params: { query: { entity: "User", page: 0, pageSize: 5 } },
      }),
    );
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      expect(e.id).toMatch(OBJECT_ID);
      expect(e.entity).toBe("User");
      expect(["insert", "update", "delete"]).toContain(e.event);
    }
  });
});
