// multipart/form-data parsed by undici (fetch's Request), the spec-compliant parser Node ships.

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
