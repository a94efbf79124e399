/** `workflows mark`: set or clear the "ready for migration" flag, safe to repeat. */
import { setReadyForMigration } from "@alteryx-admin/client";
import type { Command } from "commander";
import {
  addOutputOptions,
  example,
  type OutputOptions,
  printRecords,
  withSession,
} from "../shared.js";
import { parseIdList } from "./ids.js";

/** Registers `workflows mark`. */
export function registerMark(group: Command): void {
  const mark = group
    .command("mark")
    .description('set (or with --unmark clear) the "ready for migration" flag; safe to repeat')
    .argument("<appId...>", "workflow ids")
    .option("--unmark", "clear the flag instead of setting it");
  addOutputOptions(mark);
  example(
    mark,
    "alteryx-admin workflows mark 57acaca4065e3f26a82b2615 57acaca4065e3f26a82b2616",
    "alteryx-admin workflows mark 57acaca4065e3f26a82b2615 --unmark",
  );
  mark.action(
    withSession(
      async (session, appIds: string[], options: OutputOptions & { unmark?: boolean }) => {
        for (const id of appIds) parseIdList(id, "appId");
        const { client } = await session.connect();
        const ready = !options.unmark;
        const rows: Array<{ id: string; readyForMigration: boolean; changed: boolean }> = [];
        // One at a time: the API only offers a toggle, and the helper reads the flag before each.
        for (const id of appIds) {
          const { changed } = await setReadyForMigration(client, id, ready);
          rows.push({ id, readyForMigration: ready, changed });
        }
        printRecords(rows, options, ["id", "readyForMigration", "changed"], session.logger);
      },
    ),
  );
}
