/**
 * The page's script, bundled by esbuild for the browser: the same suite, exposed to the
 * harness, which calls it through Playwright with the mock's address and credentials.
 */
import { runSuite } from "../suite.mjs";

globalThis.runSuite = runSuite;
document.title = "runtimes suite ready";
