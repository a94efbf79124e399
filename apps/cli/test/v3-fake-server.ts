/**
 * A small stand-in for a Server's `/webapi` (token endpoint and the few v3 routes the tests of
 * v3-commands.test.ts call), on 127.0.0.1, for what the mock Gallery cannot do: a small fixed
 * dataset, jobs with scripted outcomes and messages, stored secrets with sentinel values, and a
 * record of every request and of schedule queries; it can fail one chosen request once (fault
 * injection). Ordinary v3 behaviour is tested against the mock (v3-mock.test.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/** A user of the fake server. */
export interface FakeUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: string;
  isActive: boolean;
  lastLoginDateTime: string | null;
  dateCreated: string;
}

/** The fake server's state, readable by the tests. */
export interface FakeState {
  users: FakeUser[];
  /** Assets by kind: id -> { name, ownerId }. */
  assets: Record<
    "workflows" | "schedules" | "collections",
    Map<string, { name: string; ownerId: string }>
  >;
  groups: Map<string, { name: string; role: string; members: Set<string> }>;
  jobs: Map<string, { appId: string; polls: number; fails: boolean }>;
  schedules: Map<
    string,
    { name: string; workflowId: string; ownerId: string; enabled: boolean; hourOfDay: number }
  >;
  /** Query strings of each GET /v3/schedules, in order. */
  scheduleQueries: URLSearchParams[];
}

/** A running fake server. */
export interface FakeServer {
  /** http://127.0.0.1:<port>/webapi/admin/v1: the URL to configure. */
  url: string;
  key: string;
  secret: string;
  state: FakeState;
  /** Requests by "METHOD /v3/path" (ids included), token requests as "POST /oauth2/token". */
  counts: Map<string, number>;
  /** Makes the next request whose "METHOD path" starts with `prefix` answer 500, once. */
  failOnce(prefix: string): void;
  count(prefix: string): number;
  close(): Promise<void>;
}

const id = (n: number) => n.toString(16).padStart(24, "0");

/** The messages of an ended job's run. */
const jobMessages = (fails: boolean) => [
  {
    status: fails ? 3 : 1,
    text: fails ? "Tool 4: division by zero" : "Finished in 0.1 seconds",
    toolId: 4,
  },
];

/** The sentinel password the fake's stored credential carries (`credentials list` must drop it). */
export const CREDENTIAL_PASSWORD = "sentinel-credential-password-never-print";

/** The seed: Grace owns two workflows, a collection and is in one group; Ada receives. */
export function seedState(): FakeState {
  const users: FakeUser[] = [
    {
      id: id(1),
      email: "ada@example.com",
      firstName: "Ada",
      lastName: "Lovelace",
      role: "Curator",
      isActive: true,
      lastLoginDateTime: new Date().toISOString(),
      dateCreated: "2020-01-01T00:00:00Z",
    },
    {
      id: id(2),
      email: "grace@example.com",
      firstName: "Grace",
      lastName: "Hopper",
      role: "Artisan",
      isActive: true,
      lastLoginDateTime: "2020-06-01T00:00:00Z",
      dateCreated: "2020-01-02T00:00:00Z",
    },
    {
      id: id(3),
      email: "alan@example.com",
      firstName: "Alan",
      lastName: "Turing",
      role: "Member",
      isActive: true,
      lastLoginDateTime: null,
      dateCreated: "2020-01-03T00:00:00Z",
    },
  ];
  return {
    users,
    assets: {
      workflows: new Map([
        [id(101), { name: "Sales", ownerId: id(2) }],
        [id(102), { name: "Costs", ownerId: id(2) }],
        [id(103), { name: "Succeeds", ownerId: id(1) }],
        [id(104), { name: "Fails", ownerId: id(1) }],
      ]),
      schedules: new Map(),
      collections: new Map([[id(201), { name: "Finance", ownerId: id(2) }]]),
    },
    groups: new Map([
      [id(301), { name: "Analysts", role: "Artisan", members: new Set([id(2), id(3)]) }],
      [id(302), { name: "Readers", role: "Viewer", members: new Set([id(3)]) }],
    ]),
    jobs: new Map(),
    schedules: new Map([
      [
        id(401),
        { name: "Nightly sales", workflowId: id(101), ownerId: id(2), enabled: true, hourOfDay: 2 },
      ],
      [
        id(402),
        {
          name: "Morning costs",
          workflowId: id(102),
          ownerId: id(2),
          enabled: false,
          hourOfDay: 7,
        },
      ],
    ]),
    scheduleQueries: [],
  };
}

async function bodyOf(req: IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(body === undefined ? "" : JSON.stringify(body));
}

type Handler = (match: string[], query: URLSearchParams, body: unknown) => [number, unknown?];

