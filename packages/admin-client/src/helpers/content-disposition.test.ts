import { describe, expect, it } from "vitest";
import { filenameFromContentDisposition, safeFilename } from "./content-disposition.js";

describe("filenameFromContentDisposition", () => {
  it("reads quoted, token and escaped names", () => {
    expect(filenameFromContentDisposition('attachment; filename="Tableau WDC Demo.yxzp"')).toBe(
      "Tableau WDC Demo.yxzp",
    );
    expect(filenameFromContentDisposition("attachment; filename=plain.yxzp")).toBe("plain.yxzp");
    // Quotes are read, then replaced: Windows refuses them in file names.
    expect(filenameFromContentDisposition('attachment; filename="a \\"quoted\\" name.yxzp"')).toBe(
      "a _quoted_ name.yxzp",
    );
    expect(filenameFromContentDisposition('attachment; FileName="semi;colon.yxzp"')).toBe(
      "semi;colon.yxzp",
    );
  });

  it("prefers the RFC 8187 filename*", () => {
    expect(
      filenameFromContentDisposition(
        "attachment; filename=\"fallback.yxzp\"; filename*=UTF-8''Ventes%20%E2%82%AC.yxzp",
      ),
    ).toBe("Ventes €.yxzp");
    expect(
      filenameFromContentDisposition("attachment; filename*=iso-8859-1'de'M%FCller.yxzp"),
    ).toBe("Müller.yxzp");
    expect(
      filenameFromContentDisposition("attachment; filename*=UTF-8''%E2%82; filename=ok.yxzp"),
    ).toBe("ok.yxzp");
  });

  it("keeps only a safe base name", () => {
    expect(filenameFromContentDisposition('attachment; filename="../../.bashrc"')).toBe(".bashrc");
    expect(filenameFromContentDisposition('attachment; filename="C:\\\\temp\\\\x.yxzp"')).toBe(
      "x.yxzp",
    );
    expect(filenameFromContentDisposition('attachment; filename=".."')).toBeUndefined();
    expect(safeFilename("a\u0000b.yxzp")).toBe("ab.yxzp");
    expect(safeFilename('Q1: "sales" <draft>|v2?*.yxzp')).toBe("Q1_ _sales_ _draft__v2__.yxzp");
  });

  it("returns undefined without a name", () => {
    expect(filenameFromContentDisposition(null)).toBeUndefined();
    expect(filenameFromContentDisposition("attachment")).toBeUndefined();
  });
});
