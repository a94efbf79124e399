// Builds the published CLI: one ES module, dist/bin.js, with every dependency inside except the
// optional mock Gallery (imported by --demo only). One file starts in about half the time of the
// ~200 modules it replaces (module resolution and loading were most of the start-up), and the
// install needs no third-party packages. The licenses of what is inside go beside it, in
// dist/THIRD-PARTY-LICENSES.txt. Type checking is `tsc` (the typecheck script), not this.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(ROOT, "dist");

rmSync(DIST, { recursive: true, force: true });
const { metafile } = await build({
  absWorkingDir: ROOT,
  entryPoints: ["src/bin.ts"],
  outfile: "dist/bin.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  external: ["@alteryx-admin/mock-gallery"],
  // The CommonJS modules inside (undici, commander, ...) require Node's built-ins by name.
  banner: {
    js: 'import { createRequire as __alteryxCreateRequire } from "node:module";\nconst require = __alteryxCreateRequire(import.meta.url);',
  },
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});

/** The folder of the npm package a bundled file comes from, or undefined for our own. */
function packageDir(file) {
  const at = file.lastIndexOf("node_modules/");
  if (at < 0) return undefined;
  const rest = file.slice(at + "node_modules/".length).split("/");
  const name = rest[0]?.startsWith("@") ? rest.slice(0, 2).join("/") : rest[0];
  return join(ROOT, file.slice(0, at), "node_modules", name ?? "");
}

const packages = new Map();
for (const file of Object.keys(metafile.inputs)) {
  const dir = packageDir(file);
  if (dir && !packages.has(dir))
    packages.set(dir, JSON.parse(readFileSync(join(dir, "package.json"), "utf8")));
}
const notices = [...packages]
  .sort(([, a], [, b]) => a.name.localeCompare(b.name))
  .map(([dir, pkg]) => {
    const file = readdirSync(dir).find((name) => /^(licen[sc]e|copying)(\.|$)/i.test(name));
    const text = file ? readFileSync(join(dir, file), "utf8").trim() : `License: ${pkg.license}`;
    return `${pkg.name}@${pkg.version} (${pkg.license})\n\n${text}\n`;
  });
writeFileSync(
  join(DIST, "THIRD-PARTY-LICENSES.txt"),
  `alteryx-admin's dist/bin.js includes these packages:\n\n${notices.join(`\n${"-".repeat(72)}\n\n`)}`,
);
const size = (Object.values(metafile.outputs)[0]?.bytes ?? 0) / 1024;
console.log(
  `dist/bin.js: ${size.toFixed(0)} kB, ${packages.size} packages inside (their licenses: dist/THIRD-PARTY-LICENSES.txt)`,
);
if (!existsSync(join(DIST, "bin.js"))) throw new Error("the bundle was not written");