/** The v3 routes: [method, path pattern, handler]. */
function routes(state: FakeState): Array<[string, RegExp, Handler]> {
  const user = (uid: string) => state.users.find((u) => u.id === uid);
  const owned = (kind: keyof FakeState["assets"], uid: string) =>
    [...state.assets[kind]]
      .filter(([, a]) => a.ownerId === uid)
      .map(([aid, a]) => ({ id: aid, name: a.name }));
  const groupView = (gid: string) => {
    const g = state.groups.get(gid);
    return (
      g && {
        id: gid,
        name: g.name,
        role: g.role,
        dateAdded: "2020-01-01T00:00:00Z",
        members: [...g.members].map((m) => ({ userId: m })),
      }
    );
  };
  return [
    [
      "GET",
      /^\/v3\/users$/,
      (_m, q) => {
        let list = state.users;
        if (q.get("email")) list = list.filter((u) => u.email === q.get("email"));
        if (q.get("active")) list = list.filter((u) => String(u.isActive) === q.get("active"));
        if (q.get("role")) list = list.filter((u) => u.role === q.get("role"));
        return [
          200,
          q.get("view") === "Full" ? list : list.map(({ lastLoginDateTime: _, ...u }) => u),
        ];
      },
    ],
    [
      "GET",
      /^\/v3\/users\/(\w+)$/,
      ([uid]) => (user(uid as string) ? [200, user(uid as string)] : [404, "not found"]),
    ],
    [
      "GET",
      /^\/v3\/users\/(\w+)\/assets$/,
      ([uid]) => [
        200,
        {
          workflows: owned("workflows", uid as string),
          schedules: owned("schedules", uid as string),
          collections: owned("collections", uid as string),
        },
      ],
    ],
    [
      "PUT",
      /^\/v3\/users\/(\w+)\/assetTransfer$/,
      ([uid], _q, body) => {
        const b = body as {
          ownerId: string;
          transferWorkflows: boolean;
          transferSchedules: boolean;
          transferCollections: boolean;
        };
        const flags = {
          workflows: b.transferWorkflows,
          schedules: b.transferSchedules,
          collections: b.transferCollections,
        };
        for (const kind of ["workflows", "schedules", "collections"] as const)
          if (flags[kind])
            for (const a of state.assets[kind].values())
              if (a.ownerId === uid) a.ownerId = b.ownerId;
        return [200, []];
      },
    ],
    [
      "POST",
      /^\/v3\/users\/(\w+)\/deactivate$/,
      ([uid]) => {
        const u = user(uid as string);
        if (!u) return [404, "not found"];
        u.isActive = false;
        const removed = [...state.groups]
          .filter(([, g]) => g.members.delete(u.id))
          .map(([gid]) => gid);
        return [200, removed];
      },
    ],
    [
      "GET",
      /^\/v3\/usergroups$/,
      () => [200, [...state.groups].map(([gid, g]) => ({ id: gid, name: g.name, role: g.role }))],
    ],
    [
      "GET",
      /^\/v3\/usergroups\/(\w+)$/,
      ([gid]) =>
        state.groups.has(gid as string) ? [200, groupView(gid as string)] : [404, "not found"],
    ],
    [
      "DELETE",
      /^\/v3\/usergroups\/(\w+)\/users\/(\w+)$/,
      ([gid, uid]) => {
        state.groups.get(gid as string)?.members.delete(uid as string);
        return [200, groupView(gid as string)];
      },
    ],
    [
      "GET",
      /^\/v3\/workflows$/,
      (_m, q) => [
        200,
        [...state.assets.workflows]
          .filter(([, w]) => !q.get("name") || w.name === q.get("name"))
          .map(([wid, w]) => ({ id: wid, name: w.name, ownerId: w.ownerId })),
      ],
    ],
    [
      "POST",
      /^\/v3\/workflows\/(\w+)\/jobs$/,
      ([wid]) => {
        const jid = id(1000 + state.jobs.size);
        const w = state.assets.workflows.get(wid as string);
        if (!w) return [404, "not found"];
        state.jobs.set(jid, { appId: wid as string, polls: 0, fails: w.name === "Fails" });
        return [
          200,
          { id: jid, appId: wid, status: "Queued", disposition: "None", messages: [], outputs: [] },
        ];
      },
    ],
    [
      "GET",
      /^\/v3\/jobs\/(\w+)$/,
      ([jid]) => {
        const job = state.jobs.get(jid as string);
        if (!job) return [404, "not found"];
        job.polls++;
        const status = job.polls === 1 ? "Running" : "Completed";
        const done = status === "Completed";
        return [
          200,
          {
            id: jid,
            appId: job.appId,
            status,
            disposition: done ? (job.fails ? "Error" : "Success") : "None",
            messages: done ? jobMessages(job.fails) : [],
            outputs: [],
          },
        ];
      },
    ],
    [
      "GET",
      /^\/v3\/jobs\/(\w+)\/messages$/,
      ([jid]) => {
        const job = state.jobs.get(jid as string);
        if (!job) return [404, "not found"];
        // What runWorkflow's wait reads once the job has ended.
        return [200, job.polls >= 2 ? jobMessages(job.fails) : []];
      },
    ],
  ];
}

