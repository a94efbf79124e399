import { redactUrl } from "@alteryx-admin/client";
import { describe, expect, it } from "vitest";
import { canonicalEntity } from "./auditlog.js";
import { clockCheck, likelyCauses } from "./doctor.js";
import { chooseOwner } from "./migrate.js";
import { oauth1BaseOf, resolveSignUrl } from "./sign.js";
import { parseDate, parseIdList } from "./workflows/ids.js";

describe("command helpers", () => {
  it("removes oauth parameters from logged URLs", () => {
    expect(redactUrl("https://h/x/?page=0&oauth_signature=abc%3D&oauth_nonce=n&pageSize=5")).toBe(
      "https://h/x/?page=0&pageSize=5",
    );
    expect(redactUrl("https://u:p@h/x?oauth_consumer_key=k")).toBe("https://h/x");
  });
  it("accepts audit entities in any case", () => {
    expect(canonicalEntity("user")).toBe("User");
    expect(canonicalEntity("workflow")).toBe("AppInfo");
    expect(() => canonicalEntity("job")).toThrow("use one of AppInfo");
  });
  it("checks id lists", () => {
    expect(parseIdList("57acaca4065e3f26a82b2615, 57acaca4065e3f26a82b2616", "--app-ids")).toBe(
      "57acaca4065e3f26a82b2615,57acaca4065e3f26a82b2616",
    );
    expect(() => parseIdList("abc", "--app-ids")).toThrow('"abc" is not');
  });
  it("turns --start-date/--end-date into the ISO date-times the API wants, whole days included", () => {
    expect(parseDate("--start-date")("2024-01-31")).toBe("2024-01-31T00:00:00Z");
    expect(parseDate("--end-date", true)("2024-01-31")).toBe("2024-01-31T23:59:59Z");
    expect(parseDate("--start-date")("2024-01-31T10:00:00+02:00")).toBe("2024-01-31T08:00:00Z");
    expect(() => parseDate("--start-date")("yesterday")).toThrow(/--start-date: "yesterday"/);
  });
  it("picks the migration owner: explicit, then the source owner if present, then a curator", () => {
    const users = [
      { email: "ina@t.com", active: false, curator: true },
      { email: "bo@t.com", active: true },
      { email: "cy@t.com", active: true, curator: true },
    ];
    expect(chooseOwner("me@x.com", "bo@t.com", users)).toBe("me@x.com");
    expect(chooseOwner(undefined, "BO@t.com", users)).toBe("BO@t.com");
    expect(chooseOwner(undefined, "gone@s.com", users)).toBe("cy@t.com");
    expect(chooseOwner(undefined, undefined, [])).toBeUndefined();
  });
  it("lists likely causes of an invalid signature from the Gallery's messages", () => {
    const causes = likelyCauses(
      "invalid",
      "oauth_timestamp is outside the allowed window",
      900,
      "s ",
    );
    expect(causes.join("\n")).toMatch(/timestamps sent are 900 s behind the server's clock/);
    // The measured skew explains the rejection; the generic timestamp advice is not repeated.
    expect(causes.join("\n")).not.toMatch(/timestamp is outside/);
    expect(likelyCauses("invalid", "oauth_timestamp is outside the window", 0, "s")[0]).toMatch(
      /timestamp is outside/,
    );
    expect(causes.join("\n")).toMatch(/whitespace/);
    expect(likelyCauses("invalid", "this nonce was already used", 0, "s").join("\n")).toMatch(
      /replay/,
    );
    // Advice that merely names the nonce and timestamp is not a replay or skew diagnosis.
    const plain = likelyCauses(
      "invalid",
      "Check that the oauth_nonce and oauth_timestamp you signed are the ones you sent.",
      0,
      "s",
    );
    expect(plain.join("\n")).not.toMatch(/replay|outside/);
    expect(plain.join("\n")).toMatch(/wrong API secret/);
  });
  it("judges clock skew, with and without --clock-offset", () => {
    expect(clockCheck(0.8, 0)).toEqual({
      name: "clock",
      status: "ok",
      summary: "in sync with the server's Date header",
    });
    expect(clockCheck(-90, 0).status).toBe("warn");
    const behind = clockCheck(900, 0);
    expect(behind.status).toBe("fail");
    expect(behind.summary).toMatch(/^900 s behind the server's Date header: .*--clock-offset 900$/);
    expect(clockCheck(0, 900).summary).toMatch(
      /with --clock-offset 900: 900 s ahead of .*drop --clock-offset$/,
    );
    expect(clockCheck(900, 899)).toMatchObject({
      status: "ok",
      summary:
        "900 s behind the server's Date header; with --clock-offset 899: in sync with the server's Date header",
    });
  });
  it("resolves sign URLs relative to the base", () => {
    expect(resolveSignUrl("/users/", "https://h/gallery/api/admin/v1")).toBe(
      "https://h/gallery/api/admin/v1/users/",
    );
    expect(() => resolveSignUrl("users/", "https://h")).toThrow("absolute");
  });
  it("signs against the OAuth1 base of a server root, and refuses an OAuth2 base", () => {
    expect(oauth1BaseOf("https://h")).toBe("https://h/gallery/api/admin/v1");
    expect(oauth1BaseOf("https://h/alteryx/api/admin/v1")).toBe("https://h/alteryx/api/admin/v1");
    expect(() => oauth1BaseOf("https://h/webapi/admin/v1")).toThrow(/takes bearer tokens/);
  });
});
