#!/usr/bin/env node
// Entry point of the `mock-gallery` bin: start, then stop cleanly on Ctrl-C or SIGTERM.
import { main } from "./cli.js";

const gallery = await main(process.argv.slice(2));
if (gallery) {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`mock-gallery: ${signal} received, stopping\n`);
    gallery.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}
