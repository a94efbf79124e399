#!/usr/bin/env node
/** The `alteryx-admin` executable. */
import { main } from "./main.js";

// `alteryx-admin users | head` closes the pipe early: that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const code = await main(process.argv);
// Flush stdout, then exit: the embedded mocks are closed, but an idle keep-alive socket of
// fetch's connection pool could otherwise hold the event loop open for a few seconds.
process.stdout.write("", () => process.exit(code));
