// A deterministic Gallery: the same seed always gives the same users, workflows, events and
// ids. Every date derives from REFERENCE_DATE (never from the clock) so that snapshots and
// contract tests are stable. Records are kept close to the spec's views; routes.ts shapes them.
import type { Faker } from "@faker-js/faker";
import { seededFaker } from "./faker.js";

/** The "now" of the generated data: every generated date lies before it. */
export const REFERENCE_DATE = Date.UTC(2021, 8, 30, 12, 0, 0);
const FIRST_DATE = Date.UTC(2016, 0, 4, 9, 0, 0);

/** The curator every dataset contains, whatever the seed (a known owner for publish tests). */
export const KNOWN_CURATOR = {
  firstName: "Gallery",
  lastName: "Admin",
  email: "gallery.admin@example.com",
} as const;

/** A subscription (studio). */
export interface SubscriptionRecord {
  id: string;
  name: string;
  active: boolean;
  expirationDate: string | null;
  memberPassesPurchased: number;
  memberPassesUsed: number;
  contact: {
    name: string;
    email: string;
    company: string;
    address: {
      country: string;
      addressLine1: string;
      addressLine2: string | null;
      city: string;
      state: string | null;
      postalCode: string;
    };
  } | null;
  dateAdded: string;
}

/** A Gallery user. */
export interface UserRecord {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  subscriptionId: string;
  curator: boolean;
  active: boolean;
  accountLocked: boolean;
  accountLockedAt: string | null;
  canSchedule: boolean;
  canSetPriority: boolean;
  canSetWorkerAssignment: boolean;
  dateAdded: string;
  dateUpdated: string;
  expirationDate: string | null;
  numFailedLogins: number;
  pending: boolean;
  validated: boolean;
  lastLogin: string | null;
  timezone: string;
  language: string;
  sId: string | null;
}

/** One uploaded version of a workflow. */
export interface RevisionRecord {
  id: string;
  version: number;
  authorId: string;
  dateCreated: string;
  executionMode: "Safe" | "SemiSafe" | "Standard";
  runCount: number;
  downloadCount: number;
  canDownload: boolean;
  comments: string | null;
  /** The uploaded package, for published workflows; generated on demand otherwise. */
  packageBytes?: Uint8Array;
}

/** A workflow change event (as /workflows/all/ lists them). */
export interface WorkflowEventRecord {
  userId: string;
  timestamp: string;
  event: "insert" | "update" | "delete";
  oldValues: string | null;
  newValues: string | null;
}

/** A workflow, app or macro. */
export interface WorkflowRecord {
  id: string;
  name: string;
  description: string;
  author: string;
  packageType: 0 | 1 | 2;
  fileName: string;
  ownerId: string;
  subscriptionId: string;
  isPublic: boolean;
  dateMadePublic: string | null;
  runDisabled: boolean;
  runCount: number;
  workerTag: string | null;
  isChained: boolean;
  isE2: boolean;
  isDeleted: boolean;
  isReadyForMigration: boolean;
  revisions: RevisionRecord[];
  publishedRevisionId: string;
  collectionIds: string[];
  lastRunDate: string | null;
  events: WorkflowEventRecord[];
  sourceId: string | null;
}

/** A schedule of a workflow. */
export interface ScheduleRecord {
  id: string;
  workflowId: string;
  ownerId: string;
  name: string;
  comment: string | null;
  enabled: boolean;
  priority: number;
  workerTag: string | null;
  frequency: "Once" | "Hourly" | "Daily" | "Weekly" | "Monthly";
  creationTime: string;
  lastRunTime: string | null;
  nextRunTime: string | null;
  runCount: number;
  timezone: string;
  lastError: string | null;
  cpuName: string;
}

/** A share of something with a user, subscription, etc. inside a collection. */
export interface ShareRecord {
  id: string;
  dateAdded: string;
  addedById: string;
}

/** A collection. */
export interface CollectionRecord {
  id: string;
  name: string;
  ownerId: string;
  dateAdded: string;
  apps: ShareRecord[];
  schedules: ShareRecord[];
  insights: ShareRecord[];
  users: Array<ShareRecord & { isAdmin: boolean; canAdd: boolean }>;
  subscriptions: Array<ShareRecord & { canAdd: boolean }>;
}

