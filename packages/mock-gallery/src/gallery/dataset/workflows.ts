// Workflows, apps and macros, each with its revisions and its change events.
import { DATASET_SIZES, type Generation, REFERENCE_DATE, WORKFLOW_SUBJECTS } from "./generation.js";
import type {
  RevisionRecord,
  SubscriptionRecord,
  UserRecord,
  WorkflowEventRecord,
  WorkflowRecord,
} from "./records.js";

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

/** The workflows, with unique names, owned by active users. */
export function generateWorkflows(
  g: Generation,
  activeUsers: readonly UserRecord[],
  subscriptions: readonly SubscriptionRecord[],
): WorkflowRecord[] {
  const names = new Set<string>();
  return Array.from({ length: DATASET_SIZES.workflows }, () =>
    generateWorkflow(g, uniqueName(g, names), activeUsers, subscriptions),
  );
}

function uniqueName(g: Generation, names: Set<string>): string {
  const { faker } = g;
  let name = "";
  do {
    name = `${faker.helpers.arrayElement(CADENCES)} ${faker.helpers.arrayElement(WORKFLOW_SUBJECTS)} ${faker.helpers.arrayElement(WORKFLOW_KINDS)}`;
  } while (names.has(name));
  names.add(name);
  return name;
}

function generateWorkflow(
  g: Generation,
  name: string,
  activeUsers: readonly UserRecord[],
  subscriptions: readonly SubscriptionRecord[],
): WorkflowRecord {
  const { faker, objectId, between, date } = g;
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
  const revisions = generateRevisions(g, owner, activeUsers, created, revisionCount, neverRun);
  const published = faker.datatype.boolean(0.85)
    ? revisions[revisions.length - 1]
    : faker.helpers.arrayElement(revisions);
  const isDeleted = faker.datatype.boolean(0.04);
  const isPublic = faker.datatype.boolean(0.3);
  const runCount = revisions.reduce((sum, r) => sum + r.runCount, 0);
  const events = workflowEvents(g, name, owner, revisions, isDeleted);
  return {
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
  };
}

/** Versions 1..count, a day to 200 days apart; later ones are often by the owner. */
function generateRevisions(
  g: Generation,
  owner: UserRecord,
  activeUsers: readonly UserRecord[],
  created: number,
  count: number,
  neverRun: boolean,
): RevisionRecord[] {
  const { faker, objectId, between, date } = g;
  const revisions: RevisionRecord[] = [];
  let at = created;
  for (let v = 1; v <= count; v++) {
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
  return revisions;
}

/** The insert, one update per later revision, and the delete of a deleted workflow. */
function workflowEvents(
  g: Generation,
  name: string,
  owner: UserRecord,
  revisions: readonly RevisionRecord[],
  isDeleted: boolean,
): WorkflowEventRecord[] {
  const events: WorkflowEventRecord[] = [
    {
      userId: owner.id,
      timestamp: revisions[0]?.dateCreated ?? "",
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
      timestamp: g.date(g.between(Date.parse(revisions.at(-1)?.dateCreated ?? ""), REFERENCE_DATE)),
      event: "delete",
      oldValues: JSON.stringify({ IsDeleted: false }),
      newValues: JSON.stringify({ IsDeleted: true }),
    });
  }
  return events;
}
