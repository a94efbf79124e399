// Helpers of the benchmarks: run a mock, or a group of clients, in a child process, so that
// what the mock does is measured apart from what its clients do.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Forks `script` with `args` and resolves to the child and its first message. */
export async function forkWithMessage(script, args) {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const first = await nextMessage(child);
  return { child, first };
}

/** The next message of a child (rejects if it exits first). */
export function nextMessage(child) {
  return new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`child exited (${code})`));
    child.once("exit", onExit);
    child.once("message", (message) => {
      child.off("exit", onExit);
      resolve(message);
    });
  });
}

/** Asks a child to stop and waits for it. */
export async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}