/** An insight. */
export interface InsightRecord {
  id: string;
  name: string;
  ownerId: string;
  lastUpdated: string;
}

/** A server or system data connection. */
export interface DataConnectionRecord {
  connectionId: string;
  connectionName: string;
  connectionType: string;
  connectionString: string;
  userIds: string[];
  userGroupIds: string[];
  subscriptionCount: number;
}

/** The last job of a workflow. */
export interface JobRecord {
  id: string;
  appId: string;
  createDate: string;
  status: "Completed" | "Queued" | "Running" | "Error";
  disposition: "Success" | "Warning" | "Error" | "None";
  outputs: Array<{ id: string; formats: string[]; name: string }>;
  messages: Array<{ status: number; text: string; toolId: number }>;
  priority: number;
  workerTag: string | null;
  runWithE2: boolean;
}

/** One audit log event. */
export interface AuditEventRecord {
  id: string;
  entity: AuditEntity;
  entityId: string;
  userId: string;
  timestamp: string;
  event: "insert" | "update" | "delete";
  oldValues: string | null;
  newValues: string | null;
}

/** The entity types of the audit log. */
export type AuditEntity =
  | "AppInfo"
  | "Collection"
  | "Credential"
  | "Subscription"
  | "User"
  | "UserGroup";

/** The whole in-memory Gallery. */
export interface Dataset {
  seed: number;
  subscriptions: SubscriptionRecord[];
  users: UserRecord[];
  workflows: WorkflowRecord[];
  schedules: ScheduleRecord[];
  collections: CollectionRecord[];
  insights: InsightRecord[];
  serverDataConnections: DataConnectionRecord[];
  systemDataConnections: DataConnectionRecord[];
  jobs: JobRecord[];
  auditEvents: AuditEventRecord[];
  userGroupIds: string[];
  credentialIds: string[];
}

/** Sizes of the generated dataset (before any writes). */
export const DATASET_SIZES = {
  subscriptions: 6,
  users: 300,
  workflows: 120,
  schedules: 45,
  collections: 16,
  insights: 24,
  serverDataConnections: 14,
  systemDataConnections: 8,
  userGroups: 10,
  credentials: 12,
} as const;

/** Formats a time as the Gallery does: ISO 8601 with 7 fractional digits. */
export function galleryDate(ms: number, ticks = 0): string {
  return `${new Date(ms).toISOString().slice(0, 23)}${String(ticks % 10_000).padStart(4, "0")}Z`;
}

/** Creates a source of ObjectIds: 4-byte creation time + 8 random bytes from the faker. */
export function objectIdFactory(faker: Faker): (ms: number) => string {
  const seen = new Set<string>();
  return (ms) => {
    for (;;) {
      const id =
        Math.floor(ms / 1000)
          .toString(16)
          .padStart(8, "0") + faker.string.hexadecimal({ length: 16, casing: "lower", prefix: "" });
      if (!seen.has(id)) {
        seen.add(id);
        return id;
      }
    }
  };
}

const WORKFLOW_SUBJECTS = [
  "Sales",
  "Inventory",
  "Payroll",
  "Customer Churn",
  "Marketing Spend",
  "Supplier",
  "Claims",
  "Budget",
  "Forecast",
  "Warehouse",
  "Pricing",
  "Revenue",
  "Headcount",
  "Web Traffic",
  "Loyalty",
];
const WORKFLOW_KINDS = [
  "Report",
  "Extract",
  "Reconciliation",
  "Data Cleanse",
  "Dashboard Feed",
  "Scorecard",
  "Refresh",
  "Audit",
  "Model",
  "Export",
];
const CADENCES = ["Daily", "Weekly", "Monthly", "Quarterly", "Ad hoc"];
const TIMEZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "Europe/London",
  "Europe/Berlin",
  "Asia/Singapore",
];
const LANGUAGES = ["en-US", "en-GB", "de-DE", "fr-FR", "es-ES"];
const CONNECTION_TYPES = [
  ["ODBC", (db: string) => `odbc:DSN=${db};Trusted_Connection=yes`],
  ["OleDB", (db: string) => `oledb:Provider=SQLOLEDB;Data Source=${db};Integrated Security=SSPI`],
  ["Snowflake", (db: string) => `odbc:DSN=${db}_SNOWFLAKE;Warehouse=ANALYTICS`],
  ["Oracle", (db: string) => `oci:${db.toLowerCase()}.example.com:1521/ORCL`],
] as const;

