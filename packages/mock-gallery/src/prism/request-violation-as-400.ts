// Prism answers a request its spec refuses with its own 422 problem document. A Server
// answers such a request 400 with ASP.NET's `{ message, modelState }`, which is what
// server-v3.yaml documents and clients of API v3 read: for v3 the front rewrites Prism's 422
// into that 400, with Prism's findings as the message and the modelState.
import type { PrismAnswer } from "./forward-to-prism.js";

interface Finding {
  location?: unknown;
  message?: unknown;
}

/** The 400 a Server would send for Prism's request-violation 422; other answers unchanged. */
export function requestViolationAs400(answer: PrismAnswer): PrismAnswer {
  if (answer.status !== 422) return answer;
  let problem: { type?: unknown; validation?: unknown };
  try {
    problem = JSON.parse(answer.body.toString("utf8")) as typeof problem;
  } catch {
    return answer;
  }
  if (typeof problem.type !== "string" || !problem.type.endsWith("#UNPROCESSABLE_ENTITY")) {
    return answer;
  }
  const findings = Array.isArray(problem.validation) ? (problem.validation as Finding[]) : [];
  const modelState: Record<string, string[]> = {};
  for (const finding of findings) {
    const where = Array.isArray(finding.location) ? finding.location.join(".") : "request";
    const message = typeof finding.message === "string" ? finding.message : "is invalid";
    modelState[where] = [...(modelState[where] ?? []), message];
  }
  const summary = findings
    .slice(0, 5)
    .map((f) => (typeof f.message === "string" ? f.message : ""))
    .filter((m) => m !== "")
    .join("; ");
  const body = Buffer.from(
    JSON.stringify({
      message: `The request is invalid: ${summary || "it does not match the API v3 description"}.`,
      modelState,
    }),
  );
  return {
    status: 400,
    headers: { "content-type": "application/json; charset=utf-8" },
    body,
  };
}
