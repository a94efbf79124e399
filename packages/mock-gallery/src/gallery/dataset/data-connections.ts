// Server and system data connections (ODBC, OleDB, Snowflake, Oracle).
import {
  DATASET_SIZES,
  FIRST_DATE,
  type Generation,
  REFERENCE_DATE,
  WORKFLOW_SUBJECTS,
} from "./generation.js";
import type { DataConnectionRecord, UserRecord } from "./records.js";

const CONNECTION_TYPES = [
  ["ODBC", (db: string) => `odbc:DSN=${db};Trusted_Connection=yes`],
  ["OleDB", (db: string) => `oledb:Provider=SQLOLEDB;Data Source=${db};Integrated Security=SSPI`],
  ["Snowflake", (db: string) => `odbc:DSN=${db}_SNOWFLAKE;Warehouse=ANALYTICS`],
  ["Oracle", (db: string) => `oci:${db.toLowerCase()}.example.com:1521/ORCL`],
] as const;

/** The server data connections (shared with users and groups), then the system ones. */
export function generateDataConnections(
  g: Generation,
  activeUsers: readonly UserRecord[],
  userGroupIds: readonly string[],
): { server: DataConnectionRecord[]; system: DataConnectionRecord[] } {
  const server = Array.from({ length: DATASET_SIZES.serverDataConnections }, (_, i) =>
    dataConnection(g, i, true, activeUsers, userGroupIds),
  );
  const system = Array.from({ length: DATASET_SIZES.systemDataConnections }, (_, i) =>
    dataConnection(g, i, false, activeUsers, userGroupIds),
  );
  return { server, system };
}

function dataConnection(
  g: Generation,
  i: number,
  server: boolean,
  activeUsers: readonly UserRecord[],
  userGroupIds: readonly string[],
): DataConnectionRecord {
  const { faker, objectId, between } = g;
  const [type, build] = CONNECTION_TYPES[i % CONNECTION_TYPES.length] ?? CONNECTION_TYPES[0];
  const db = `${faker.helpers.arrayElement(WORKFLOW_SUBJECTS).replace(/ /g, "")}${server ? "DW" : "SYS"}${i + 1}`;
  return {
    connectionId: objectId(between(FIRST_DATE, REFERENCE_DATE)),
    connectionName: `${db} (${type})`,
    connectionType: type,
    connectionString: build(db),
    userIds: server
      ? faker.helpers.arrayElements(activeUsers, { min: 0, max: 6 }).map((u) => u.id)
      : [],
    userGroupIds: server ? faker.helpers.arrayElements(userGroupIds, { min: 0, max: 2 }) : [],
    subscriptionCount: server ? faker.number.int({ min: 0, max: 3 }) : 0,
  };
}
