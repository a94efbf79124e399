import { describe, expect, it } from "vitest";
import { buildPlan, describePlan, type UserHoldings } from "./offboard-plan.js";

const grace = { id: "u1", email: "grace@example.com" };
const ada = { id: "u2", email: "ada@example.com" };
const holdings: UserHoldings = {
  assets: {
    workflows: [
      { id: "w1", name: "Sales" },
      { id: "w2", name: "Costs" },
    ],
    schedules: [],
    collections: [{ id: "c1", name: "Finance" }],
  },
  groups: [{ id: "g1", name: "Analysts" }],
};

describe("buildPlan", () => {
  it("offboards: transfers of the kinds owned, then group memberships, then deactivation", () => {
    const plan = buildPlan({ command: "offboard", user: grace, to: ada, holdings, active: true });
    expect(plan.steps.map((s) => s.id)).toEqual([
      "transfer-workflows",
      "transfer-collections",
      "leave-group-g1",
      "deactivate",
    ]);
    expect(describePlan(plan)).toEqual([
      '1. transfer 2 workflows to ada@example.com (u2): "Sales" (w1), "Costs" (w2)',
      '2. transfer 1 collection to ada@example.com (u2): "Finance" (c1)',
      '3. end the membership of group "Analysts" (g1)',
      "4. deactivate grace@example.com (u1)",
    ]);
  });

  it("transfer moves assets only; deactivate only deactivates, and not an inactive user", () => {
    expect(
      buildPlan({ command: "transfer", user: grace, to: ada, holdings, active: true }).steps.map(
        (s) => s.kind,
      ),
    ).toEqual(["transfer", "transfer"]);
    expect(buildPlan({ command: "deactivate", user: grace, holdings, active: true }).steps).toEqual(
      [{ id: "deactivate", kind: "deactivate", endsMemberships: [{ id: "g1", name: "Analysts" }] }],
    );
    expect(
      describePlan(buildPlan({ command: "deactivate", user: grace, holdings, active: true })),
    ).toEqual([
      '1. deactivate grace@example.com (u1), which ends the membership of "Analysts" (g1)',
    ]);
    const none = buildPlan({ command: "deactivate", user: grace, holdings, active: false });
    expect(none.steps).toEqual([]);
    expect(describePlan(none)).toEqual(["nothing to change for grace@example.com (u1)"]);
  });

  it("refuses a transfer to the same user, or without one", () => {
    expect(() =>
      buildPlan({ command: "offboard", user: grace, to: grace, holdings, active: true }),
    ).toThrow("same user");
    expect(() => buildPlan({ command: "transfer", user: grace, holdings, active: true })).toThrow(
      "receiving user",
    );
  });
});
