/**
 * Node's own default undici dispatcher, captured before anything of this package touches fetch's
 * classes (index.ts imports this module first). Node's undici installs its dispatcher when it
 * loads (on the first use of fetch, Headers, Request or Response) unless one is there already.
 * So if none is there now, loading undici here leaves Node's own in place, and any other found
 * later was installed by the application (see hasCustomDispatcher in node-transport.ts). If one
 * is there already, it may be Node's, npm undici's, or an application's configured one (TLS
 * options, a proxy): nobody can tell, and NODE_DISPATCHER is undefined.
 */

/** Where undici (Node's and the npm package) keeps the global dispatcher. @internal */
export const DISPATCHER = Symbol.for("undici.globalDispatcher.1");

/** True on Node itself (not Deno or Bun, whose node:http is an emulation over their fetch). @internal */
export function isPlainNode(): boolean {
  const g = globalThis as {
    process?: { versions?: { node?: string } };
    Deno?: unknown;
    Bun?: unknown;
  };
  return (
    typeof g.process?.versions?.node === "string" && g.Deno === undefined && g.Bun === undefined
  );
}

/** @internal */
export const NODE_DISPATCHER: unknown = (() => {
  const g = globalThis as Record<symbol, unknown>;
  if (!isPlainNode() || g[DISPATCHER] !== undefined) return undefined;
  new Headers();
  return g[DISPATCHER];
})();
