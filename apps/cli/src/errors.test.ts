import { AlteryxNetworkError } from "@alteryx-admin/client";
import { describe, expect, it } from "vitest";
import { describeRequestFailure } from "./errors.js";

const URL = "https://gallery.example.com/gallery/api/admin/v1";

function failure(code: string | undefined, timedOut = false): AlteryxNetworkError {
  const socket = Object.assign(new Error(`getaddrinfo ${code}`), { code });
  return new AlteryxNetworkError({
    method: "GET",
    path: "/users/",
    attempts: 3,
    timedOut,
    timeoutMs: 30000,
    cause: Object.assign(new TypeError("fetch failed"), { cause: socket }),
  });
}

describe("describeRequestFailure", () => {
  it("explains known network failures in one line with what to check", () => {
    expect(describeRequestFailure(failure("ENOTFOUND"), URL)).toBe(
      "cannot resolve the host of https://gallery.example.com (ENOTFOUND); check the URL",
    );
    expect(describeRequestFailure(failure("ECONNREFUSED"), URL)).toMatch(
      /^cannot connect to https:\/\/gallery\.example\.com: connection refused/,
    );
    expect(describeRequestFailure(failure("SELF_SIGNED_CERT_IN_CHAIN"), URL)).toContain(
      "pass --ca FILE",
    );
  });
  it("names a timeout with what to check instead of the client's option", () => {
    const line = describeRequestFailure(failure(undefined, true), URL);
    expect(line).toBe(
      "GET /users/ to https://gallery.example.com timed out: check that the server is up and reachable from here (alteryx-admin doctor checks it)",
    );
    expect(line).not.toContain("timeoutMs");
  });
  it("keeps the client's message for other failures", () => {
    expect(describeRequestFailure(failure("EWHATEVER"), URL)).toMatch(
      /^https:\/\/gallery\.example\.com\/gallery\/api\/admin\/v1: GET \/users\/ failed .*EWHATEVER/,
    );
  });
});
