/**
 * Type tests: enforced by `pnpm typecheck` (tsc over test/), so a spec change that breaks users'
 * code fails CI. The calls go to a fake fetch, so the file also runs under vitest.
 */
import { describe, expectTypeOf, it } from "vitest";
import {
  type AuditEntity,
  type AuditEvent,
  type Collection,
  type DataConnection,
  type GalleryError,
  type Insight,
  type ItemOf,
  type Job,
  type ListPath,
  type MigratableWorkflow,
  type PackageSource,
  type PublishWorkflowForm,
  type PublishWorkflowInput,
  paginate,
  type Schedule,
  type Subscription,
  type SystemDataConnection,
  type User,
  unwrap,
  type Workflow,
  type WorkflowEvent,
  type WorkflowRevision,
  type WorkflowRevisionSet,
} from "../src/index.js";
import { fakeFetch, json, testClient } from "./fake-fetch.js";

const admin = testClient(fakeFetch(() => json([])));

describe("types", () => {
  it("types parameters, data and error of GET /users/", async () => {
    const result = await admin.GET("/users/", { params: { query: { page: 0, pageSize: 10 } } });
    expectTypeOf(result.data).toEqualTypeOf<User[] | undefined>();
    expectTypeOf(result.error).toEqualTypeOf<GalleryError | undefined>();
    expectTypeOf(unwrap(result)).toEqualTypeOf<User[]>();
    // @ts-expect-error pageSize is a number
    await admin.GET("/users/", { params: { query: { pageSize: "10" } } });
    // @ts-expect-error there is no such route
    await admin.GET("/user/");
  });

  it("requires the audit log's parameters and checks enums", async () => {
    // @ts-expect-error entity, page and pageSize are required
    await admin.GET("/auditlog/", { params: { query: { page: 0 } } });
    await admin.GET("/auditlog/", {
      // @ts-expect-error "Workflow" is not an entity (workflows are "AppInfo")
      params: { query: { entity: "Workflow", page: 0, pageSize: 10 } },
    });
    expectTypeOf<AuditEntity>().toEqualTypeOf<
      "AppInfo" | "Collection" | "Credential" | "Subscription" | "User" | "UserGroup"
    >();
    await admin.GET("/workflows/", {
      // @ts-expect-error sortField is an enum
      params: { query: { sortField: "size" } },
    });
  });

  it("types the path parameter of the toggle and the publish result", async () => {
    // @ts-expect-error appId is required
    await admin.PUT("/workflows/migratable/{appId}/", { params: { path: {} } });
    const published = await admin.POST("/workflows/", { body: {} as never });
    expectTypeOf(published.data).toEqualTypeOf<string | undefined>();
  });

  it("names the model each route returns", () => {
    expectTypeOf<ItemOf<"/users/">>().toEqualTypeOf<User>();
    expectTypeOf<ItemOf<"/subscriptions/">>().toEqualTypeOf<Subscription>();
    expectTypeOf<ItemOf<"/collections/">>().toEqualTypeOf<Collection>();
    expectTypeOf<ItemOf<"/schedules/">>().toEqualTypeOf<Schedule>();
    expectTypeOf<ItemOf<"/insights/">>().toEqualTypeOf<Insight>();
    expectTypeOf<ItemOf<"/serverdataconnections/">>().toEqualTypeOf<DataConnection>();
    expectTypeOf<ItemOf<"/systemdataconnections/">>().toEqualTypeOf<SystemDataConnection>();
    expectTypeOf<ItemOf<"/workflows/migratable/">>().toEqualTypeOf<MigratableWorkflow>();
    expectTypeOf<ItemOf<"/auditlog/">>().toEqualTypeOf<AuditEvent>();
    expectTypeOf<
      NonNullable<WorkflowRevisionSet["revisions"]>[number]
    >().toEqualTypeOf<WorkflowRevision>();
    expectTypeOf<
      NonNullable<WorkflowRevisionSet["events"]>[number]
    >().toEqualTypeOf<WorkflowEvent>();
    // Wire types that users rely on.
    expectTypeOf<Job["priority"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Workflow["packageType"]>().toEqualTypeOf<0 | 1 | 2 | undefined>();
  });

  it("types the items of paginate", () => {
    expectTypeOf(paginate(admin, "/users/")).toEqualTypeOf<AsyncGenerator<User, void, undefined>>();
    expectTypeOf<ItemOf<"/workflows/">>().toEqualTypeOf<Workflow>();
    expectTypeOf<ItemOf<"/workflows/all/">>().toEqualTypeOf<WorkflowRevisionSet>();
    expectTypeOf<ItemOf<"/workflows/jobs/">>().toEqualTypeOf<Job>();
    // @ts-expect-error the audit log needs its entity
    paginate(admin, "/auditlog/");
    paginate(admin, "/auditlog/", { query: { entity: "User" } });
    // A route that answers the whole list at once is one page; it has no paging options.
    paginate(admin, "/workflows/jobs/", { query: { includeMessages: false } });
    // @ts-expect-error /workflows/jobs/ has no such parameter
    paginate(admin, "/workflows/jobs/", { query: { page: 1 } });
    // A path chosen at run time takes any query (the server checks it).
    const chosen = "/users/" as ListPath;
    paginate(admin, chosen, { query: { search: "x" } });
    // @ts-expect-error paths outside the list routes are refused
    paginate(admin, "/workflows/migratable/{appId}/");
    // @ts-expect-error paging parameters are set by paginate
    paginate(admin, "/users/", { query: { page: 2 } });
  });

  it("types publishWorkflow's input as the spec's form, with the package in any form", () => {
    expectTypeOf<Omit<PublishWorkflowInput, "file" | "fileName">>().toEqualTypeOf<
      Omit<PublishWorkflowForm, "file">
    >();
    expectTypeOf<PublishWorkflowInput["file"]>().toEqualTypeOf<PackageSource>();
    expectTypeOf<PublishWorkflowInput["fileName"]>().toEqualTypeOf<string | undefined>();
  });
});
