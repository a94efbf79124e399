/**
 * `users list|inactive|show` over Server API v3. `users` alone keeps today's Admin v1 listing
 * (resources.ts), and `users list` falls back to it on a server without v3.
 */
import { unwrap } from "@alteryx-admin/client";
import { type Command, Option } from "commander";
import pLimit from "p-limit";
import type { Session } from "../../context.js";
import { adminV1Listing } from "../resources.js";
import {
  addOutputOptions,
  example,
  intOption,
  type OutputOptions,
  type PagingOptions,
  printDetail,
  printRecords,
  withSession,
} from "../shared.js";
import { parseDate } from "../workflows/ids.js";
import {
  addFallbackPaging,
  flagsGiven,
  listOverAdminV1,
  optionsOf,
  refusePagingOnV3,
  requireServerApi,
} from "./command-kit.js";
import { inactiveUsers } from "./inactivity.js";
import { findUser, READ_CONCURRENCY, userAssets, userHoldings } from "./lookups.js";
import { ASSET_KINDS } from "./offboard-plan.js";
import { openServerClient, type V3 } from "./server-client.js";

/** The roles `--role` takes (the spec's UserRole). */
const ROLES: readonly V3["schemas"]["UserRole"][] = [
  "NoAccess",
  "Viewer",
  "Member",
  "Artisan",
  "Curator",
  "Evaluated",
];

/** Options of `users list`. */
interface ListOptions extends OutputOptions, PagingOptions {
  active?: boolean;
  role?: V3["schemas"]["UserRole"];
  email?: string;
  createdAfter?: string;
  view?: "default" | "full";
}

/** The v3 filters given, by flag (the Admin v1 fallback cannot apply them). */
function v3Filters(o: ListOptions): string[] {
  return flagsGiven({
    [o.active === false ? "--no-active" : "--active"]: o.active,
    "--role": o.role,
    "--email": o.email,
    "--created-after": o.createdAfter,
    "--view": o.view,
  });
}

async function listUsers(session: Session, o: ListOptions): Promise<void> {
  const api = await openServerClient(session);
  if (!api) return listOverAdminV1(session, "users list", adminV1Listing("users"), v3Filters(o), o);
  refusePagingOnV3(o, "every user");
  session.logger.debug("users list: Server API v3 (GET /v3/users)");
  const full = o.view === "full";
  const users = unwrap(
    await api.client.GET("/v3/users", {
      params: {
        query: {
          ...(o.active !== undefined && { active: o.active }),
          ...(o.role && { role: o.role }),
          ...(o.email && { email: o.email }),
          ...(o.createdAfter && { createdAfter: o.createdAfter }),
          view: full ? "Full" : "Default",
        },
      },
    }),
  );
  const columns = full
    ? ["id", "email", "firstName", "lastName", "role", "isActive", "lastLoginDateTime"]
    : ["id", "email", "firstName", "lastName", "role", "isActive", "dateCreated"];
  printRecords(users, o, columns, session.logger);
}

/** `users inactive`: active users with no sign-in for N days (or never), with what they own. */
async function listInactive(session: Session, o: OutputOptions & { days: number }): Promise<void> {
  const { client } = await requireServerApi(session, "users inactive");
  const users = unwrap(
    await client.GET("/v3/users", { params: { query: { active: true, view: "Full" } } }),
  ) as V3["schemas"]["UserView"][];
  const inactive = inactiveUsers(users, o.days, new Date());
  const limit = pLimit(READ_CONCURRENCY);
  const rows = await Promise.all(
    inactive.map(({ user, lastLogin, daysSinceLogin }) =>
      limit(async () => {
        const assets = await userAssets(client, user.id);
        return {
          id: user.id,
          email: user.email,
          role: user.role,
          lastLogin,
          daysSinceLogin,
          workflows: assets.workflows.length,
          schedules: assets.schedules.length,
          collections: assets.collections.length,
        };
      }),
    ),
  );
  session.logger.info(
    `${rows.length} of ${users.length} active users have not signed in for ${o.days} days or more (or never)`,
  );
  printRecords(rows, o, Object.keys(rows[0] ?? { id: 0 }), session.logger);
}

/** `users show`: a user, and what they own and belong to (one row per asset or group). */
async function showUser(session: Session, who: string, o: OutputOptions): Promise<void> {
  const { client } = await requireServerApi(session, "users show");
  const user = await findUser(client, who);
  const holdings = await userHoldings(client, user.id);
  const rows = [
    ...ASSET_KINDS.flatMap((kind) =>
      holdings.assets[kind].map((a) => ({ kind: kind.slice(0, -1), id: a.id, name: a.name })),
    ),
    ...holdings.groups.map((g) => ({ kind: "group membership", id: g.id, name: g.name })),
  ];
  printDetail(
    {
      document: { user, assets: holdings.assets, groups: holdings.groups },
      heading: `${user.email} (${user.id}): ${user.firstName ?? ""} ${user.lastName ?? ""}, ${user.role}, ${user.isActive ? "active" : "inactive"}, last sign-in ${user.lastLoginDateTime ?? "never"}`,
      rows,
      columns: ["kind", "id", "name"],
      empty: "owns no workflows, schedules or collections and is in no user group",
    },
    o,
    session.logger,
  );
}

/** Registers `users list|inactive|show` under the existing `users` command (or a new one). */
export function registerUserQueryCommands(users: Command): void {
  const list = users
    .command("list")
    .description("list users over Server API v3 with its filters (Admin v1 on older servers)")
    .option("--active", "only active users")
    .option("--no-active", "only deactivated users")
    .addOption(new Option("--role <role>", "only users with this role").choices(ROLES))
    .option("--email <email>", "only the user with this email")
    .option(
      "--created-after <date>",
      "only users created at or after this date",
      parseDate("--created-after"),
    )
    .addOption(
      new Option("--view <view>", "default (reduced users) or full (with last sign-in)").choices([
        "default",
        "full",
      ]),
    );
  addFallbackPaging(list, adminV1Listing("users"), "every user");
  addOutputOptions(list);
  example(
    list,
    "alteryx-admin users list --role Curator --format csv",
    "alteryx-admin users list --no-active --view full --fields email,lastLoginDateTime",
    "alteryx-admin users list --created-after 2024-01-01 --format ndjson",
  );
  list.action(
    withSession(async (session, _o: ListOptions, command: Command) =>
      listUsers(session, optionsOf<ListOptions>(command)),
    ),
  );

  const inactive = users
    .command("inactive")
    .description("active users with no sign-in for N days (or never), with the assets they own")
    .requiredOption("--days <n>", "days without a sign-in", intOption("--days"));
  addOutputOptions(inactive);
  example(
    inactive,
    "alteryx-admin users inactive --days 90",
    "alteryx-admin users inactive --days 180 --format csv > inactive.csv",
  );
  inactive.action(
    withSession(async (session, _o: unknown, command: Command) =>
      listInactive(session, optionsOf(command)),
    ),
  );

  const show = users
    .command("show")
    .argument("<user>", "the user's email or id")
    .description("a user with their workflows, schedules, collections and group memberships");
  addOutputOptions(show);
  example(
    show,
    "alteryx-admin users show grace.hopper@example.com",
    "alteryx-admin users show 5b1a3c2e8f0d4a6b9c7e5f11 --format json",
  );
  show.action(
    withSession(async (session, who: string, _o: unknown, command: Command) =>
      showUser(session, who, optionsOf(command)),
    ),
  );
}
