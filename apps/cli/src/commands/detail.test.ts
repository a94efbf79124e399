import { afterEach, describe, expect, it, vi } from "vitest";
import { type Detail, printDetail } from "./shared.js";

/** What printDetail writes to stdout for the options, with stdout a terminal or not. */
function printed(detail: Detail, options: { format?: string; fields?: string }, tty = false) {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  const wasTty = process.stdout.isTTY;
  process.stdout.isTTY = tty;
  try {
    printDetail(detail, options);
  } finally {
    process.stdout.isTTY = wasTty;
    vi.restoreAllMocks();
  }
  return chunks.join("");
}

afterEach(() => {
  vi.restoreAllMocks();
});

const group: Detail = {
  document: { id: "g1", name: "Analysts", members: [{ userId: "u1" }] },
  heading: 'group "Analysts"',
  rows: [{ userId: "u1", email: "ada@example.com" }],
  columns: ["userId", "email"],
  footer: "the end\n",
};

describe("printDetail", () => {
  it("piped without --format prints the document, with no heading or footer", () => {
    expect(JSON.parse(printed(group, {}))).toEqual(group.document);
  });

  it("JSON with --fields lists the rows' fields instead of the document", () => {
    expect(JSON.parse(printed(group, { format: "json", fields: "email" }))).toEqual([
      { email: "ada@example.com" },
    ]);
  });

  it("a table has the heading, the rows and the footer; CSV only the rows", () => {
    const table = printed(group, { format: "table" });
    expect(table.split("\n")[0]).toBe('group "Analysts"');
    expect(table).toMatch(/u1.*ada@example\.com/);
    expect(table.endsWith("the end\n")).toBe(true);
    expect(printed(group, { format: "csv" })).toBe("userId,email\nu1,ada@example.com\n");
  });

  it("a table without rows prints the empty line in their place; JSON lists rows without a document", () => {
    const empty: Detail = { heading: "h", rows: [], columns: ["id"], empty: "nothing here" };
    expect(printed(empty, {}, true)).toBe("h\nnothing here\n");
    expect(JSON.parse(printed({ ...empty, rows: [{ id: 1 }] }, { format: "json" }))).toEqual([
      { id: 1 },
    ]);
  });
});
