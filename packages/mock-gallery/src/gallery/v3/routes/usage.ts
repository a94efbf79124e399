// /v3/usage: the usage records as a file (one JSON line per event; the real format is not
// documented), and deleting the reported ones from an acknowledgement file holding a ULID.
import { readUploadForm } from "../../form-data.js";
import { v3BadRequest, v3NotFound } from "../v3-error.js";
import { done, route, type V3Route } from "../v3-route.js";

/** The usage routes. */
export const usageV3Routes: V3Route[] = [
  route("GET", "/v3/usage", (_r, _p, state) => {
    if (state.v3.usageEvents.length === 0) {
      throw v3NotFound("There are no usage records to download.");
    }
    const lines = state.v3.usageEvents.map((id) => JSON.stringify({ id, event: "WorkflowRun" }));
    return {
      status: 200,
      binary: new TextEncoder().encode(`${lines.join("\n")}\n`),
      headers: {
        "content-type": "application/octet-stream",
        "content-disposition": 'attachment; filename="usage.jsonl"',
      },
    };
  }),
  route("POST", "/v3/usage", async (r, _p, state) => {
    const { file } = await readUploadForm(
      r,
      ["file"],
      "the usage report's last event id in the file field",
    );
    const text = (await file.text()).trim();
    if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(text)) {
      throw v3BadRequest(
        "The file must hold one ULID (26 characters of Crockford base 32), the last reported event's id.",
      );
    }
    state.v3.usageEvents = state.v3.usageEvents.filter((id) => id > text);
    return done();
  }),
];
