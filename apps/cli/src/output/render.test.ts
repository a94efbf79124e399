import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { flatten, getPath, pickFields } from "./flatten.js";
import { createStreamRenderer, parseFields, render, renderTable, resolveFormat } from "./render.js";
import { drawTable, fitWidths, minimumWidth } from "./table.js";

const records = [
  {
    id: "a1",
    metaInfo: { name: "Sales, EMEA", author: "Ana" },
    collections: [{ id: "c" }],
    tags: [],
    owner: null,
  },
  {
    id: "b2",
    metaInfo: { name: 'Say "hi"', author: null },
    collections: [],
    tags: [],
    owner: { email: "x@y.z" },
  },
];

describe("flatten", () => {
  it("turns nested objects into dotted keys and arrays into JSON text", () => {
    expect(flatten(records[0])).toEqual({
      id: "a1",
      "metaInfo.name": "Sales, EMEA",
      "metaInfo.author": "Ana",
      collections: '[{"id":"c"}]',
      tags: "",
      owner: null,
    });
  });
  it("reads dotted paths", () => {
    expect(getPath(records[1], "owner.email")).toBe("x@y.z");
    expect(getPath(records[0], "owner.email")).toBeUndefined();
  });
  it("picks a parent field as all its children", () => {
    expect(pickFields(records, ["metaInfo"])[0]).toEqual({
      "metaInfo.name": "Sales, EMEA",
      "metaInfo.author": "Ana",
    });
    expect(pickFields(records, ["missing"])[0]).toEqual({ missing: null });
  });
});

