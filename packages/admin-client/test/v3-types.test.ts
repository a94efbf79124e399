/**
 * Type tests of the v3 client and helpers: enforced by `pnpm typecheck` (tsc over test/). The
 * calls go to a fake fetch that answers an empty list, so the file also runs under vitest.
 */
import { describe, expectTypeOf, it } from "vitest";
import {
  createServerClient,
  type FinishedJob,
  type JobView,
  paginate,
  runWorkflow,
  unwrap,
  type V3Components,
  type V3ItemOf,
} from "../src/index.js";
import { fakeFetch, json } from "./fake-fetch.js";

type Schemas = V3Components["schemas"];
const fetch = fakeFetch((request) =>
  request.url.endsWith("/oauth2/token")
    ? json({ access_token: "t", token_type: "bearer", expires_in: 3600 })
    : json([]),
);
const server = createServerClient({
  baseUrl: "https://alteryx.example.com/webapi",
  consumerKey: "key",
  consumerSecret: "secret",
  fetch,
});

describe("v3 types", () => {
  it("types the v3 paths, their query and their answers", async () => {
    const users = unwrap(await server.GET("/v3/users", { params: { query: { view: "Full" } } }));
    expectTypeOf(users).toEqualTypeOf<(Schemas["ReducedUserView"] | Schemas["UserView"])[]>();
    // @ts-expect-error view is Default or Full
    await server.GET("/v3/users", { params: { query: { view: "All" } } });
    // @ts-expect-error the paths start with /v3
    await server.GET("/users");
  });

  it("types paginate's items from the paging table, envelope included", async () => {
    expectTypeOf<V3ItemOf<"/v3/jobs">>().toEqualTypeOf<Schemas["PagedJobSummaryView"]>();
    expectTypeOf<V3ItemOf<"/v3/workflows/{workflowId}/jobs">>().toEqualTypeOf<
      Schemas["WorkflowJobView"]
    >();
    for await (const run of paginate(server, "/v3/workflows/{workflowId}/jobs", {
      path: { workflowId: "w" },
    })) {
      expectTypeOf(run).toEqualTypeOf<Schemas["WorkflowJobView"]>();
    }
    // @ts-expect-error the workflow's id is required
    paginate(server, "/v3/workflows/{workflowId}/jobs");
    // @ts-expect-error offset and limit are set by paginate
    paginate(server, "/v3/jobs", { query: { offset: 3 } });
  });

  it("types runWorkflow's answer by whether it waits", () => {
    // Wrapped in functions that are never called: a call would run against the fake fetch.
    expectTypeOf(() => runWorkflow(server, "w")).returns.toEqualTypeOf<Promise<JobView>>();
    expectTypeOf(() => runWorkflow(server, "w", { wait: {} })).returns.toEqualTypeOf<
      Promise<FinishedJob>
    >();
  });
});
