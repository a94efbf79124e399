// Jobs: the last run of every workflow that ran, with its messages and outputs.
import type { Generation } from "./generation.js";
import type { JobRecord, WorkflowRecord } from "./records.js";

/** One job per workflow with a lastRunDate (workflows that never ran have none). */
export function generateJobs(g: Generation, workflows: readonly WorkflowRecord[]): JobRecord[] {
  const jobs: JobRecord[] = [];
  for (const workflow of workflows) {
    if (workflow.lastRunDate !== null) jobs.push(generateJob(g, workflow, workflow.lastRunDate));
  }
  return jobs;
}

function generateJob(g: Generation, workflow: WorkflowRecord, lastRunDate: string): JobRecord {
  const { faker, objectId, date } = g;
  const created = Date.parse(lastRunDate);
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
  return {
    id: objectId(created),
    appId: workflow.id,
    createDate: date(created),
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
  };
}
