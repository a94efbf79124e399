/** Reading the API secret: from a pipe (--secret-stdin, `profile add`) or a prompt without echo. */
import { Interrupted, UsageError } from "../errors.js";

/** Reads the whole of stdin and strips one trailing newline (what `echo` and files add). */
export async function readSecretFromStdin(
  stdin: NodeJS.ReadStream = process.stdin,
  what = "--secret-stdin",
): Promise<string> {
  if (stdin.isTTY) {
    throw new UsageError(
      `${what} reads the secret from a pipe, e.g. \`pass show gallery | alteryx-admin ... --secret-stdin\``,
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  const secret = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  if (!secret) throw new UsageError(`${what}: stdin was empty`);
  return secret;
}

/**
 * Asks for the secret on the terminal without echoing it (the prompt goes to stderr, so stdout
 * stays clean). Loaded only when needed: the prompt library is not part of every start.
 */
export async function promptSecret(message: string): Promise<string> {
  const { default: password } = await import("@inquirer/password");
  try {
    return await password(
      { message, mask: false, validate: (v) => v.trim() !== "" || "the secret cannot be empty" },
      { output: process.stderr },
    );
  } catch (error) {
    if ((error as Error).name === "ExitPromptError") throw new Interrupted();
    throw error;
  }
}

/** The secret for `profile add`: a prompt on a terminal, else stdin. */
export function readNewSecret(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  return stdin.isTTY
    ? promptSecret("API secret (not shown):")
    : readSecretFromStdin(stdin, "profile add");
}
