#!/usr/bin/env node
import { main } from "./cli.js";
// Entry point of the `mock-gallery` bin: start, then stop cleanly on Ctrl-C or SIGTERM.
import type { MockGallery } from "./index.js";

let gallery: MockGallery | undefined;
let stopping = false;
// Handlers go in before start-up, so a signal that arrives while starting still stops cleanly.
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

gallery = await main(process.argv.slice(2));
if (!gallery) process.exit(process.exitCode ?? 0);
if (stopping) {
  await gallery.close();
  process.exit(0);
}
