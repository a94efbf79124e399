// Collections: curated shares of workflows, schedules and insights with users and
// subscriptions.
import { DATASET_SIZES, FIRST_DATE, type Generation, REFERENCE_DATE } from "./generation.js";
import type {
  CollectionRecord,
  InsightRecord,
  ScheduleRecord,
  ShareRecord,
  SubscriptionRecord,
  UserRecord,
  WorkflowRecord,
} from "./records.js";

/** What collections share. */
export interface Shareable {
  users: readonly UserRecord[];
  activeUsers: readonly UserRecord[];
  subscriptions: readonly SubscriptionRecord[];
  liveWorkflows: readonly WorkflowRecord[];
  schedules: readonly ScheduleRecord[];
  insights: readonly InsightRecord[];
}

/** The collections, owned by curators, named after the subscriptions. */
export function generateCollections(g: Generation, shareable: Shareable): CollectionRecord[] {
  return Array.from({ length: DATASET_SIZES.collections }, (_, i) =>
    generateCollection(g, i, shareable),
  );
}

function generateCollection(
  g: Generation,
  i: number,
  { users, activeUsers, subscriptions, liveWorkflows, schedules, insights }: Shareable,
): CollectionRecord {
  const { faker, objectId, between, date } = g;
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
        { min: 0, max: 3 },
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
}

/** Records in each workflow the collections that share it. */
export function linkCollections(
  collections: readonly CollectionRecord[],
  workflows: readonly WorkflowRecord[],
): void {
  for (const collection of collections) {
    for (const app of collection.apps) {
      workflows.find((w) => w.id === app.id)?.collectionIds.push(collection.id);
    }
  }
}
