/**
 * `credentials list` and `connections list` over Server API v3. `connections server|system`
 * (Admin v1) stay; `connections list` falls back to `connections server` without v3.
 */
import { unwrap } from "@alteryx-admin/client";
import type { Command } from "commander";
import type { Session } from "../../context.js";
import { SERVER_CONNECTIONS } from "../connections.js";
import {
  addOutputOptions,
  example,
  type OutputOptions,
  type PagingOptions,
  printRecords,
  withSession,
} from "../shared.js";
import {
  addFallbackPaging,
  listOverAdminV1,
  optionsOf,
  refusePagingOnV3,
  requireServerApi,
} from "./command-kit.js";
import { withoutSecrets } from "./secrets-out.js";
import { openServerClient } from "./server-client.js";

async function listCredentials(session: Session, o: OutputOptions): Promise<void> {
  const { client } = await requireServerApi(session, "credentials list");
  const credentials = unwrap(
    await client.GET("/v3/credentials", { params: { query: { view: "Full" } } }),
  );
  printRecords(
    credentials.map(withoutSecrets),
    o,
    ["id", "userName", "userIds", "userGroupIds"],
    session.logger,
  );
}

async function listConnections(session: Session, o: OutputOptions & PagingOptions): Promise<void> {
  const api = await openServerClient(session);
  if (!api) return listOverAdminV1(session, "connections list", SERVER_CONNECTIONS, [], o);
  refusePagingOnV3(o, "every connection");
  session.logger.debug("connections list: Server API v3 (GET /v3/serverDataConnections?view=Full)");
  const connections = unwrap(
    await api.client.GET("/v3/serverDataConnections", { params: { query: { view: "Full" } } }),
  );
  printRecords(
    connections.map(withoutSecrets),
    o,
    ["id", "name", "connectionType", "connectionString"],
    session.logger,
  );
}

/** Registers `credentials list` and `connections list`. */
export function registerCatalogCommands(program: Command, connections: Command): void {
  const credentials = program
    .command("credentials")
    .description("stored run-as credentials (Server API v3; never a password)");
  example(credentials, "alteryx-admin credentials list --format csv");
  const list = credentials
    .command("list")
    .description("every stored credential and who it is shared with");
  addOutputOptions(list);
  example(list, "alteryx-admin credentials list", "alteryx-admin credentials list --format json");
  list.action(
    withSession(async (session, _o: unknown, c: Command) => listCredentials(session, optionsOf(c))),
  );

  const all = connections
    .command("list")
    .description(
      "Server data connections over Server API v3 (passwords in connection strings masked); Admin v1's `connections server` on older servers",
    );
  addFallbackPaging(all, SERVER_CONNECTIONS, "every connection");
  addOutputOptions(all);
  example(
    all,
    "alteryx-admin connections list",
    "alteryx-admin connections list --fields id,name,connectionType",
    "alteryx-admin connections list --all --format csv",
  );
  all.action(
    withSession(async (session, _o: unknown, c: Command) => listConnections(session, optionsOf(c))),
  );
}
