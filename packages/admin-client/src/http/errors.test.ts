import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { AlteryxApiError, unwrap } from "./errors.js";

describe("AlteryxApiError", () => {
  it("carries the Gallery's fields and a one-line message", () => {
    const error = new AlteryxApiError({
      status: 401,
      statusText: "Unauthorized",
      method: "GET",
      path: "/users/?oauth_signature=SIG",
      body: {
        data: null,
        exceptionName: "UnauthorizedException",
        innerExceptionMessage: "line one\nline two",
        message: "The provided signature(oauth_signature) is invalid.",
      },
    });
    expect(error.status).toBe(401);
    expect(error.path).toBe("/users/");
    expect(error.exceptionName).toBe("UnauthorizedException");
    expect(error.galleryMessage).toBe("The provided signature(oauth_signature) is invalid.");
    expect(error.innerExceptionMessage).toBe("line one\nline two");
    expect(error.message).not.toContain("\n");
    expect(error.message).toMatch(
      /^GET \/users\/ failed with 401 Unauthorized \(UnauthorizedException\): The provided signature\(oauth_signature\) is invalid\. \[line one line two\] \(hint: check consumerKey/,
    );
    expect(inspect(error)).not.toContain("SIG");
  });

  it("gives OAuth2 its own 401 and 403 hints", () => {
    const forbidden = new AlteryxApiError({
      status: 403,
      auth: "oauth2",
      body: { message: "No." },
    });
    expect(forbidden.hint).toMatch(/may not do this/);
    expect(new AlteryxApiError({ status: 403, body: "No." }).hint).toMatch(/Curator/);
    expect(new AlteryxApiError({ status: 401, auth: "oauth2" }).hint).toMatch(/API access/);
    expect(new AlteryxApiError({ status: 401 }).hint).toMatch(/clockOffsetSeconds/);
  });

  it("lists Server API v3's modelState, field by field", () => {
    const error = new AlteryxApiError({
      status: 400,
      statusText: "Bad Request",
      method: "POST",
      path: "/v3/users",
      body: {
        message: "The request is invalid.",
        modelState: { "contract.email": ["The Email field is required."], "contract.role": [] },
      },
    });
    expect(error.modelState).toEqual({ "contract.email": ["The Email field is required."] });
    expect(error.message).toBe(
      "POST /v3/users failed with 400 Bad Request: The request is invalid. [contract.email: The Email field is required.]",
    );
    expect(new AlteryxApiError({ status: 400, body: { message: "x" } }).modelState).toBeUndefined();
  });

  it("hides a signature that the server's text echoes", () => {
    const url =
      "/gallery/api/admin/v1/users/?oauth_consumer_key=k&oauth_signature=SIG%2Babc%3D&oauth_nonce=n";
    const page = new AlteryxApiError({ status: 404, body: `<html>Not found: ${url}</html>` });
    const gallery = new AlteryxApiError({
      status: 400,
      body: {
        message: `Bad request ${url}`,
        innerExceptionMessage: 'OAuth oauth_signature="SIG%2Babc%3D", oauth_nonce="n"',
      },
    });
    for (const error of [page, gallery]) {
      expect(error.message).toContain("oauth_signature");
      expect(error.message).toContain("[redacted]");
      expect(inspect(error)).not.toContain("SIG");
    }
    expect(page.galleryMessage).toBe(
      "<html>Not found: /gallery/api/admin/v1/users/?oauth_consumer_key=k&oauth_signature=[redacted]&oauth_nonce=n</html>",
    );
    expect(gallery.innerExceptionMessage).toBe(
      'OAuth oauth_signature="[redacted]", oauth_nonce="n"',
    );
  });

  it("uses the text of a body that is not a Gallery error", () => {
    const error = new AlteryxApiError({ status: 502, body: "<html>\n<h1>Bad Gateway</h1></html>" });
    expect(error.exceptionName).toBeUndefined();
    expect(error.galleryMessage).toBe("<html> <h1>Bad Gateway</h1></html>");
    expect(error.message).toBe("request failed with 502: <html> <h1>Bad Gateway</h1></html>");
  });
});

describe("unwrap", () => {
  it("returns data of a 2xx result", () => {
    expect(unwrap({ data: [1], response: new Response(null, { status: 200 }) })).toEqual([1]);
    expect(
      unwrap({ data: undefined, response: new Response(null, { status: 200 }) }),
    ).toBeUndefined();
  });

  it("throws AlteryxApiError otherwise", () => {
    expect(() =>
      unwrap({
        error: { message: "Not found", exceptionName: "NotFoundException" },
        response: new Response(null, { status: 404, statusText: "Not Found" }),
      }),
    ).toThrow(/^request failed with 404 Not Found \(NotFoundException\): Not found$/);
  });
});
