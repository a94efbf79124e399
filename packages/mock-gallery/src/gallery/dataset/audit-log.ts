// The audit log: every workflow event, then changes to the other entities, in time order,
// with ObjectIds given after sorting (so that ids grow with time, as the Gallery's do).
import { type Generation, REFERENCE_DATE } from "./generation.js";
import type { AuditEntity, AuditEventRecord, UserRecord, WorkflowRecord } from "./records.js";

/** The audit log's length once generated. */
const AUDIT_EVENTS = 1200;

type OtherEntity = Exclude<AuditEntity, "AppInfo">;

/** What the audit log refers to. */
export interface Audited {
  workflows: readonly WorkflowRecord[];
  users: readonly UserRecord[];
  /** The ids of each entity type other than workflows. */
  entityIds: Record<OtherEntity, readonly string[]>;
}

/** The audit log, oldest first. */
export function generateAuditLog(g: Generation, audited: Audited): AuditEventRecord[] {
  const auditEvents = workflowAuditEvents(audited.workflows);
  const curators = audited.users.filter((u) => u.curator);
  const changes = fieldChanges(g);
  while (auditEvents.length < AUDIT_EVENTS) {
    auditEvents.push(otherAuditEvent(g, audited, curators, changes));
  }
  auditEvents.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  for (const event of auditEvents) event.id = g.objectId(Date.parse(event.timestamp));
  return auditEvents;
}

function workflowAuditEvents(workflows: readonly WorkflowRecord[]): AuditEventRecord[] {
  const auditEvents: AuditEventRecord[] = [];
  for (const workflow of workflows) {
    for (const event of workflow.events) {
      auditEvents.push({
        id: "",
        entity: "AppInfo",
        entityId: workflow.id,
        userId: event.userId,
        timestamp: event.timestamp,
        event: event.event,
        oldValues: event.oldValues,
        newValues: event.newValues,
      });
    }
  }
  return auditEvents;
}

/** Per entity type: the fields a change touches, with makers of their old and new values. */
type FieldChanges = Record<OtherEntity, Array<[string, () => unknown, () => unknown]>>;

function fieldChanges({ faker }: Generation): FieldChanges {
  return {
    Collection: [["Name", () => faker.word.words(2), () => faker.word.words(2)]],
    Credential: [
      [
        "UserName",
        () => `EXAMPLE\\${faker.internet.username()}`,
        () => `EXAMPLE\\${faker.internet.username()}`,
      ],
    ],
    Subscription: [["MemberPassesPurchased", () => 10, () => 25]],
    User: [
      ["Active", () => true, () => false],
      ["CanSchedule", () => false, () => true],
      [
        "Email",
        () => faker.internet.email({ provider: "example.com" }).toLowerCase(),
        () => faker.internet.email({ provider: "example.com" }).toLowerCase(),
      ],
    ],
    UserGroup: [["Name", () => faker.word.words(2), () => faker.word.words(2)]],
  };
}

const ENTITY_WEIGHTS: Array<{ value: OtherEntity; weight: number }> = [
  { value: "User", weight: 6 },
  { value: "Collection", weight: 2 },
  { value: "Subscription", weight: 1 },
  { value: "Credential", weight: 1 },
  { value: "UserGroup", weight: 1 },
];

function otherAuditEvent(
  g: Generation,
  { users, entityIds }: Audited,
  curators: readonly UserRecord[],
  changes: FieldChanges,
): AuditEventRecord {
  const { faker, between, date } = g;
  const entity = faker.helpers.weightedArrayElement(ENTITY_WEIGHTS);
  const [field, before, after] = faker.helpers.arrayElement(changes[entity]);
  const kind = faker.helpers.weightedArrayElement([
    { value: "update" as const, weight: 8 },
    { value: "insert" as const, weight: 1 },
    { value: "delete" as const, weight: 1 },
  ]);
  const entityId = faker.helpers.arrayElement(entityIds[entity]);
  // An ObjectId starts with its creation time: an entity changes only after it was created,
  // and its insert event is its creation.
  const created = Number.parseInt(entityId.slice(0, 8), 16) * 1000;
  return {
    id: "",
    entity,
    entityId,
    userId: (faker.helpers.arrayElement(curators) ?? users[0])?.id ?? "",
    timestamp: date(kind === "insert" ? created : between(created, REFERENCE_DATE)),
    event: kind,
    oldValues: kind === "insert" ? null : JSON.stringify({ [field]: before() }),
    newValues: kind === "delete" ? null : JSON.stringify({ [field]: after() }),
  };
}
