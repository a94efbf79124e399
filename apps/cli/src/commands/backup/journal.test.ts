import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { entryText, type ManifestEntry, manifestText } from "./journal.js";

const entry: fc.Arbitrary<ManifestEntry> = fc.record(
  {
    path: fc.string({ unit: "grapheme" }),
    size: fc.nat(),
    sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
    appId: fc.string(),
    name: fc.string({ unit: "grapheme" }),
    filename: fc.string({ unit: "grapheme" }),
    publishedVersionId: fc.option(fc.string()),
    uploadDate: fc.option(fc.string()),
  },
  { requiredKeys: ["path", "size", "sha256"] },
);

describe("manifestText", () => {
  it("is JSON.stringify(manifest, null, 2) and a newline, for any entries", () => {
    fc.assert(
      fc.property(
        fc.record({ gallery: fc.string(), createdAt: fc.string(), updatedAt: fc.string() }),
        fc.array(entry, { maxLength: 8 }),
        (header, files) => {
          expect(
            manifestText(
              header,
              files.map((e) => ({ text: entryText(e) })),
            ),
          ).toBe(`${JSON.stringify({ ...header, files }, null, 2)}\n`);
        },
      ),
    );
  });
});
