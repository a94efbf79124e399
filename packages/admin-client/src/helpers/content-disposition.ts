/**
 * Reads the file name of a `Content-Disposition` header (RFC 6266): `filename*` (RFC 8187
 * extended value, e.g. `UTF-8''na%C3%AFve.yxzp`) wins over `filename` (quoted or a token).
 */

function decodeExtended(value: string): string | undefined {
  const match = /^([\w!#$%&+^`{}~-]+)'[^']*'(.*)$/.exec(value);
  if (match === null) return undefined;
  const charset = (match[1] as string).toLowerCase();
  const encoded = match[2] as string;
  try {
    if (charset === "utf-8") return decodeURIComponent(encoded);
    if (charset === "iso-8859-1") {
      return encoded.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      );
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Splits the header into its parameters (name lower-cased), honouring quoted strings. */
function parameters(header: string): Map<string, string> {
  const result = new Map<string, string>();
  const re = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const match of header.matchAll(re)) {
    const name = (match[1] as string).toLowerCase();
    const value =
      match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : (match[3] ?? "").trim();
    if (!result.has(name)) result.set(name, value);
  }
  return result;
}

/**
 * Keeps only the last path segment, drops control characters and replaces the characters
 * Windows refuses in file names (`<>:"|?*`) with `_`, so that a hostile name such as
 * `../../.bashrc` cannot escape the folder it is saved in, on any system.
 * @internal
 */
export function safeFilename(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .replace(/[<>:"|?*]/g, "_")
    .trim();
  return cleaned === "" || cleaned === "." || cleaned === ".." ? undefined : cleaned;
}

/**
 * The file name carried by a `Content-Disposition` header, reduced to a safe base name, or
 * undefined when there is none.
 *
 * @example
 * filenameFromContentDisposition('attachment; filename="Sales Report.yxzp"') // "Sales Report.yxzp"
 * @internal
 */
export function filenameFromContentDisposition(header: string | null): string | undefined {
  if (header === null) return undefined;
  const params = parameters(header);
  const extended = params.get("filename*");
  if (extended !== undefined) {
    const decoded = decodeExtended(extended);
    if (decoded !== undefined) {
      const safe = safeFilename(decoded);
      if (safe !== undefined) return safe;
    }
  }
  const plain = params.get("filename");
  return plain === undefined ? undefined : safeFilename(plain);
}
