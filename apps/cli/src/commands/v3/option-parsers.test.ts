import { describe, expect, it } from "vitest";
import { listOption } from "./jobs.js";
import { dateOption } from "./users.js";

describe("option parsers", () => {
  it("--created-after takes a day or a date-time, as an ISO date-time", () => {
    const parse = dateOption("--created-after");
    expect(parse("2024-01-31")).toBe("2024-01-31T00:00:00.000Z");
    expect(parse("2024-01-31T08:00:00Z")).toBe("2024-01-31T08:00:00.000Z");
    expect(() => parse("last tuesday")).toThrow(
      "--created-after must be a date or date-time like 2024-01-31",
    );
  });

  it("comma-separated lists are trimmed and checked against the allowed values", () => {
    const statuses = listOption("--status", ["Queued", "Running"]);
    expect(statuses(" Queued, Running ")).toBe("Queued,Running");
    expect(() => statuses("Queued,Done")).toThrow('--status: "Done" is not one of Queued, Running');
    expect(() => listOption("--workflow")(" , ")).toThrow("--workflow is empty");
  });
});
