/** `groups list|show|add-member|remove-member` over Server API v3 (changes: dry run by default). */
import { unwrap } from "@alteryx-admin/client";
import type { Command } from "commander";
import type { Session } from "../../context.js";
import { SilentFailure } from "../../errors.js";
import {
  addOutputOptions,
  example,
  type OutputOptions,
  printDetail,
  printRecords,
  withSession,
} from "../shared.js";
import { addApplyOption, dryRunNotice, optionsOf, requireServerApi } from "./command-kit.js";
import { findGroup, findUser, nameTables } from "./lookups.js";
import { label } from "./offboard-plan.js";

async function listGroups(session: Session, o: OutputOptions): Promise<void> {
  const { client } = await requireServerApi(session, "groups list");
  printRecords(
    unwrap(await client.GET("/v3/usergroups")),
    o,
    ["id", "name", "role"],
    session.logger,
  );
}

async function showGroup(session: Session, which: string, o: OutputOptions): Promise<void> {
  const { client } = await requireServerApi(session, "groups show");
  const group = await findGroup(client, which);
  const { users } = await nameTables(client);
  const members = (group.members ?? []).map((m) => ({
    userId: m.userId ?? null,
    email: m.userId ? (users.get(m.userId) ?? null) : null,
    activeDirectory: m.activeDirectoryObject?.displayName ?? null,
    dateAddedToGroup: m.dateAddedToGroup ?? null,
  }));
  printDetail(
    {
      document: { ...group, members },
      heading: `group "${group.name ?? ""}" (${group.id}), role ${group.role}, ${members.length} members`,
      rows: members,
      columns: ["userId", "email", "activeDirectory", "dateAddedToGroup"],
    },
    o,
    session.logger,
  );
}

async function changeMembers(
  session: Session,
  which: string,
  who: string[],
  add: boolean,
  apply: boolean,
): Promise<void> {
  const { client } = await requireServerApi(
    session,
    `groups ${add ? "add-member" : "remove-member"}`,
  );
  const group = await findGroup(client, which);
  const users = await Promise.all(who.map((w) => findUser(client, w)));
  const isMember = new Set((group.members ?? []).map((m) => m.userId));
  const changing = users.filter((u) => isMember.has(u.id) !== add);
  const name = `group "${group.name ?? ""}" (${group.id})`;
  for (const u of users)
    if (!changing.includes(u))
      process.stdout.write(`${label(u)} is ${add ? "already" : "not"} a member of ${name}\n`);
  for (const u of changing)
    process.stdout.write(
      `${apply ? "" : "would "}${add ? "add" : "remove"} ${label(u)} ${add ? "to" : "from"} ${name}\n`,
    );
  if (!apply || changing.length === 0) {
    session.logger.info(dryRunNotice(apply ? 0 : changing.length));
    return;
  }
  if (add) {
    const result = unwrap(
      await client.POST("/v3/usergroups/{userGroupId}/users", {
        params: { path: { userGroupId: group.id } },
        body: changing.map((u) => u.id),
      }),
    );
    const failed = Object.entries(result.failedUserReasons ?? {});
    for (const [id, reason] of failed) session.logger.error(`user ${id} was not added: ${reason}`);
    session.logger.info(
      `${result.successfullyAddedUserCount} of ${result.totalUsersSubmittedCount} added to ${name}`,
    );
    if (failed.length) throw new SilentFailure();
    return;
  }
  for (const u of changing)
    unwrap(
      await client.DELETE("/v3/usergroups/{userGroupId}/users/{userId}", {
        params: { path: { userGroupId: group.id, userId: u.id } },
      }),
    );
  session.logger.info(`${changing.length} removed from ${name}`);
}

/** Registers `groups list|show|add-member|remove-member`. */
export function registerGroupCommands(program: Command): void {
  const groups = program
    .command("groups")
    .description("custom user groups and their members (Server API v3)");
  example(
    groups,
    "alteryx-admin groups list",
    "alteryx-admin groups add-member Analysts grace@example.com --apply",
  );

  const list = groups.command("list").description("every custom user group");
  addOutputOptions(list);
  example(list, "alteryx-admin groups list", "alteryx-admin groups list --format csv");
  list.action(
    withSession(async (session, _o: unknown, c: Command) => listGroups(session, optionsOf(c))),
  );

  const show = groups
    .command("show")
    .argument("<group>", "the group's id or name")
    .description("a group and its members");
  addOutputOptions(show);
  example(
    show,
    'alteryx-admin groups show "Analysts"',
    "alteryx-admin groups show 6a1b2c3d4e5f60718293a4b5 --format json",
  );
  show.action(
    withSession(async (session, which: string, _o: unknown, c: Command) =>
      showGroup(session, which, optionsOf(c)),
    ),
  );

  for (const add of [true, false]) {
    const verb = add ? "add-member" : "remove-member";
    const command = groups
      .command(verb)
      .argument("<group>", "the group's id or name")
      .argument("<users...>", "emails or ids of the users")
      .description(
        `${add ? "add users to" : "remove users from"} a group (a dry run without --apply)`,
      );
    addApplyOption(command);
    example(
      command,
      `alteryx-admin groups ${verb} Analysts grace@example.com alan@example.com --apply`,
    );
    command.action(
      withSession(async (session, which: string, who: string[], _o: unknown, c: Command) =>
        changeMembers(session, which, who, add, Boolean(optionsOf<{ apply?: boolean }>(c).apply)),
      ),
    );
  }
}
