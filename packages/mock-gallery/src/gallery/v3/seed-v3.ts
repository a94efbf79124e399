// Seeds the v3-only state from its own faker (seed + a constant), so that adding it changed no
// value of the Admin v1 dataset: the user groups and credentials take the ids the dataset
// already names (Dataset.userGroupIds, credentialIds), members are drawn from its users.
import { seededFaker } from "../dataset/faker.js";
import { galleryDate, REFERENCE_DATE } from "../dataset/generation.js";
import type { Dataset, UserRole } from "../dataset/records.js";
import type { DcmConnectionRecord, V3Records } from "./v3-records.js";

const GROUP_NAMES = [
  "Finance Analysts",
  "Sales Ops",
  "Data Engineering",
  "Marketing",
  "Supply Chain",
  "HR Reporting",
  "Executives",
  "Auditors",
  "Support",
  "Research",
];
const GROUP_ROLES: UserRole[] = ["Viewer", "Member", "Artisan", "Artisan", "Member"];
const V3_SEED_OFFSET = 104_729;

/** The v3-only state of a dataset: same dataset (seed), same state. */
export function seedV3(data: Dataset): V3Records {
  const faker = seededFaker(data.seed + V3_SEED_OFFSET);
  const active = data.users.filter((u) => u.active);
  const curatorId = data.users[0]?.id ?? "";
  const idTime = (id: string) => Number.parseInt(id.slice(0, 8), 16) * 1000;
  const userGroups = data.userGroupIds.map((id, i) => ({
    id,
    name: GROUP_NAMES[i % GROUP_NAMES.length] + (i >= GROUP_NAMES.length ? ` ${i}` : ""),
    role: faker.helpers.arrayElement(GROUP_ROLES),
    dateAdded: galleryDate(idTime(id)),
    // Seeded users 1.. belong to groups; the known curator (user 0) belongs to none.
    members: faker.helpers
      .arrayElements(active.slice(1), { min: 2, max: 6 })
      .map((u) => ({ userId: u.id, dateAdded: galleryDate(idTime(id)), addedById: curatorId })),
    adGroupSids: [],
  }));
  const credentials = data.credentialIds.map((id) => ({
    id,
    userName: `${faker.internet.username().toLowerCase()}@corp.example.com`,
    createdById: curatorId,
    lastUpdatedDate: galleryDate(idTime(id)),
    userIds: faker.helpers.arrayElements(active, { min: 0, max: 3 }).map((u) => u.id),
    userGroupIds: faker.helpers.arrayElements(data.userGroupIds, { min: 0, max: 2 }),
  }));
  const newGuid = () => faker.string.uuid();
  const dcmConnections: DcmConnectionRecord[] = ["Snowflake", "SQL Server", "Postgres"].map(
    (technology, i) => {
      const stamp = new Date(REFERENCE_DATE - (30 - i) * 86_400_000).toISOString();
      return {
        id: newGuid(),
        connectionId: newGuid(),
        ownerId: curatorId,
        name: `${technology} warehouse`,
        schemaName: "Connection",
        allowInSdks: false,
        parameters: {},
        dataSource: {
          id: newGuid(),
          name: `${technology} (${faker.internet.domainWord()})`,
          schemaName: technology.toLowerCase().replace(/\s+/g, "-"),
          drvName: null,
          host: `${faker.internet.domainWord()}.db.example.com`,
          parameters: { database: faker.internet.domainWord() },
        },
        credentials: {
          userPassword: {
            id: newGuid(),
            name: `${technology} login`,
            schemaName: "userPassword",
            userName: faker.internet.username().toLowerCase(),
            parameters: {},
          },
        },
        createdOn: stamp,
        lastChangedOn: stamp,
        execution: null,
        collaboration: null,
      };
    },
  );
  const [first, second] = dcmConnections;
  const handlingRules =
    first && second
      ? [
          {
            id: newGuid(),
            createdById: curatorId,
            createdOn: first.createdOn,
            lastChangedOn: first.createdOn,
            sourceConnectionId: first.connectionId,
            sourceConnectionTitle: first.name,
            targetConnectionId: second.connectionId,
            targetConnectionTitle: second.name,
          },
        ]
      : [];
  const usageEvents = Array.from({ length: 5 }, (_, i) =>
    ulid(
      REFERENCE_DATE - (5 - i) * 3_600_000,
      faker.string.alphanumeric({ length: 16, casing: "upper" }),
    ),
  );
  return {
    userGroups,
    credentials,
    dcmConnections,
    handlingRules,
    usageEvents,
    newGuid,
    pendingJobs: new Set(),
  };
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A ULID: 10 Crockford base-32 characters of time, then 16 of (here seeded) randomness. */
export function ulid(ms: number, random: string): string {
  let time = "";
  for (let n = ms, i = 0; i < 10; i++, n = Math.floor(n / 32)) time = CROCKFORD[n % 32] + time;
  const tail = random
    .toUpperCase()
    .replace(/[ILOU]/g, "X")
    .slice(0, 16)
    .padEnd(16, "0");
  return time + tail;
}
