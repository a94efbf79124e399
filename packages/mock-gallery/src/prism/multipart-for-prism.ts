// Prism 5 parses multipart bodies with parse-multipart-data, which throws outside any error
// handling (and so kills the process) on ordinary or hostile input: a file part without a
// Content-Type, a filename or field name holding ; = or ", a part without a name. The front
// server therefore parses every multipart body with undici (spec-compliant) and forwards a
// canonical re-encoding that parse-multipart-data reads safely; what it cannot parse is a 400.
import { randomBytes } from "node:crypto";
import { parseFormData } from "../gallery/form-data.js";

/** A multipart body re-encoded for Prism, with its new Content-Type. */
export interface CanonicalMultipart {
  contentType: string;
  body: Buffer;
}

/** Whether a Content-Type header announces multipart/form-data. */
export function isMultipart(contentType: string | undefined): boolean {
  return /^\s*multipart\/form-data\s*(;|$)/i.test(contentType ?? "");
}

/**
 * Parses `body` as multipart/form-data and re-encodes it canonically (every part named, every
 * file part with a filename and a Content-Type; names and filenames limited to safe characters).
 * Returns undefined when the body is not valid multipart/form-data.
 */
export async function canonicalMultipart(
  contentType: string,
  body: Uint8Array,
): Promise<CanonicalMultipart | undefined> {
  const form = await parseFormData(contentType, body);
  if (!form) return undefined;
  const boundary = `mock-gallery-${randomBytes(16).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of form) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${safeToken(name)}"`;
    if (typeof value === "string") {
      chunks.push(Buffer.from(`${head}\r\n\r\n`), Buffer.from(value, "utf8"), Buffer.from("\r\n"));
      continue;
    }
    const type = /^[\x21-\x7e]+\/[\x21-\x7e]+$/.test(value.type)
      ? value.type
      : "application/octet-stream";
    head += `; filename="${safeToken(value.name) || "upload"}"\r\nContent-Type: ${type}`;
    chunks.push(
      Buffer.from(`${head}\r\n\r\n`),
      Buffer.from(await value.arrayBuffer()),
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat(chunks),
  };
}

/** Keeps a name or filename readable by parse-multipart-data (no ; = " \ or control bytes). */
function safeToken(value: string): string {
  return value.replace(/[^A-Za-z0-9._ ()[\]{}@#$%^&*!~'+,-]/g, "_");
}
