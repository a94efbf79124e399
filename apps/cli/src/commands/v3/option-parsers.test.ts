import { describe, expect, it } from "vitest";
import { listOption } from "./jobs.js";

describe("option parsers", () => {
  it("comma-separated lists are trimmed and checked against the allowed values", () => {
    const statuses = listOption("--status", ["Queued", "Running"]);
    expect(statuses(" Queued, Running ")).toBe("Queued,Running");
    expect(() => statuses("Queued,Done")).toThrow('--status: "Done" is not one of Queued, Running');
    expect(() => listOption("--workflow")(" , ")).toThrow("--workflow is empty");
  });
});
