// Users: the known curator first, then faker's people spread over the subscriptions.
import {
  ascii,
  DATASET_SIZES,
  FIRST_DATE,
  type Generation,
  galleryDate,
  KNOWN_CURATOR,
  REFERENCE_DATE,
} from "./generation.js";
import type { SubscriptionRecord, UserRecord } from "./records.js";

const TIMEZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "Europe/London",
  "Europe/Berlin",
  "Asia/Singapore",
];
const LANGUAGES = ["en-US", "en-GB", "de-DE", "fr-FR", "es-ES"];

/** The users, with unique e-mail addresses; user 0 is always {@link KNOWN_CURATOR}. */
export function generateUsers(
  g: Generation,
  subscriptions: readonly SubscriptionRecord[],
): UserRecord[] {
  const emails = new Set<string>();
  const users: UserRecord[] = [];
  for (let i = 0; i < DATASET_SIZES.users; i++)
    users.push(generateUser(g, i === 0, subscriptions, emails));
  return users;
}

function generateUser(
  g: Generation,
  known: boolean,
  subscriptions: readonly SubscriptionRecord[],
  emails: Set<string>,
): UserRecord {
  const { faker, objectId, between, date } = g;
  const firstName = known ? KNOWN_CURATOR.firstName : faker.person.firstName();
  const lastName = known ? KNOWN_CURATOR.lastName : faker.person.lastName();
  let email = known
    ? KNOWN_CURATOR.email
    : `${ascii(firstName)}.${ascii(lastName)}@${faker.helpers.arrayElement(["example.com", "example.org", "example.net"])}`;
  for (let n = 2; emails.has(email); n++) email = email.replace(/(\d*)@/, `${n}@`);
  emails.add(email);
  const added = known ? FIRST_DATE : between(FIRST_DATE, REFERENCE_DATE - 30 * 86_400_000);
  const updated = between(added, REFERENCE_DATE - 86_400_000);
  const locked = !known && faker.datatype.boolean(0.04);
  const subscription = known
    ? subscriptions[0]
    : faker.helpers.weightedArrayElement(
        subscriptions.map((s, k) => ({ value: s, weight: 6 - Math.min(k, 5) })),
      );
  return {
    id: objectId(added),
    firstName,
    lastName,
    email,
    subscriptionId: subscription?.id ?? "",
    curator: known || faker.datatype.boolean(0.05),
    active: known || faker.datatype.boolean(0.92),
    accountLocked: locked,
    accountLockedAt: locked ? date(between(updated, REFERENCE_DATE)) : null,
    canSchedule: known || faker.datatype.boolean(0.7),
    canSetPriority: known || faker.datatype.boolean(0.3),
    canSetWorkerAssignment: known || faker.datatype.boolean(0.2),
    dateAdded: date(added),
    dateUpdated: date(updated),
    expirationDate:
      !known && faker.datatype.boolean(0.1)
        ? galleryDate(Date.UTC(2022, faker.number.int({ min: 0, max: 11 }), 1), 0)
        : null,
    numFailedLogins: locked
      ? 5
      : faker.helpers.weightedArrayElement([
          { value: 0, weight: 8 },
          { value: 1, weight: 2 },
          { value: 2, weight: 1 },
        ]),
    pending: !known && faker.datatype.boolean(0.03),
    validated: known || faker.datatype.boolean(0.95),
    lastLogin: faker.datatype.boolean(0.9) ? date(between(updated, REFERENCE_DATE)) : null,
    timezone: faker.helpers.arrayElement(TIMEZONES),
    language: faker.helpers.arrayElement(LANGUAGES),
    sId: faker.datatype.boolean(0.5)
      ? `S-1-5-21-${faker.number.int({ min: 1e9, max: 4e9 })}-${faker.number.int({ min: 1e9, max: 4e9 })}-${faker.number.int({ min: 1000, max: 99999 })}`
      : null,
  };
}
