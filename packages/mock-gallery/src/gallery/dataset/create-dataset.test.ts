import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createDataset } from "./create-dataset.js";
import { DATASET_SIZES, galleryDate, KNOWN_CURATOR, REFERENCE_DATE } from "./generation.js";

describe("createDataset", () => {
  const data = createDataset(1);

  it("is deterministic for a seed and differs between seeds", () => {
    expect(JSON.stringify(createDataset(1))).toBe(JSON.stringify(data));
    expect(createDataset(2).users[1]?.email).not.toBe(data.users[1]?.email);
  });

  it("has the documented sizes", () => {
    expect(data.subscriptions).toHaveLength(DATASET_SIZES.subscriptions);
    expect(data.users).toHaveLength(DATASET_SIZES.users);
    expect(data.workflows.length).toBeGreaterThan(100);
    expect(data.auditEvents.length).toBeGreaterThanOrEqual(1000);
    expect(data.jobs.length).toBeGreaterThan(50);
  });

  it("always contains the known curator first", () => {
    expect(data.users[0]).toMatchObject({
      email: KNOWN_CURATOR.email,
      curator: true,
      active: true,
    });
  });

  it("uses unique 24-hex ids and cross-references only existing records", () => {
    const ids = [
      ...data.users.map((u) => u.id),
      ...data.subscriptions.map((s) => s.id),
      ...data.workflows.map((w) => w.id),
      ...data.workflows.flatMap((w) => w.revisions.map((r) => r.id)),
      ...data.auditEvents.map((e) => e.id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
    const users = new Set(data.users.map((u) => u.id));
    const subscriptions = new Set(data.subscriptions.map((s) => s.id));
    const workflows = new Set(data.workflows.map((w) => w.id));
    for (const u of data.users) expect(subscriptions.has(u.subscriptionId)).toBe(true);
    for (const w of data.workflows) {
      expect(users.has(w.ownerId)).toBe(true);
      expect(w.revisions.map((r) => r.id)).toContain(w.publishedRevisionId);
    }
    for (const s of data.schedules) expect(workflows.has(s.workflowId)).toBe(true);
    for (const j of data.jobs) expect(workflows.has(j.appId)).toBe(true);
    for (const c of data.collections)
      for (const a of c.apps) expect(workflows.has(a.id)).toBe(true);
    const emails = data.users.map((u) => u.email);
    expect(new Set(emails).size).toBe(emails.length);
  });

  it("dates every record before the reference date, in the Gallery's 7-digit format", () => {
    const limit = galleryDate(REFERENCE_DATE, 9999);
    for (const e of data.auditEvents) {
      expect(e.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
      expect(e.timestamp <= limit).toBe(true);
    }
    const stamps = data.auditEvents.map((e) => e.timestamp);
    expect(stamps).toEqual([...stamps].sort());
  });
});

describe("audit log", () => {
  it("dates every event after the creation of its entity (the ObjectId time)", () => {
    const data = createDataset(3);
    for (const e of data.auditEvents) {
      const created = Number.parseInt(e.entityId.slice(0, 8), 16) * 1000;
      expect(Date.parse(e.timestamp)).toBeGreaterThanOrEqual(created);
    }
  });
});

/** JSON with every object's keys sorted, so that a hash depends on the data, not on key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

describe("the generated data is pinned", () => {
  // Any change to the generators (their order, a faker call more or less) changes these
  // hashes: a refactoring must keep them; a deliberate change of the data updates them here.
  it.each([
    [1, "978ee97e50d8f60a400245ca57e033c6deb05ade02f0e17cf893756f8d2720e1"],
    [3, "63a07f50572b6352e07106a6514af54528f44fbc2f0ac66999cb5e00c11c20c9"],
  ])("seed %i hashes to its sha256", (seed, hash) => {
    expect(
      createHash("sha256")
        .update(canonicalJson(createDataset(seed)))
        .digest("hex"),
    ).toBe(hash);
  });
});
