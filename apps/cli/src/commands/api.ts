/**
 * `api METHOD PATH`: any Admin v1 or Server API v3 operation, like `gh api`. The call is checked
 * against the specs first (path, method, query, body), then sent with the credentials the server
 * takes (OAuth1 signature or OAuth2 token), and the JSON answer is printed.
 */
import { type AdminClient, unwrap } from "@alteryx-admin/client";
import { type Command, Option } from "commander";
import { collectPair, headersOf, readBody } from "../api/input.js";
import { checkQuery, listOperations, matchCall } from "../api/match.js";
import type { ServerClient } from "../connect/clients.js";
import { UsageError } from "../errors.js";
import { example, withSession } from "./shared.js";

interface ApiOptions {
  query?: Array<[string, string]>;
  header?: Array<[string, string]>;
  body?: string;
  format?: string;
  list?: boolean;
}

type Send = (
  path: string,
  init: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** The openapi-fetch method function of a client for an HTTP method. */
function sender(client: AdminClient | ServerClient, method: string): Send {
  const send = (client as unknown as Record<string, Send | undefined>)[method];
  if (typeof send !== "function")
    throw new UsageError(`${method} is not an HTTP method the client sends`);
  return send.bind(client);
}

/** Prints an answer: JSON pretty on a terminal (or --format pretty), compact otherwise; other bytes as they are. */
function printAnswer(
  response: Response,
  data: ArrayBuffer | undefined,
  format: string | undefined,
): void {
  const bytes = Buffer.from(data ?? new ArrayBuffer(0));
  if (bytes.length === 0) return;
  const type = response.headers.get("content-type") ?? "";
  if (!/json/i.test(type)) {
    process.stdout.write(bytes);
    return;
  }
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    process.stdout.write(text);
    return;
  }
  const pretty = format === "pretty" || (format === undefined && Boolean(process.stdout.isTTY));
  process.stdout.write(`${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`);
}

/** Registers `api`. */
export function registerApiCommand(program: Command): void {
  const command = program
    .command("api")
    .description(
      "call any Admin API v1 or Server API v3 operation, checked against the specs, with the credentials the server takes; prints the JSON answer",
    )
    .argument("[method]", "GET, POST, PUT, PATCH or DELETE")
    .argument(
      "[path]",
      "/v3/... for Server API v3 (OAuth2 servers), /users/ or /admin/v1/users/ for Admin API v1",
    )
    .option("--query <name=value>", "a query parameter (repeatable)", collectPair("=", "--query"))
    .option("--body <json>", "JSON body: @FILE, - for stdin, or the JSON text")
    .option(
      "--header <name:value>",
      "an extra request header (repeatable)",
      collectPair(":", "--header"),
    )
    .addOption(
      new Option("--format <format>", "json (compact) or pretty (default: pretty on a terminal)")
        // commander refuses any other value (exit 2) before anything connects.
        .choices(["json", "pretty"]),
    )
    .option("--list", "list every operation of both specs");
  example(
    command,
    "alteryx-admin api GET /v3/users --query active=true",
    "alteryx-admin api GET /v3/workflows/6d4e5f60718293a4b5c6d7e8",
    "alteryx-admin api POST /v3/usergroups --body @group.json",
    "alteryx-admin api GET /users/ --query page=0 --query pageSize=10   # Admin API v1",
    "alteryx-admin api --list | grep schedules",
  );
  command.action(
    withSession(
      async (
        session,
        method: string | undefined,
        path: string | undefined,
        options: ApiOptions,
      ) => {
        if (options.list) {
          process.stdout.write(`${listOperations().join("\n")}\n`);
          return;
        }
        if (!method || !path)
          throw new UsageError(
            "api needs METHOD and PATH, e.g. `alteryx-admin api GET /v3/users` (`--list` lists them)",
          );
        const { operation, path: sendPath } = matchCall(method, path);
        const query = Object.fromEntries(options.query ?? []);
        checkQuery(operation, query);
        const headers = headersOf(options.header ?? []);
        const call = `${operation.method} ${operation.path}`;
        if (options.body !== undefined && operation.body === null)
          throw new UsageError(`${call} takes no body: drop --body`);
        if (
          operation.body !== null &&
          operation.body !== "application/json" &&
          options.body !== undefined
        )
          throw new UsageError(
            `${call} takes ${operation.body}; api sends JSON bodies only (use the command made for it, e.g. \`workflows publish\` or \`migrate\`)`,
          );
        if (operation.bodyRequired && options.body === undefined)
          throw new UsageError(
            `${call} needs a body: --body @FILE.json, --body - (stdin) or --body '{...}'`,
          );
        const body = options.body === undefined ? undefined : await readBody(options.body);
        const connection = await session.connect();
        const client = operation.api === "v3" ? connection.serverClient() : connection.client;
        session.logger.debug(
          `api: ${call} (${operation.operationId}) on ${operation.api === "v3" ? "Server API v3" : "Admin API v1"}`,
        );
        const result = await sender(client, operation.method)(sendPath, {
          params: { query },
          headers,
          parseAs: "arrayBuffer",
          ...(body === undefined ? {} : { body }),
        });
        const data = unwrap(result) as ArrayBuffer | undefined;
        printAnswer(result.response, data, options.format);
      },
    ),
  );
}
