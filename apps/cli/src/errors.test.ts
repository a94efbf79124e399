import { AlteryxNetworkError, AlteryxTimeoutError } from "@alteryx-admin/client";
import { describe, expect, it } from "vitest";
import { describeRequestFailure } from "./errors.js";

const request = { method: "GET", origin: "https://gallery.example.com", path: "/users/" };

function failure(code: string | undefined, timedOut = false): AlteryxNetworkError {
  if (timedOut) {
    return new AlteryxTimeoutError({
      ...request,
      attempts: 3,
      during: "request",
      timeoutMs: 30000,
    });
  }
  const socket = Object.assign(new Error(`getaddrinfo ${code}`), { code });
  return new AlteryxNetworkError({
    ...request,
    attempts: 3,
    during: "request",
    cause: Object.assign(new TypeError("fetch failed"), { cause: socket }),
  });
}

describe("describeRequestFailure", () => {
  it("explains known network failures in one line with what to check", () => {
    expect(describeRequestFailure(failure("ENOTFOUND"))).toBe(
      "cannot resolve the host of https://gallery.example.com (ENOTFOUND); check the URL",
    );
    expect(describeRequestFailure(failure("ECONNREFUSED"))).toMatch(
      /^cannot connect to https:\/\/gallery\.example\.com: connection refused/,
    );
    expect(describeRequestFailure(failure("SELF_SIGNED_CERT_IN_CHAIN"))).toContain(
      "pass --ca FILE",
    );
  });
  it("names a timeout with what to check instead of the client's option", () => {
    const line = describeRequestFailure(failure(undefined, true));
    expect(line).toBe(
      "GET /users/ to https://gallery.example.com timed out: check that the server is up and reachable from here (alteryx-admin doctor checks it)",
    );
    expect(line).not.toContain("timeoutMs");
  });
  it("keeps the client's message, which names the request and its server, for other failures", () => {
    expect(describeRequestFailure(failure("EWHATEVER"))).toBe(
      "GET /users/ to https://gallery.example.com failed (3 attempts): fetch failed (EWHATEVER)",
    );
  });
});
