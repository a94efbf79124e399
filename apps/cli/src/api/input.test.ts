import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers.js";
import { collectPair, headersOf, readBody } from "./input.js";

describe("api inputs", () => {
  it("collects NAME=VALUE pairs and refuses a pair without a name", () => {
    const query = collectPair("=", "--query");
    expect(query("b=2", query("a=1=x"))).toEqual([
      ["a", "1=x"],
      ["b", "2"],
    ]);
    expect(() => query("=1")).toThrow("--query takes NAME=VALUE");
  });

  it("never lets --header set the credentials", () => {
    expect(headersOf([["Accept-Language", "fr"]])).toEqual({ "Accept-Language": "fr" });
    expect(() => headersOf([["authorization", "Bearer x"]])).toThrow(/set by alteryx-admin/);
  });

  it("reads the body from a file, stdin or the text, and names a body that is not JSON", async () => {
    const path = join(tempDir(), "body.json");
    writeFileSync(path, '\uFEFF{"name":"Finance"}');
    expect(await readBody(`@${path}`)).toEqual({ name: "Finance" });
    const stdin = Readable.from([Buffer.from("[1,2]")]) as unknown as NodeJS.ReadStream;
    expect(await readBody("-", stdin)).toEqual([1, 2]);
    expect(await readBody('{"a":true}')).toEqual({ a: true });
    await expect(readBody("{nope")).rejects.toThrow("--body is not JSON");
    await expect(readBody("@/no/such/file.json")).rejects.toThrow("/no/such/file.json");
  });
});
