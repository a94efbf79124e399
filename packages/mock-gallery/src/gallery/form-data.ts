// multipart/form-data parsed by undici (fetch's Request), the spec-compliant parser Node ships,
// and read as both APIs' uploads are: a `file` and text fields, some of them true/false flags.
// Refusals are InputErrors, answered in the shape of the API the request came to.
import { InputError } from "./input-error.js";
import { truncate } from "./routes/params.js";
import type { RouteRequest } from "./routes/route.js";

/** Parses `body` as multipart/form-data; undefined when it is not valid. */
export async function parseFormData(
  contentType: string,
  body: Uint8Array,
): Promise<FormData | undefined> {
  try {
    return await new Request("http://mock-gallery.invalid/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: new Uint8Array(body),
    }).formData();
  } catch {
    return undefined;
  }
}

/** A multipart upload whose required fields are there, with a file in `file`. */
export interface UploadForm {
  form: FormData;
  file: File;
  /** A text field; undefined when absent (or a file). */
  text(name: string): string | undefined;
  /** A true/false field (any case); undefined when absent or empty, a 400 otherwise. */
  flag(name: string): boolean | undefined;
}

/**
 * Reads a multipart upload with every field of `required` and a file in `file`; `fields`
 * completes the 400 of a body that is not multipart ("...; send <fields>.").
 */
export async function readUploadForm(
  r: RouteRequest,
  required: readonly string[],
  fields: string,
): Promise<UploadForm> {
  const form = await parseFormData(r.contentType ?? "", r.body);
  if (!form) {
    throw new InputError(`The body is not valid multipart/form-data; send ${fields}.`);
  }
  const missing = required.filter((name) => !form.has(name));
  if (missing.length > 0) {
    throw new InputError(`Missing required form field(s): ${missing.join(", ")}.`);
  }
  const file = form.get("file");
  if (typeof file === "string" || file === null) {
    throw new InputError("The file field must be a file upload (the .yxzp package).");
  }
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const flag = (name: string) => {
    const value = text(name);
    if (value === undefined || value === "") return undefined;
    const lower = value.toLowerCase();
    if (lower !== "true" && lower !== "false") {
      throw new InputError(`The ${name} field must be true or false, not "${truncate(value)}".`);
    }
    return lower === "true";
  };
  return { form, file, text, flag };
}
