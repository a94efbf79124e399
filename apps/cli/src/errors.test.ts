import { AlteryxNetworkError } from "@alteryx-admin/client";
import { describe, expect, it } from "vitest";
import { describeFailure, describeNetworkError, UsageError } from "./errors.js";
import { markFailedRequest } from "./http/request-label.js";

const URL = "https://gallery.example.com/gallery/api/admin/v1";
const LABEL = {
  method: "GET",
  url: `${URL}/users/?page=0&pageSize=100`,
  timeoutSeconds: 30,
  phase: "request",
} as const;

/** A network failure as the client reports it: the CLI's fetch error marked, wrapped. */
function failure(code: string | undefined, timedOut = false): AlteryxNetworkError {
  const socket = Object.assign(new Error(`getaddrinfo ${code}`), { code });
  const fetchError = markFailedRequest(
    Object.assign(new TypeError("fetch failed"), { cause: socket }),
    LABEL,
  );
  return new AlteryxNetworkError({
    method: "GET",
    path: "/users/",
    attempts: 3,
    timedOut,
    timeoutMs: 30000,
    cause: fetchError,
  });
}

describe("describeFailure", () => {
  it("explains known network failures in one line, naming the request", () => {
    expect(describeFailure(failure("ENOTFOUND"))).toEqual({
      message: `GET ${LABEL.url}: cannot resolve the host of https://gallery.example.com (ENOTFOUND); check the URL`,
      exitCode: 1,
    });
    expect(describeFailure(failure("ECONNREFUSED")).message).toMatch(
      /^GET \S+: cannot connect to https:\/\/gallery\.example\.com: connection refused/,
    );
    expect(describeFailure(failure("SELF_SIGNED_CERT_IN_CHAIN")).message).toContain(
      "pass --ca FILE",
    );
    expect(describeFailure(failure("ERR_SSL_WRONG_VERSION_NUMBER")).message).toContain(
      "https://gallery.example.com speaks plain HTTP, not TLS: use http://gallery.example.com",
    );
  });
  it("names a timeout with the --timeout that applied and what to check", () => {
    expect(describeFailure(failure(undefined, true)).message).toBe(
      `GET ${LABEL.url}: no answer for 30 s (--timeout 30); check that the server is up and reachable from here (alteryx-admin doctor checks it), or raise --timeout`,
    );
    const stalled = markFailedRequest(
      Object.assign(new TypeError("terminated"), {
        cause: Object.assign(new Error("Body Timeout Error"), { code: "UND_ERR_BODY_TIMEOUT" }),
      }),
      { ...LABEL, phase: "body" },
    );
    expect(describeFailure(stalled).message).toMatch(
      /^GET \S+: the answer's body stalled for 30 s \(--timeout 30\)/,
    );
  });
  it("maps usage errors to exit 2, file errors to a line naming the file", () => {
    expect(describeFailure(new UsageError("bad"))).toEqual({ message: "bad", exitCode: 2 });
    const enospc = Object.assign(new Error("ENOSPC: no space left on device, write"), {
      code: "ENOSPC",
      syscall: "write",
      path: "/backups/x.yxzp",
    });
    expect(describeFailure(enospc).message).toBe(
      "cannot write /backups/x.yxzp: no space left on the device (ENOSPC)",
    );
  });
  it("never prints the user info of a URL", () => {
    expect(
      describeNetworkError(new Error("x"), "https://ana:hunter2@gallery.example.com/x"),
    ).not.toContain("hunter2");
  });
});
