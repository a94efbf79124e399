/**
 * The browser bundle sizes of the signer, the OAuth2 token source and the client, as a web app's bundler would ship
 * them: each package's whole public surface bundled by esbuild for the browser, minified, then
 * gzipped. Also finds any Node-only module (node:*, a Node built-in, undici) that the bundle
 * pulls in: none may land in a browser bundle.
 *
 *   node bundle-size.mjs     (or: pnpm --filter @alteryx-admin/runtimes-tests bundle-size)
 *
 * prints the table that the signer's, the OAuth2 package's and the client's READMEs show.
 */
import { builtinModules } from "node:module";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/**
 * The bundles the READMEs report: each package's whole public surface, and what a typical app
 * imports (the rest is tree-shaken: the packages are free of side effects).
 */
export const BUNDLES = [
  {
    name: "@alteryx-admin/oauth1-signer, everything",
    source: 'export * from "@alteryx-admin/oauth1-signer";',
  },
  {
    name: "@alteryx-admin/oauth1-signer, createSigner only",
    source: 'export { createSigner } from "@alteryx-admin/oauth1-signer";',
  },
  {
    name: "@alteryx-admin/oauth2, everything",
    source: 'export * from "@alteryx-admin/oauth2";',
  },
  {
    name: "@alteryx-admin/client, everything",
    source: 'export * from "@alteryx-admin/client";',
  },
  {
    name: "@alteryx-admin/client, createAdminClient + paginate + unwrap",
    source: 'export { createAdminClient, paginate, unwrap } from "@alteryx-admin/client";',
  },
];

const NODE_BUILTINS = new Set(builtinModules);

/** True for a specifier that only Node (or undici, Node's fetch) provides. */
export function isNodeOnly(specifier) {
  return (
    specifier.startsWith("node:") ||
    NODE_BUILTINS.has(specifier.split("/")[0]) ||
    specifier === "undici" ||
    specifier.startsWith("undici/")
  );
}

/**
 * An esbuild plugin that keeps Node-only imports out of the bundle (as externals) and records
 * them, with the file that imports them.
 */
function nodeOnlyRecorder(found) {
  return {
    name: "node-only-recorder",
    setup(builder) {
      builder.onResolve({ filter: /.*/ }, (args) => {
        if (!isNodeOnly(args.path)) return undefined;
        found.push({ specifier: args.path, importer: args.importer || "(entry)" });
        return { path: args.path, external: true };
      });
    },
  };
}

/**
 * Bundles `source` (module text resolved from this folder) for the browser, minified.
 * @returns {Promise<{ minified: number, gzipped: number, nodeOnly: Array<{ specifier: string,
 *   importer: string }>, inputs: string[] }>} sizes in bytes; nodeOnly also lists any file of
 *   undici that got bundled
 */
export async function measureBundle(source) {
  const nodeOnly = [];
  const result = await build({
    stdin: { contents: source, resolveDir: import.meta.dirname, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [nodeOnlyRecorder(nodeOnly)],
  });
  const inputs = Object.keys(result.metafile.inputs);
  for (const input of inputs) {
    if (/node_modules[\\/](\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?undici[\\/]/.test(input)) {
      nodeOnly.push({ specifier: "undici", importer: input });
    }
  }
  const bytes = result.outputFiles[0].contents;
  return {
    minified: bytes.length,
    gzipped: gzipSync(bytes, { level: 9 }).length,
    nodeOnly,
    inputs,
  };
}

/** Bytes as the READMEs write them: kB with one decimal (1 kB = 1,000 bytes). */
function kilobytes(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

async function main() {
  const { version } = await import("esbuild");
  console.log(`esbuild ${version}, platform browser, minified, ESM; gzip level 9\n`);
  console.log("| bundle | minified | gzipped |");
  console.log("| --- | ---: | ---: |");
  let nodeOnly = 0;
  for (const bundle of BUNDLES) {
    const measured = await measureBundle(bundle.source);
    console.log(
      `| ${bundle.name} | ${kilobytes(measured.minified)} | ${kilobytes(measured.gzipped)} |`,
    );
    for (const found of measured.nodeOnly) {
      console.error(
        `Node-only module in ${bundle.name}: ${found.specifier} from ${found.importer}`,
      );
      nodeOnly++;
    }
  }
  process.exitCode = nodeOnly > 0 ? 1 : 0;
}

if (process.argv[1] === import.meta.filename) await main();
