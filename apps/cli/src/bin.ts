#!/usr/bin/env node
/** The `alteryx-admin` executable. */
import { main } from "./main.js";

const code = await main(process.argv);
// Flush stdout before exiting: embedded mocks are closed, but a keep-alive socket of fetch's
// pool could otherwise hold the event loop open for seconds.
process.stdout.write("", () => process.exit(code));
