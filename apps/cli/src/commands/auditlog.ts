/** `auditlog <entity>`: who changed what and when, for one entity type. */
import { AUDIT_ENTITIES } from "@alteryx-admin/client";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import {
  addOutputOptions,
  addPagingOptions,
  example,
  type ListingSpec,
  type OutputOptions,
  type PagingOptions,
  printListing,
  withSession,
} from "./shared.js";

/** Accepts an entity name in any case (and `workflow` for AppInfo) and returns the API's spelling. */
export function canonicalEntity(value: string): string {
  const lower = value.toLowerCase();
  if (lower === "workflow" || lower === "workflows") return "AppInfo";
  const match = AUDIT_ENTITIES.find(
    (e) => e.toLowerCase() === lower || `${e.toLowerCase()}s` === lower,
  );
  if (!match)
    throw new UsageError(
      `unknown audit entity "${value}"; use one of ${AUDIT_ENTITIES.join(", ")}`,
    );
  return match;
}

const AUDIT: ListingSpec = {
  path: "/auditlog/",
  columns: ["id", "timestamp", "event", "entity", "entityId", "userId"],
};

/** Registers `auditlog <entity>`. */
export function registerAuditlogCommand(program: Command): void {
  const command = program
    .command("auditlog")
    .description(`list audit events of one entity type (${AUDIT_ENTITIES.join(", ")})`)
    .argument("<entity>", "entity type; `workflow` is accepted for AppInfo");
  addPagingOptions(command, AUDIT.path);
  addOutputOptions(command);
  example(
    command,
    "alteryx-admin auditlog User --all --format csv > user-audit.csv",
    "alteryx-admin auditlog workflow --page-size 20",
  );
  command.action(
    withSession(async (session, entity: string, options: OutputOptions & PagingOptions) => {
      const canonical = canonicalEntity(entity);
      await printListing(session, AUDIT, { entity: canonical }, options);
    }),
  );
}
