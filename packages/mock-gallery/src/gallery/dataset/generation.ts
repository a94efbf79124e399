// What every generator of the dataset shares: one seeded faker drawn from in a fixed order
// (so the same seed always gives the same data), ObjectIds, and dates that derive from
// REFERENCE_DATE, never from the clock, so that snapshots and contract tests are stable.
import type { Faker } from "@faker-js/faker";
import { seededFaker } from "./faker.js";

/** The "now" of the generated data: every generated date lies before it. */
export const REFERENCE_DATE = Date.UTC(2021, 8, 30, 12, 0, 0);

/** The curator every dataset contains, whatever the seed (a known owner for publish tests). */
export const KNOWN_CURATOR = {
  firstName: "Gallery",
  lastName: "Admin",
  email: "gallery.admin@example.com",
} as const;

/** The earliest date of the generated data. */
export const FIRST_DATE = Date.UTC(2016, 0, 4, 9, 0, 0);

/** Sizes of the generated dataset (before any writes). */
export const DATASET_SIZES = {
  subscriptions: 6,
  users: 300,
  workflows: 120,
  schedules: 45,
  collections: 16,
  insights: 24,
  serverDataConnections: 14,
  systemDataConnections: 8,
  userGroups: 10,
  credentials: 12,
} as const;

/** Formats a time as the Gallery does: ISO 8601 with 7 fractional digits. */
export function galleryDate(ms: number, ticks = 0): string {
  return `${new Date(ms).toISOString().slice(0, 23)}${String(ticks % 10_000).padStart(4, "0")}Z`;
}

/** Creates a source of ObjectIds: 4-byte creation time + 8 random bytes from the faker. */
export function objectIdFactory(faker: Faker): (ms: number) => string {
  const seen = new Set<string>();
  return (ms) => {
    for (;;) {
      const id =
        Math.floor(ms / 1000)
          .toString(16)
          .padStart(8, "0") + faker.string.hexadecimal({ length: 16, casing: "lower", prefix: "" });
      if (!seen.has(id)) {
        seen.add(id);
        return id;
      }
    }
  };
}

/** The generators' shared source of randomness, ids and dates. */
export interface Generation {
  faker: Faker;
  /** A new unique ObjectId created at `ms`. */
  objectId(ms: number): string;
  /** A whole number of milliseconds in [from, to] (from when to < from). */
  between(from: number, to: number): number;
  /** `ms` in the Gallery's format with random 7th-digit ticks. */
  date(ms: number): string;
}

/** Starts the shared generation state of a seed. */
export function startGeneration(seed: number): Generation {
  const faker = seededFaker(seed);
  const objectId = objectIdFactory(faker);
  return {
    faker,
    objectId,
    between: (from, to) =>
      faker.number.int({ min: Math.floor(from), max: Math.max(Math.floor(from), Math.floor(to)) }),
    date: (ms) => galleryDate(ms, faker.number.int({ min: 0, max: 9999 })),
  };
}

/** Letters and digits of `s`, lower-cased, accents dropped (for e-mail addresses). */
export function ascii(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]/g, "")
    .toLowerCase();
}

/** `count` ids of entities the dataset only names (user groups, credentials). */
export function entityIds(g: Generation, count: number): string[] {
  return Array.from({ length: count }, () => g.objectId(g.between(FIRST_DATE, REFERENCE_DATE)));
}

/** Subjects of workflow, insight and data connection names. */
export const WORKFLOW_SUBJECTS = [
  "Sales",
  "Inventory",
  "Payroll",
  "Customer Churn",
  "Marketing Spend",
  "Supplier",
  "Claims",
  "Budget",
  "Forecast",
  "Warehouse",
  "Pricing",
  "Revenue",
  "Headcount",
  "Web Traffic",
  "Loyalty",
];