/**
 * Generates the dataset for a seed: same seed, same data (ids, names, dates, events).
 */
export function createDataset(seed = 1): Dataset {
  const faker = seededFaker(seed);
  const objectId = objectIdFactory(faker);
  const between = (from: number, to: number) =>
    faker.number.int({ min: Math.floor(from), max: Math.max(Math.floor(from), Math.floor(to)) });
  const date = (ms: number) => galleryDate(ms, faker.number.int({ min: 0, max: 9999 }));
  const ascii = (s: string) =>
    s
      .normalize("NFKD")
      .replace(/[^A-Za-z0-9]/g, "")
      .toLowerCase();

  // Subscriptions
  const subscriptionNames = faker.helpers.arrayElements(
    [
      "Finance",
      "Operations",
      "Marketing",
      "Supply Chain",
      "Human Resources",
      "Sales Analytics",
      "Risk",
      "Data Engineering",
    ],
    DATASET_SIZES.subscriptions,
  );
  const subscriptions: SubscriptionRecord[] = subscriptionNames.map((name, i) => {
    const added = between(FIRST_DATE, FIRST_DATE + 120 * 86_400_000);
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const purchased = faker.helpers.arrayElement([10, 25, 50, 100]);
    return {
      id: objectId(added),
      name,
      active: i < DATASET_SIZES.subscriptions - 1,
      expirationDate:
        i % 3 === 0 ? null : galleryDate(Date.UTC(2022 + (i % 4), (i * 5) % 12, 1), 0),
      memberPassesPurchased: purchased,
      memberPassesUsed: faker.number.int({ min: 0, max: purchased }),
      contact:
        i % 4 === 3
          ? null
          : {
              name: `${first} ${last}`,
              email: `${ascii(first)}.${ascii(last)}@example.com`,
              company: faker.company.name(),
              address: {
                country: faker.location.country(),
                addressLine1: faker.location.streetAddress(),
                addressLine2: faker.datatype.boolean(0.3)
                  ? faker.location.secondaryAddress()
                  : null,
                city: faker.location.city(),
                state: faker.datatype.boolean(0.6) ? faker.location.state() : null,
                postalCode: faker.location.zipCode(),
              },
            },
      dateAdded: date(added),
    };
  });

  // Users
  const emails = new Set<string>();
  const users: UserRecord[] = [];
  for (let i = 0; i < DATASET_SIZES.users; i++) {
    const known = i === 0;
    const firstName = known ? KNOWN_CURATOR.firstName : faker.person.firstName();
    const lastName = known ? KNOWN_CURATOR.lastName : faker.person.lastName();
    let email = known
      ? KNOWN_CURATOR.email
      : `${ascii(firstName)}.${ascii(lastName)}@${faker.helpers.arrayElement(["example.com", "example.org", "example.net"])}`;
    for (let n = 2; emails.has(email); n++) email = email.replace(/(\d*)@/, `${n}@`);
    emails.add(email);
    const added = known ? FIRST_DATE : between(FIRST_DATE, REFERENCE_DATE - 30 * 86_400_000);
    const updated = between(added, REFERENCE_DATE - 86_400_000);
    const locked = !known && faker.datatype.boolean(0.04);
    const subscription = known
      ? subscriptions[0]
      : faker.helpers.weightedArrayElement(
          subscriptions.map((s, k) => ({ value: s, weight: 6 - Math.min(k, 5) })),
        );
    users.push({
      id: objectId(added),
      firstName,
      lastName,
      email,
      subscriptionId: subscription?.id ?? "",
      curator: known || faker.datatype.boolean(0.05),
      active: known || faker.datatype.boolean(0.92),
      accountLocked: locked,
      accountLockedAt: locked ? date(between(updated, REFERENCE_DATE)) : null,
      canSchedule: known || faker.datatype.boolean(0.7),
      canSetPriority: known || faker.datatype.boolean(0.3),
      canSetWorkerAssignment: known || faker.datatype.boolean(0.2),
      dateAdded: date(added),
      dateUpdated: date(updated),
      expirationDate:
        !known && faker.datatype.boolean(0.1)
          ? galleryDate(Date.UTC(2022, faker.number.int({ min: 0, max: 11 }), 1), 0)
          : null,
      numFailedLogins: locked
        ? 5
        : faker.helpers.weightedArrayElement([
            { value: 0, weight: 8 },
            { value: 1, weight: 2 },
            { value: 2, weight: 1 },
          ]),
      pending: !known && faker.datatype.boolean(0.03),
      validated: known || faker.datatype.boolean(0.95),
      lastLogin: faker.datatype.boolean(0.9) ? date(between(updated, REFERENCE_DATE)) : null,
      timezone: faker.helpers.arrayElement(TIMEZONES),
      language: faker.helpers.arrayElement(LANGUAGES),
      sId: faker.datatype.boolean(0.5)
        ? `S-1-5-21-${faker.number.int({ min: 1e9, max: 4e9 })}-${faker.number.int({ min: 1e9, max: 4e9 })}-${faker.number.int({ min: 1000, max: 99999 })}`
        : null,
    });
  }
  const activeUsers = users.filter((u) => u.active);
  const userGroupIds = Array.from({ length: DATASET_SIZES.userGroups }, () =>
    objectId(between(FIRST_DATE, REFERENCE_DATE)),
  );
  const credentialIds = Array.from({ length: DATASET_SIZES.credentials }, () =>
    objectId(between(FIRST_DATE, REFERENCE_DATE)),
  );

  // Workflows with revisions and events
  const names = new Set<string>();
  const workflows: WorkflowRecord[] = [];
  for (let i = 0; i < DATASET_SIZES.workflows; i++) {
    let name = "";
    do {
      name = `${faker.helpers.arrayElement(CADENCES)} ${faker.helpers.arrayElement(WORKFLOW_SUBJECTS)} ${faker.helpers.arrayElement(WORKFLOW_KINDS)}`;
    } while (names.has(name));
    names.add(name);
    const owner = faker.helpers.arrayElement(activeUsers);
    const packageType = faker.helpers.weightedArrayElement([
      { value: 1 as const, weight: 7 },
      { value: 0 as const, weight: 2 },
      { value: 2 as const, weight: 1 },
    ]);
    const created = between(Date.parse(owner.dateAdded), REFERENCE_DATE - 20 * 86_400_000);
    const revisionCount = faker.number.int({ min: 1, max: 4 });
    // some workflows were published and never run: no last job, no lastRunDate
    const neverRun = faker.datatype.boolean(0.08);
    const revisions: RevisionRecord[] = [];
    let at = created;
    for (let v = 1; v <= revisionCount; v++) {
      const author =
        v === 1 || faker.datatype.boolean(0.7) ? owner : faker.helpers.arrayElement(activeUsers);
      revisions.push({
        id: objectId(at),
        version: v,
        authorId: author.id,
        dateCreated: date(at),
        executionMode: faker.helpers.arrayElement(["Safe", "SemiSafe", "Standard"] as const),
        runCount: neverRun ? 0 : faker.number.int({ min: 1, max: 400 }),
        downloadCount: faker.number.int({ min: 0, max: 40 }),
        canDownload: faker.datatype.boolean(0.8),
        comments: faker.datatype.boolean(0.5) ? faker.git.commitMessage() : null,
      });
      at = between(at + 86_400_000, Math.min(at + 200 * 86_400_000, REFERENCE_DATE - 86_400_000));
    }
    const published = faker.datatype.boolean(0.85)
      ? revisions[revisions.length - 1]
      : faker.helpers.arrayElement(revisions);
    const isDeleted = faker.datatype.boolean(0.04);
    const isPublic = faker.datatype.boolean(0.3);
    const runCount = revisions.reduce((sum, r) => sum + r.runCount, 0);
    const events: WorkflowEventRecord[] = [
      {
        userId: owner.id,
        timestamp: revisions[0]?.dateCreated ?? date(created),
        event: "insert",
        oldValues: null,
        newValues: JSON.stringify({ Name: name, OwnerId: owner.id, Version: 1 }),
      },
      ...revisions.slice(1).map((r) => ({
        userId: r.authorId,
        timestamp: r.dateCreated,
        event: "update" as const,
        oldValues: JSON.stringify({ Version: r.version - 1 }),
        newValues: JSON.stringify({ Version: r.version }),
      })),
    ];
    if (isDeleted) {
      events.push({
        userId: owner.id,
        timestamp: date(between(Date.parse(revisions.at(-1)?.dateCreated ?? ""), REFERENCE_DATE)),
        event: "delete",
        oldValues: JSON.stringify({ IsDeleted: false }),
        newValues: JSON.stringify({ IsDeleted: true }),
      });
    }
    workflows.push({
      id: objectId(created),
      name,
      description: `${faker.company.buzzPhrase()} for the ${faker.helpers.arrayElement(subscriptions).name} team.`,
      author: faker.datatype.boolean(0.7) ? `${owner.firstName} ${owner.lastName}` : "",
      packageType,
      fileName: `${name}.${packageType === 0 ? "yxwz" : packageType === 2 ? "yxmc" : "yxmd"}`,
      ownerId: owner.id,
      subscriptionId: owner.subscriptionId,
      isPublic,
      dateMadePublic: isPublic ? date(between(created, REFERENCE_DATE)) : null,
      runDisabled: faker.datatype.boolean(0.05),
      runCount,
      workerTag: faker.datatype.boolean(0.2)
        ? faker.helpers.arrayElement(["gpu", "highmem", "finance"])
        : null,
      isChained: packageType === 0 && faker.datatype.boolean(0.2),
      isE2: faker.datatype.boolean(0.1),
      isDeleted,
      isReadyForMigration: !isDeleted && faker.datatype.boolean(0.15),
      revisions,
      publishedRevisionId: published?.id ?? "",
      collectionIds: [],
      lastRunDate:
        runCount > 0 ? date(between(created + 86_400_000, REFERENCE_DATE - 3_600_000)) : null,
      events,
      sourceId: null,
    });
  }
  const liveWorkflows = workflows.filter((w) => !w.isDeleted);

  // Insights
  const insights: InsightRecord[] = Array.from({ length: DATASET_SIZES.insights }, () => {
    const owner = faker.helpers.arrayElement(activeUsers);
    const updated = between(Date.parse(owner.dateAdded), REFERENCE_DATE);
    return {
      id: objectId(updated - 30 * 86_400_000),
      name: `${faker.helpers.arrayElement(WORKFLOW_SUBJECTS)} ${faker.helpers.arrayElement(["dashboard", "overview", "trends", "KPIs"])}`,
      ownerId: owner.id,
      lastUpdated: date(updated),
    };
  });

  // Schedules
  const schedules: ScheduleRecord[] = Array.from({ length: DATASET_SIZES.schedules }, () => {
    const workflow = faker.helpers.arrayElement(liveWorkflows);
    const owner = users.find((u) => u.id === workflow.ownerId) ?? activeUsers[0];
    const created = between(Date.parse(workflow.revisions[0]?.dateCreated ?? ""), REFERENCE_DATE);
    const frequency = faker.helpers.arrayElement([
      "Once",
      "Hourly",
      "Daily",
      "Weekly",
      "Monthly",
    ] as const);
    const enabled = faker.datatype.boolean(0.8);
    const failed = faker.datatype.boolean(0.1);
    return {
      id: objectId(created),
      workflowId: workflow.id,
      ownerId: owner?.id ?? "",
      name: `${frequency} ${workflow.name.toLowerCase()}`,
      comment: faker.datatype.boolean(0.5) ? faker.lorem.sentence() : null,
      enabled,
      priority: faker.number.int({ min: 0, max: 4 }),
      workerTag: workflow.workerTag,
      frequency,
      creationTime: date(created),
      lastRunTime: enabled ? date(between(created, REFERENCE_DATE)) : null,
      nextRunTime:
        enabled && frequency !== "Once"
          ? date(REFERENCE_DATE + between(3_600_000, 30 * 86_400_000))
          : null,
      runCount: faker.number.int({ min: 0, max: 900 }),
      timezone: owner?.timezone ?? "America/New_York",
      lastError: failed ? "Error: the data source could not be opened (timeout)." : null,
      cpuName: `GALLERY-WORKER-0${faker.number.int({ min: 1, max: 4 })}`,
    };
  });

  // Collections
  const collections: CollectionRecord[] = Array.from(
    { length: DATASET_SIZES.collections },
    (_, i) => {
      const owner = faker.helpers.arrayElement(activeUsers.filter((u) => u.curator)) ?? users[0];
      const added = between(FIRST_DATE + 90 * 86_400_000, REFERENCE_DATE - 60 * 86_400_000);
      const share = (id: string): ShareRecord => ({
        id,
        dateAdded: date(between(added, REFERENCE_DATE)),
        addedById: owner?.id ?? "",
      });
      const apps = faker.helpers.arrayElements(liveWorkflows, { min: 1, max: 12 });
      return {
        id: objectId(added),
        name: `${subscriptions[i % subscriptions.length]?.name ?? "Shared"} ${faker.helpers.arrayElement(["Reports", "Apps", "Macros", "Team", "Archive", "Sandbox"])}${i >= subscriptions.length ? ` ${Math.floor(i / subscriptions.length) + 1}` : ""}`,
        ownerId: owner?.id ?? "",
        dateAdded: date(added),
        apps: apps.map((w) => share(w.id)),
        schedules: faker.helpers
          .arrayElements(
            schedules.filter((s) => apps.some((a) => a.id === s.workflowId)),
            {
              min: 0,
              max: 3,
            },
          )
          .map((s) => share(s.id)),
        insights: faker.helpers.arrayElements(insights, { min: 0, max: 3 }).map((s) => share(s.id)),
        users: faker.helpers.arrayElements(activeUsers, { min: 1, max: 8 }).map((u) => ({
          ...share(u.id),
          isAdmin: faker.datatype.boolean(0.1),
          canAdd: faker.datatype.boolean(0.3),
        })),
        subscriptions: faker.helpers
          .arrayElements(subscriptions, { min: 0, max: 2 })
          .map((s) => ({ ...share(s.id), canAdd: faker.datatype.boolean(0.3) })),
      };
    },
  );
  for (const collection of collections) {
    for (const app of collection.apps) {
      workflows.find((w) => w.id === app.id)?.collectionIds.push(collection.id);
    }
  }

  // Data connections
  const dataConnection = (i: number, server: boolean): DataConnectionRecord => {
    const [type, build] = CONNECTION_TYPES[i % CONNECTION_TYPES.length] ?? CONNECTION_TYPES[0];
    const db = `${faker.helpers.arrayElement(WORKFLOW_SUBJECTS).replace(/ /g, "")}${server ? "DW" : "SYS"}${i + 1}`;
    return {
      connectionId: objectId(between(FIRST_DATE, REFERENCE_DATE)),
      connectionName: `${db} (${type})`,
      connectionType: type,
      connectionString: build(db),
      userIds: server
        ? faker.helpers.arrayElements(activeUsers, { min: 0, max: 6 }).map((u) => u.id)
        : [],
      userGroupIds: server ? faker.helpers.arrayElements(userGroupIds, { min: 0, max: 2 }) : [],
      subscriptionCount: server ? faker.number.int({ min: 0, max: 3 }) : 0,
    };
  };
  const serverDataConnections = Array.from(
    { length: DATASET_SIZES.serverDataConnections },
    (_, i) => dataConnection(i, true),
  );
  const systemDataConnections = Array.from(
    { length: DATASET_SIZES.systemDataConnections },
    (_, i) => dataConnection(i, false),
  );

  // Jobs: the last run of every workflow that ran
  const jobs: JobRecord[] = [];
  for (const workflow of workflows) {
    if (workflow.lastRunDate === null) continue;
    const created = Date.parse(workflow.lastRunDate);
    const outcome = faker.helpers.weightedArrayElement([
      { value: "Success" as const, weight: 8 },
      { value: "Warning" as const, weight: 2 },
      { value: "Error" as const, weight: 1 },
    ]);
    const outputs = faker.helpers
      .arrayElements(["Extract.csv", "Summary.xlsx", "Report.pdf", "Output.yxdb"], {
        min: 0,
        max: 2,
      })
      .map((name) => ({
        id: objectId(created),
        formats: name.endsWith(".yxdb") ? ["Raw", "Yxdb", "Csv"] : ["Raw"],
        name,
      }));
    jobs.push({
      id: objectId(created),
      appId: workflow.id,
      createDate: galleryDate(created, faker.number.int({ min: 0, max: 9999 })),
      status: outcome === "Error" ? "Error" : "Completed",
      disposition: outcome,
      outputs,
      messages: [
        { status: 1, text: "Started running", toolId: -1 },
        ...(outcome === "Warning"
          ? [
              {
                status: 2,
                text: "Warning: 3 records were truncated.",
                toolId: faker.number.int({ min: 1, max: 40 }),
              },
            ]
          : []),
        ...(outcome === "Error"
          ? [
              {
                status: 3,
                text: "Error: the input file could not be found.",
                toolId: faker.number.int({ min: 1, max: 40 }),
              },
            ]
          : []),
        {
          status: 1,
          text: `Finished in ${faker.number.float({ min: 0.4, max: 90, fractionDigits: 1 })} seconds`,
          toolId: -1,
        },
      ],
      priority: faker.number.int({ min: 0, max: 2 }),
      workerTag: workflow.workerTag,
      runWithE2: workflow.isE2,
    });
  }

  // Audit log: workflow events, then changes to the other entities, in time order
  const auditEvents: AuditEventRecord[] = [];
  for (const workflow of workflows) {
    for (const event of workflow.events) {
      auditEvents.push({
        id: "",
        entity: "AppInfo",
        entityId: workflow.id,
        userId: event.userId,
        timestamp: event.timestamp,
        event: event.event,
        oldValues: event.oldValues,
        newValues: event.newValues,
      });
    }
  }
  const curators = users.filter((u) => u.curator);
  const entityIds: Record<Exclude<AuditEntity, "AppInfo">, string[]> = {
    Collection: collections.map((c) => c.id),
    Credential: credentialIds,
    Subscription: subscriptions.map((s) => s.id),
    User: users.map((u) => u.id),
    UserGroup: userGroupIds,
  };
  const changes: Record<
    Exclude<AuditEntity, "AppInfo">,
    Array<[string, () => unknown, () => unknown]>
  > = {
    Collection: [["Name", () => faker.word.words(2), () => faker.word.words(2)]],
    Credential: [
      [
        "UserName",
        () => `EXAMPLE\\${faker.internet.username()}`,
        () => `EXAMPLE\\${faker.internet.username()}`,
      ],
    ],
    Subscription: [["MemberPassesPurchased", () => 10, () => 25]],
    User: [
      ["Active", () => true, () => false],
      ["CanSchedule", () => false, () => true],
      [
        "Email",
        () => faker.internet.email({ provider: "example.com" }).toLowerCase(),
        () => faker.internet.email({ provider: "example.com" }).toLowerCase(),
      ],
    ],
    UserGroup: [["Name", () => faker.word.words(2), () => faker.word.words(2)]],
  };
  const weights: Array<{ value: Exclude<AuditEntity, "AppInfo">; weight: number }> = [
    { value: "User", weight: 6 },
    { value: "Collection", weight: 2 },
    { value: "Subscription", weight: 1 },
    { value: "Credential", weight: 1 },
    { value: "UserGroup", weight: 1 },
  ];
  while (auditEvents.length < 1200) {
    const entity = faker.helpers.weightedArrayElement(weights);
    const [field, before, after] = faker.helpers.arrayElement(changes[entity]);
    const kind = faker.helpers.weightedArrayElement([
      { value: "update" as const, weight: 8 },
      { value: "insert" as const, weight: 1 },
      { value: "delete" as const, weight: 1 },
    ]);
    const entityId = faker.helpers.arrayElement(entityIds[entity]);
    // An ObjectId starts with its creation time: an entity changes only after it was created,
    // and its insert event is its creation.
    const created = Number.parseInt(entityId.slice(0, 8), 16) * 1000;
    auditEvents.push({
      id: "",
      entity,
      entityId,
      userId: (faker.helpers.arrayElement(curators) ?? users[0])?.id ?? "",
      timestamp: date(kind === "insert" ? created : between(created, REFERENCE_DATE)),
      event: kind,
      oldValues: kind === "insert" ? null : JSON.stringify({ [field]: before() }),
      newValues: kind === "delete" ? null : JSON.stringify({ [field]: after() }),
    });
  }
  auditEvents.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  for (const event of auditEvents) event.id = objectId(Date.parse(event.timestamp));

  return {
    seed,
    subscriptions,
    users,
    workflows,
    schedules,
    collections,
    insights,
    serverDataConnections,
    systemDataConnections,
    jobs,
    auditEvents,
    userGroupIds,
    credentialIds,
  };
}
