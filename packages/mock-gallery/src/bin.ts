#!/usr/bin/env node
// Entry point of the `mock-gallery` bin: start, then stop cleanly on Ctrl-C or SIGTERM.
import type { MockGallery } from "./index.js";

let gallery: MockGallery | undefined;
let stopping = false;
// Handlers go in before anything else: loading Prism takes a second or two, and a Ctrl-C in
// that time must still end with exit code 0, not the default signal death (130).
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`mock-gallery: ${signal} received, stopping\n`);
  if (gallery) {
    gallery.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  }
}
process.once("SIGINT", () => stop("SIGINT"));
process.once("SIGTERM", () => stop("SIGTERM"));

// Imported only now, so that the handlers above are in place while Prism loads.
process.stderr.write("mock-gallery: starting\n");
const { main } = await import("./cli.js");
if (stopping) process.exit(0);
gallery = await main(process.argv.slice(2));
if (!gallery) process.exit(process.exitCode ?? 0);
if (stopping) {
  await gallery.close();
  process.exit(0);
}
