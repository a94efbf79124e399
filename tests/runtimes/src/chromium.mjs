/**
 * Headless Chromium: Debian's `chromium` (never a downloaded browser), driven by playwright-core.
 * The suite is bundled by esbuild for the browser and served by a page server on its own port,
 * so the page's origin is not the mock's: every call to the mock is cross-origin and works only
 * through the mock's CORS answers, as against a real Gallery.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { build } from "esbuild";

/** Debian's package puts it here; `.ci/run` installs it when missing. */
const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Flags for a root user on a machine without outside network: no sandbox (root), no GPU, and
 * none of Chromium's background connections (refused here, and slow to fail).
 */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The case Chromium runs before the suite's: the page and the mock are on two origins. */
export const CROSS_ORIGIN_CASE =
  "page: served from another origin than the mock (every call relies on CORS)";

/** Longest wait for the whole suite in the page. */
const SUITE_TIMEOUT_MS = 180_000;

/** Chromium's version, or why it cannot run here. */
export function locateChromium(path = CHROMIUM_PATH) {
  if (!existsSync(path)) {
    return {
      reason: `${path} is missing: install Debian's chromium package (apt-get install -y chromium; .ci/run does when apt-get is there)`,
    };
  }
  const result = spawnSync(path, ["--version"], { encoding: "utf8", timeout: 60_000 });
  const match = /Chromium (\S+)/.exec(result.stdout ?? "");
  if (result.error || match === null) {
    const said = result.error?.message ?? `${result.stdout}${result.stderr}`.trim();
    return { reason: `${path} --version failed: ${said.split("\n")[0]}` };
  }
  return { version: match[1] };
}

/** The suite bundled for the browser (one ESM file, in memory). */
async function bundleSuite() {
  const result = await build({
    entryPoints: [join(import.meta.dirname, "browser", "entry.mjs")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

/** Serves the page and its bundle on 127.0.0.1, a free port. */
async function startPageServer(bundle) {
  const html =
    '<!doctype html><meta charset="utf-8"><title>runtimes suite</title><script type="module" src="/suite.js"></script>';
  const server = createServer((request, response) => {
    if (request.url === "/suite.js") {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
      response.end(bundle);
    } else if (request.url === "/") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(html);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  const origin = `http://127.0.0.1:${port}`;
  const close = () => new Promise((resolve) => server.close(resolve));
  return { origin, close };
}

/**
 * Launches Chromium, or resolves to the reason it would not start (a runtime that cannot be
 * started is skipped, not failed).
 */
export async function launchChromium() {
  const { chromium } = await import("playwright-core");
  try {
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 120_000,
    });
    return { browser };
  } catch (error) {
    return { reason: `Chromium would not start: ${String(error.message).split("\n")[0]}` };
  }
}

/**
 * Runs the suite in a page of `browser` and resolves to its results, the first being the check
 * that the page is on another origin than the mock. Rejects when the page never got to run it.
 * @param {import("playwright-core").Browser} browser
 * @param {object} context the suite's context (given to the page's function, never in a URL)
 */
export async function runInChromium(browser, context) {
  const pages = await startPageServer(await bundleSuite());
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  try {
    await page.goto(`${pages.origin}/`);
    await page.waitForFunction(() => typeof globalThis.runSuite === "function", null, {
      timeout: 60_000,
    });
    const pageOrigin = await page.evaluate(() => location.origin);
    const mockOrigin = new URL(context.url).origin;
    const crossOrigin = {
      name: CROSS_ORIGIN_CASE,
      status: pageOrigin !== mockOrigin ? "passed" : "failed",
      ms: 0,
      ...(pageOrigin === mockOrigin ? { error: `both are ${pageOrigin}` } : {}),
    };
    page.setDefaultTimeout(SUITE_TIMEOUT_MS);
    const results = await page.evaluate((ctx) => globalThis.runSuite(ctx), context);
    return [crossOrigin, ...results];
  } catch (error) {
    const seen = errors.length > 0 ? `; errors in the page: ${errors.join("; ")}` : "";
    throw new Error(`${String(error.message).split("\n")[0]}${seen}`);
  } finally {
    await page.close().catch(() => undefined);
    await pages.close();
  }
}