/** Starts the fake server on 127.0.0.1, port 0. */
export async function startFakeServer(state: FakeState = seedState()): Promise<FakeServer> {
  const key = "fake-key";
  const secret = "FAKE-SECRET-never-print-me";
  const token = "FAKE-TOKEN-never-print-me";
  const counts = new Map<string, number>();
  const faults: string[] = [];
  const table = [...routes(state), ...moreRoutes(state)];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname.replace(/^\/webapi/, "");
    const line = `${req.method} ${path}`;
    counts.set(line, (counts.get(line) ?? 0) + 1);
    const body = await bodyOf(req).catch(() => undefined);
    if (line === "POST /oauth2/token")
      return send(res, 200, { access_token: token, token_type: "bearer", expires_in: 3600 });
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(res, 401, { message: "Authorization has been denied for this request." });
    const fault = faults.findIndex((prefix) => line.startsWith(prefix));
    if (fault >= 0) {
      faults.splice(fault, 1);
      return send(res, 500, { message: "injected failure" });
    }
    for (const [method, pattern, handler] of table) {
      const match = method === req.method ? pattern.exec(path) : null;
      if (match) {
        const [status, answer] = handler(match.slice(1), url.searchParams, body);
        return send(res, status, answer);
      }
    }
    send(res, 404, { message: `no route ${line}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/webapi/admin/v1`,
    key,
    secret,
    state,
    counts,
    failOnce: (prefix) => faults.push(prefix),
    count: (prefix) =>
      [...counts].filter(([l]) => l.startsWith(prefix)).reduce((n, [, c]) => n + c, 0),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The next daily run of a schedule at or after `from` (UTC). */
function nextDaily(hour: number, from: Date): Date {
  const next = new Date(
    Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), hour),
  );
  if (next < from) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/** Schedules (with the 45-day rule of runsAfter/runsBefore), the job queue, credentials, connections. */
function moreRoutes(state: FakeState): Array<[string, RegExp, Handler]> {
  const DAY = 86_400_000;
  return [
    [
      "GET",
      /^\/v3\/schedules$/,
      (_m, q) => {
        state.scheduleQueries.push(q);
        const after = q.get("runsAfter");
        const before = q.get("runsBefore");
        if ((after === null) !== (before === null))
          return [400, "runsAfter and runsBefore go together"];
        if (after && before && Date.parse(before) - Date.parse(after) > 45 * DAY)
          return [400, "runsAfter and runsBefore may be at most 45 days apart"];
        const from = after ? new Date(after) : new Date();
        const full = q.get("view") === "Full";
        const rows = [...state.schedules]
          .filter(([, sc]) => !after || sc.enabled)
          .map(([sid, sc]) => ({
            id: sid,
            name: sc.name,
            workflowId: sc.workflowId,
            ownerId: sc.ownerId,
            runDateTime: nextDaily(sc.hourOfDay, from).toISOString(),
            timeZone: "UTC",
            ...(full && { enabled: sc.enabled, frequency: "Daily", state: "Active" }),
          }))
          .filter((r) => !before || Date.parse(r.runDateTime) < Date.parse(before));
        return [200, rows];
      },
    ],
    [
      "GET",
      /^\/v3\/jobs$/,
      (_m, q) => {
        const all = [...state.jobs].map(([jid, j]) => ({
          jobId: jid,
          status: j.polls > 1 ? "Complete" : "Queued",
          workflowId: j.appId,
          workflowName: state.assets.workflows.get(j.appId)?.name ?? null,
          submittedBy: "ada@example.com",
          queueTime: "2026-12-02T11:00:00Z",
          priority: "Default",
        }));
        const offset = Number(q.get("offset") ?? 0);
        const limit = Number(q.get("limit") ?? 50);
        return [
          200,
          {
            data: all.slice(offset, offset + limit),
            pagination: {
              currentPage: Math.floor(offset / limit) + 1,
              pageSize: limit,
              totalItems: all.length,
              hasNextPage: offset + limit < all.length,
            },
          },
        ];
      },
    ],
    [
      "GET",
      /^\/v3\/credentials$/,
      // Password fields with sentinel values, which the API never answers: `credentials list`
      // must drop them should a server ever send them.
      () => [
        200,
        [
          {
            id: id(501),
            userName: "CORP\\svc-etl",
            password: CREDENTIAL_PASSWORD,
            passwordConfirm: CREDENTIAL_PASSWORD,
            clientSecret: CREDENTIAL_PASSWORD,
            userIds: [id(2)],
            userGroupIds: [],
          },
        ],
      ],
    ],
    [
      "GET",
      /^\/v3\/serverDataConnections$/,
      () => [
        200,
        [
          {
            id: id(601),
            name: "Sales DW",
            connectionType: "ODBC",
            connectionString: "odbc:DSN=SalesDW;UID=etl;PWD=hunter2-never-print;",
            userIds: [],
            userGroupIds: [id(301)],
          },
        ],
      ],
    ],
  ];
}
