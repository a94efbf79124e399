// Prism runs in-process, one instance per spec (openapi/admin-v1.yaml, openapi/server-v3.yaml):
// in proxy mode it validates every request and response against its spec (422 for a bad
// request, 500 with the violations for a bad response) and forwards to the in-memory Gallery;
// in static mode it answers from the spec's examples.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import prismCore from "@stoplight/prism-core";
import prismHttp from "@stoplight/prism-http";
import prismServer from "@stoplight/prism-http-server";

const { createLogger } = prismCore;
const { getHttpOperationsFromSpec } = prismHttp;
const { createServer } = prismServer;

/** The specs the mock validates against. */
export type SpecName = "admin-v1" | "server-v3";

/** Where a spec lives: copied into spec/ by scripts/copy-spec.mjs, or the repository's own. */
function specPath(name: SpecName): string {
  const copied = new URL(`../../spec/${name}.yaml`, import.meta.url);
  // In the monorepo, a build restored from a cache may lack spec/: use the contract itself.
  const repo = new URL(`../../../../openapi/${name}.yaml`, import.meta.url);
  for (const url of [copied, repo]) {
    if (existsSync(url)) return fileURLToPath(url);
  }
  throw new Error(
    `mock-gallery: the spec is missing (${fileURLToPath(copied)}); run the package build (scripts/copy-spec.mjs copies it)`,
  );
}

/** How to start Prism. */
export interface PrismOptions {
  /** The spec to validate against (default admin-v1). */
  spec?: SpecName;
  /** Proxy to this upstream (the Gallery's base URL for the spec); omitted: static mock mode. */
  upstream?: string;
  /** Receives Prism's warnings and errors (validation violations) as single lines. */
  logger?: (line: string) => void;
}

/** A running Prism. */
export interface RunningPrism {
  origin: string;
  close(): Promise<void>;
}

/** Starts Prism on 127.0.0.1 (random port) with request and response validation and errors on. */
export async function startPrism(options: PrismOptions): Promise<RunningPrism> {
  const operations = await getHttpOperationsFromSpec(specPath(options.spec ?? "admin-v1"));
  const { logger } = options;
  // Prism logs through pino; it stays silent unless the caller asked for lines.
  const pinoLogger = logger
    ? createLogger("prism", { level: "warn" }, { write: (line: string) => logger(prismLine(line)) })
    : createLogger("prism", { enabled: false, level: "silent" });
  const common = {
    checkSecurity: false, // the OAuth1 verifier in front of Prism does the real check
    validateRequest: true,
    validateResponse: true,
    errors: true,
    upstreamProxy: undefined,
    mock: { dynamic: false },
  };
  const config = options.upstream
    ? { ...common, isProxy: true as const, upstream: new URL(options.upstream) }
    : { ...common, isProxy: false as const };
  const server = createServer(operations, {
    components: { logger: pinoLogger },
    config,
    cors: false,
  });
  const address = await server.listen(0, "127.0.0.1");
  return { origin: address, close: () => server.close() };
}

function prismLine(line: string): string {
  try {
    const entry = JSON.parse(line) as { msg?: string; name?: string };
    return `prism: ${entry.msg ?? line}`.replace(/\s+/g, " ").trim();
  } catch {
    return `prism: ${line.trim()}`;
  }
}
