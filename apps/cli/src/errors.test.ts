import {
  AlteryxNetworkError,
  AlteryxRedirectError,
  AlteryxTimeoutError,
} from "@alteryx-admin/client";
import { describe, expect, it } from "vitest";
import { describeFailure, describeNetworkError, UsageError } from "./errors.js";

const request = {
  method: "GET",
  origin: "https://gallery.example.com",
  path: "/users/?page=0&pageSize=100",
};
/** How the CLI names the request: from the client's error, nothing else. */
const WHAT = "GET /users/?page=0&pageSize=100 to https://gallery.example.com";

/** A network failure as the client reports it: fetch's TypeError, the socket's error inside. */
function failure(code: string | undefined, during: "request" | "body" = "request") {
  const socket = Object.assign(new Error(`getaddrinfo ${code}`), { code });
  return new AlteryxNetworkError({
    ...request,
    attempts: 3,
    during,
    cause: Object.assign(new TypeError(during === "body" ? "terminated" : "fetch failed"), {
      cause: socket,
    }),
  });
}

/** The client's timeout of an attempt (--timeout 30). */
function timeout(during: "request" | "body") {
  return new AlteryxTimeoutError({ ...request, attempts: 3, during, timeoutMs: 30000 });
}

describe("describeFailure", () => {
  it("explains known network failures in one line, naming the request from the client's error", () => {
    expect(describeFailure(failure("ENOTFOUND"))).toEqual({
      message: `${WHAT}: cannot resolve the host of https://gallery.example.com (ENOTFOUND); check the URL`,
      exitCode: 1,
    });
    expect(describeFailure(failure("ECONNREFUSED")).message).toBe(
      `${WHAT}: cannot connect to https://gallery.example.com: connection refused (is the server running and the port right?)`,
    );
    expect(describeFailure(failure("SELF_SIGNED_CERT_IN_CHAIN")).message).toContain(
      "pass --ca FILE",
    );
    expect(describeFailure(failure("ERR_SSL_WRONG_VERSION_NUMBER")).message).toContain(
      "https://gallery.example.com speaks plain HTTP, not TLS: use http://gallery.example.com",
    );
  });
  it("names the proxy of a connect failure when one is in effect", () => {
    const viaFlag = { proxy: { origin: "http://proxy.example.com:3128", setting: "--proxy" } };
    expect(describeFailure(failure("ECONNREFUSED"), viaFlag).message).toBe(
      `${WHAT}: through --proxy: cannot connect to http://proxy.example.com:3128: connection refused (is the server running and the port right?)`,
    );
    const viaEnv = { proxy: { origin: "http://proxy.example.com:3128", setting: "HTTPS_PROXY" } };
    expect(describeFailure(failure("ENOTFOUND"), viaEnv).message).toMatch(
      /\(or the proxy http:\/\/proxy\.example\.com:3128 of HTTPS_PROXY could not, unless NO_PROXY excludes this host\)$/,
    );
  });
  it("names a timeout with the --timeout that applied, before the answer and while reading it", () => {
    const advice =
      "check that the server is up and reachable from here (alteryx-admin doctor checks it), or raise --timeout";
    expect(describeFailure(timeout("request")).message).toBe(
      `${WHAT}: no answer for 30 s (--timeout 30); ${advice}`,
    );
    expect(describeFailure(timeout("body")).message).toBe(
      `${WHAT}: the answer's body stalled for 30 s (--timeout 30); ${advice}`,
    );
    // undici's own timeout (the dispatcher's backstop) is a timeout too.
    expect(describeFailure(failure("UND_ERR_BODY_TIMEOUT", "body")).message).toBe(
      `${WHAT}: the answer's body stalled (UND_ERR_BODY_TIMEOUT); ${advice}`,
    );
  });
  it("says so when the connection was cut while the answer was read", () => {
    expect(describeFailure(failure("UND_ERR_SOCKET", "body")).message).toBe(
      `${WHAT}: the connection was cut while reading the answer (UND_ERR_SOCKET); run the command again`,
    );
  });
  it("keeps the client's message, which names the request, for its other errors", () => {
    const redirect = new AlteryxRedirectError({
      ...request,
      method: "POST",
      path: "/workflows/",
      status: 307,
      location: "https://elsewhere.example.com/workflows/",
      reason: "a POST is not sent again",
    });
    expect(describeFailure(redirect)).toEqual({ message: redirect.message, exitCode: 1 });
    expect(redirect.message).toMatch(/^POST \/workflows\/ to https:\/\/gallery\.example\.com/);
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
  it("never prints the user info of a URL, nor an oauth_* value of a path", () => {
    expect(
      describeNetworkError(new Error("x"), "https://ana:hunter2@gallery.example.com/x"),
    ).not.toContain("hunter2");
    const signed = new AlteryxTimeoutError({
      ...request,
      path: "/users/?page=0&oauth_signature=c2VjcmV0&oauth_nonce=n",
      attempts: 1,
      during: "request",
      timeoutMs: 1000,
    });
    expect(describeFailure(signed).message).not.toMatch(/oauth_|c2VjcmV0/);
  });
});
