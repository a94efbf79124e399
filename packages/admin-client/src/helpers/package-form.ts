/**
 * The multipart form of every workflow upload (Admin v1 `publishWorkflow`, v3 `uploadWorkflow`
 * and `uploadWorkflowVersion`): the package under "file" with its file name, then the fields,
 * each already checked and written as the text the server reads.
 */
import { packageBlob } from "./file-body.js";

/**
 * Builds the form: the package as a Blob ({@link packageBlob}: any source, an empty one
 * refused), sent as `fileName` or `<name>.yxzp`, then every field that has a value, in order.
 * @internal
 */
export async function packageForm(
  where: string,
  input: { file: unknown; fileName?: unknown },
  name: string,
  fields: Iterable<readonly [string, string | undefined]>,
): Promise<FormData> {
  const fileName = input.fileName ?? `${name}.yxzp`;
  if (typeof fileName !== "string" || fileName === "") {
    throw new TypeError(`${where}: fileName must be a non-empty string`);
  }
  const blob = await packageBlob(input.file, where);
  const form = new FormData();
  form.append("file", blob, fileName);
  for (const [field, value] of fields) if (value !== undefined) form.append(field, value);
  return form;
}
