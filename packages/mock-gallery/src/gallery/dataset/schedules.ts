// Schedules of live workflows, in the workflow owner's time zone.
import { DATASET_SIZES, type Generation, REFERENCE_DATE } from "./generation.js";
import type { ScheduleRecord, UserRecord, WorkflowRecord } from "./records.js";

/** The schedules; a disabled one has no last or next run. */
export function generateSchedules(
  g: Generation,
  liveWorkflows: readonly WorkflowRecord[],
  users: readonly UserRecord[],
  activeUsers: readonly UserRecord[],
): ScheduleRecord[] {
  const { faker, objectId, between, date } = g;
  return Array.from({ length: DATASET_SIZES.schedules }, () => {
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
}
