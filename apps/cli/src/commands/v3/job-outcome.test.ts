import { describe, expect, it } from "vitest";
import { jobEnded, jobOutcome, messageKind, parseQuestions } from "./job-outcome.js";

describe("parseQuestions", () => {
  it("splits NAME=VALUE at the first =", () => {
    expect(parseQuestions(["Region=EMEA", "Filter=a=b", "Empty="])).toEqual([
      { name: "Region", value: "EMEA" },
      { name: "Filter", value: "a=b" },
      { name: "Empty", value: "" },
    ]);
  });

  it("refuses a value without a name and a question given twice", () => {
    expect(() => parseQuestions(["=x"])).toThrow("NAME=VALUE");
    expect(() => parseQuestions(["Region"])).toThrow("NAME=VALUE");
    expect(() => parseQuestions(["A=1", "A=2"])).toThrow("given twice");
  });
});

describe("jobOutcome", () => {
  it("is running until the job ends", () => {
    expect(jobOutcome({ status: "Queued", disposition: "None" })).toBe("running");
    expect(jobOutcome({ status: "Running" })).toBe("running");
    expect(jobEnded({ status: "Initializing" })).toBe(false);
  });

  it("succeeds for a completed job with a Success or Warning disposition only", () => {
    expect(jobOutcome({ status: "Completed", disposition: "Success" })).toBe("succeeded");
    expect(jobOutcome({ status: "Completed", disposition: "Warning" })).toBe("succeeded");
    expect(jobOutcome({ status: "Completed", disposition: "Error" })).toBe("failed");
    expect(jobOutcome({ status: "Completed", disposition: null })).toBe("failed");
    expect(jobOutcome({ status: "Cancelled", disposition: "Cancelled" })).toBe("failed");
    expect(jobOutcome({ status: "Error" })).toBe("failed");
  });

  it("names message kinds", () => {
    expect([1, 2, 3, undefined].map(messageKind)).toEqual(["info", "warning", "error", "info"]);
  });
});
