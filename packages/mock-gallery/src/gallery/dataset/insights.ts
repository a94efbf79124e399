// Insights (dashboards), owned by active users.
import { DATASET_SIZES, type Generation, REFERENCE_DATE, WORKFLOW_SUBJECTS } from "./generation.js";
import type { InsightRecord, UserRecord } from "./records.js";

/** The insights, each updated after its owner joined. */
export function generateInsights(
  g: Generation,
  activeUsers: readonly UserRecord[],
): InsightRecord[] {
  const { faker, objectId, between, date } = g;
  return Array.from({ length: DATASET_SIZES.insights }, () => {
    const owner = faker.helpers.arrayElement(activeUsers);
    const updated = between(Date.parse(owner.dateAdded), REFERENCE_DATE);
    return {
      id: objectId(updated - 30 * 86_400_000),
      name: `${faker.helpers.arrayElement(WORKFLOW_SUBJECTS)} ${faker.helpers.arrayElement(["dashboard", "overview", "trends", "KPIs"])}`,
      ownerId: owner.id,
      lastUpdated: date(updated),
    };
  });
}
