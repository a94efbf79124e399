/** The `workflows` command group: one module per subcommand. */
import type { Command } from "commander";
import { example } from "../shared.js";
import { registerAll } from "./all.js";
import { registerDownload } from "./download.js";
import { registerJobs } from "./jobs.js";
import { registerList } from "./list.js";
import { registerMark } from "./mark.js";
import { registerMigratable } from "./migratable.js";
import { registerPublish } from "./publish.js";

/** Registers `workflows list|all|jobs|migratable|mark|download|publish`. */
export function registerWorkflowCommands(program: Command): void {
  const group = program.command("workflows").description("list, download and publish workflows");
  example(
    group,
    "alteryx-admin workflows list --search sales",
    "alteryx-admin workflows download 57acaca4065e3f26a82b2615 --out ./packages",
  );
  registerList(group);
  registerAll(group);
  registerJobs(group);
  registerMigratable(group);
  registerMark(group);
  registerDownload(group);
  registerPublish(group);
}
