// Workflow packages: a .yxzp is a zip holding the workflow XML (.yxmd/.yxwz/.yxmc). The mock
// builds a small but real one for every seeded workflow, so downloads can be unzipped.
import { zipSync } from "fflate";
import type { WorkflowRecord } from "./dataset.js";

/** Builds a real .yxzp (zip) containing the workflow's XML file. */
export function buildPackage(workflow: WorkflowRecord, version: number): Uint8Array {
  // A fixed mtime keeps the archive byte-identical across runs (fflate stores DOS dates).
  return zipSync(
    { [workflow.fileName]: workflowXml(workflow, version) },
    { level: 6, mtime: new Date(Date.UTC(2021, 0, 1)) },
  );
}

/** The workflow's XML document (.yxmd), a minimal two-tool workflow named after it. */
export function workflowXml(workflow: WorkflowRecord, version: number): Uint8Array {
  const xml = `<?xml version="1.0"?>
<AlteryxDocument yxmdVer="2020.2">
  <Nodes>
    <Node ToolID="1">
      <GuiSettings Plugin="AlteryxBasePluginsGui.TextInput.TextInput"><Position x="54" y="54" /></GuiSettings>
      <Properties><Configuration><NumRows value="1" /><Fields><Field name="Source" /></Fields><Data><r><c>${escapeXml(workflow.name)}</c></r></Data></Configuration></Properties>
    </Node>
    <Node ToolID="2">
      <GuiSettings Plugin="AlteryxBasePluginsGui.BrowseV2.BrowseV2"><Position x="198" y="54" /></GuiSettings>
    </Node>
  </Nodes>
  <Connections><Connection><Origin ToolID="1" Connection="Output" /><Destination ToolID="2" Connection="Input" /></Connection></Connections>
  <Properties>
    <MetaInfo><Name>${escapeXml(workflow.name)}</Name><Description>${escapeXml(workflow.description)}</Description><Author>${escapeXml(workflow.author)}</Author></MetaInfo>
    <RuntimeProperties><Version>${version}</Version></RuntimeProperties>
  </Properties>
</AlteryxDocument>
`;
  return new TextEncoder().encode(xml);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * `Content-Disposition` for a package: the quoted file name, with an RFC 5987 `filename*` when
 * the name is not plain ASCII.
 */
export function contentDisposition(name: string): string {
  const fileName = `${name}.yxzp`;
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  if (ascii === fileName) return `attachment; filename="${fileName}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