describe("render", () => {
  it("writes CSV with quoting and dotted headers", () => {
    const csv = render(records, { format: "csv", fields: ["id", "metaInfo.name"] });
    expect(csv).toBe('id,metaInfo.name\na1,"Sales, EMEA"\nb2,"Say ""hi"""\n');
  });
  it("writes NDJSON, one object per line", () => {
    const lines = render(records, { format: "ndjson", fields: ["id"] })
      .trim()
      .split("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ id: "a1" }, { id: "b2" }]);
  });
  it("keeps whole records in JSON without --fields", () => {
    expect(JSON.parse(render(records, { format: "json" }))).toEqual(records);
  });
  it("draws a table with the default columns and says when there are no results", () => {
    const table = render(records, { format: "table", tableColumns: ["id", "owner.email"] });
    expect(table).toContain("owner.email");
    expect(table).toContain("x@y.z");
    expect(table).not.toContain("Ana");
    expect(render([], { format: "table" })).toBe("(no results)\n");
  });
  it("shrinks the widest text column first to fit the terminal, never below its minimum", () => {
    expect(fitWidths([24, 60, 5], 80)).toEqual([24, 41, 5]); // 24 + 41 + 5 + borders (3 per column + 1) = 80;
    expect(fitWidths([10, 10], 5)).toEqual([8, 8]);
    // A column of ids keeps its width even when it is the widest: the text column gives way.
    expect(fitWidths([24, 20], 40, [24, 8])).toEqual([24, 9]);
    expect(fitWidths([24, 20], 20, [24, 8])).toEqual([24, 8]);
  });
  it("never cuts an id: id columns and cells holding an id keep their length", () => {
    const id = "57acaca4065e3f26a82b2615";
    expect(minimumWidth("appId", [id], 24)).toBe(24);
    expect(minimumWidth("value", [id, ""], 24)).toBe(24);
    expect(minimumWidth("what", [`(deleted) ${id}`, "Sales"], 34)).toBe(34);
    expect(minimumWidth("name", ["Weekly sales report"], 19)).toBe(8);
    expect(minimumWidth("created", ["2021-09-30 07:05Z", ""], 17)).toBe(17);
    // A column that may go is left out before an id would be cut.
    expect(
      drawTable(["id", "entity", "what"], [[id, "AppInfo", "Sales"]], {
        width: 36,
        droppable: [1],
      }),
    ).not.toContain("entity");
    const table = drawTable(
      ["id", "name"],
      [[id, "A very long workflow name that does not fit in forty columns"]],
      { width: 40 },
    );
    expect(table).toContain(id);
    for (const line of table.split("\n")) expect(line.length).toBeLessThanOrEqual(40);
  });
  it("refuses a --fields name no record has, with the closest one", () => {
    expect(() => render(records, { format: "json", fields: ["metaInfo.nmae"] })).toThrow(
      /--fields: no field "metaInfo\.nmae" \(did you mean "metaInfo\.name"\?\); the fields here are id, metaInfo, collections, tags, owner \(nested ones as dotted names, like metaInfo\.name\)$/,
    );
    // A child of a field that is null in these records may exist in others.
    expect(() => render(records, { format: "json", fields: ["owner.email"] })).not.toThrow();
    expect(() => render([], { format: "json", fields: ["anything"] })).not.toThrow();
  });
  it("chooses table on a terminal and json otherwise, and rejects unknown formats", () => {
    expect(resolveFormat(undefined, true)).toBe("table");
    expect(resolveFormat(undefined, false)).toBe("json");
    expect(() => resolveFormat("xml", false)).toThrow(UsageError);
    expect(() => parseFields(" , ")).toThrow(/--fields is empty/);
    expect(parseFields("id, email")).toEqual(["id", "email"]);
  });
});

describe("createStreamRenderer", () => {
  const many = Array.from({ length: 7 }, (_, i) => ({
    id: `id${i}`,
    metaInfo: { name: `name, ${i}`, author: i % 2 ? "Ana" : null },
    active: i % 3 === 0,
  }));
  const inPages = (format: "json" | "ndjson" | "csv", fields?: string[], size = 3) => {
    const renderer = createStreamRenderer({ format, fields });
    let out = "";
    for (let i = 0; i < many.length; i += size) out += renderer.page(many.slice(i, i + size));
    return out + renderer.end();
  };
  it("prints page by page exactly what rendering the whole list prints", () => {
    for (const format of ["json", "ndjson", "csv"] as const) {
      for (const fields of [undefined, ["id", "metaInfo.name"], ["metaInfo"]]) {
        expect(inPages(format, fields), `${format} ${fields}`).toBe(
          render(many, { format, fields }),
        );
      }
    }
    expect(inPages("json")).toBe(`${JSON.stringify(many, null, 2)}\n`);
    expect(inPages("ndjson")).toBe(many.map((m) => `${JSON.stringify(m)}\n`).join(""));
    expect(inPages("csv").split("\n")).toHaveLength(many.length + 2);
  });
  it("prints an empty list as [] in JSON, nothing in NDJSON and an empty header in CSV", () => {
    for (const format of ["json", "ndjson", "csv"] as const) {
      const renderer = createStreamRenderer({ format });
      expect(renderer.page([]) + renderer.end()).toBe(render([], { format }));
    }
    expect(render([], { format: "json" })).toBe("[]\n");
  });
  it("keeps the CSV header of the first page and says once which later fields it leaves out", () => {
    const dropped: string[][] = [];
    const renderer = createStreamRenderer({
      format: "csv",
      onDroppedColumns: (columns) => dropped.push(columns),
    });
    const text =
      renderer.page([{ id: "a", owner: null }]) +
      renderer.page([{ id: "b", owner: { email: "x@y.z" } }]) +
      renderer.page([{ id: "c", owner: { email: "p@q.r" } }]) +
      renderer.end();
    expect(text).toBe("id,owner\na,\nb,\nc,\n");
    expect(dropped).toEqual([["owner.email"]]);
  });
});

describe("renderTable widths", () => {
  it("cuts the widest text cells with an ellipsis (cli-table3's) so that every line fits the width", () => {
    const rows = [
      { id: "5a0000000000000000000001", name: "A very long workflow name ".repeat(3) },
      { id: "b", name: "short" },
    ];
    expect(renderTable(rows, ["id", "name"], 60)).toBe(
      [
        "┌──────────────────────────┬───────────────────────────────┐",
        "│ id                       │ name                          │",
        "├──────────────────────────┼───────────────────────────────┤",
        "│ 5a0000000000000000000001 │ A very long workflow name A … │",
        "│ b                        │ short                         │",
        "└──────────────────────────┴───────────────────────────────┘",
        "",
      ].join("\n"),
    );
  });
  it("caps a column at its maximum width, and measures colored cells without their escape codes", () => {
    const red = (text: string) => `\u001b[31m${text}\u001b[39m`;
    const table = drawTable(["status", "name"], [["Failed", "abcdefghijklmnopqrstuvwxyz"]], {
      maxWidths: [undefined, 12],
      style: (value, column) => (column === 0 ? red(value) : value),
    });
    expect(table.split("\n")).toEqual([
      "┌────────┬──────────────┐",
      "│ status │ name         │",
      "├────────┼──────────────┤",
      `│ ${red("Failed")} │ abcdefghijk… │`,
      "└────────┴──────────────┘",
    ]);
  });
});
