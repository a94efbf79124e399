/** Everything a command needs: the resolved Gallery, a signed client, a logger, and cleanup. */
import { spawn } from "node:child_process";
import { accessSync, readFileSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { type AdminClient, createAdminClient } from "@alteryx-admin/client";
import { readSecretFromStdin, resolveTarget, type Target } from "./config/resolve.js";
import { startEmbedded } from "./embedded.js";
import { UsageError } from "./errors.js";
import { loggingFetch } from "./http.js";
import { createLogger, type Logger, type Verbosity } from "./log.js";

/** The global options every command accepts. */
export interface GlobalOptions {
  profile?: string;
  url?: string;
  key?: string;
  secretStdin?: boolean;
  ca?: string;
  clockOffset?: number;
  quiet?: boolean;
  verbose?: boolean;
}

/** One Gallery connection. */
export interface Connection {
  target: Target;
  client: AdminClient;
  /** True when this is an embedded mock started for this run. */
  embedded: boolean;
}

/** The environment variable that carries a stdin secret into a re-executed child (see --ca). */
const STDIN_SECRET_ENV = "ALTERYX_ADMIN_INTERNAL_STDIN_SECRET";

/** Thrown to ask main() to re-run the CLI with NODE_EXTRA_CA_CERTS set to a private CA file. */
export class ReexecWithCa extends Error {
  constructor(
    readonly caPath: string,
    readonly stdinSecret: string | undefined,
  ) {
    super("re-exec with a private CA");
  }
}

/** Verbosity from --quiet/--verbose. */
export function verbosityOf(options: GlobalOptions): Verbosity {
  if (options.quiet && options.verbose)
    throw new UsageError("--quiet and --verbose cannot be used together");
  return options.quiet ? "quiet" : options.verbose ? "verbose" : "normal";
}

/** Creates the client for a target with request logging. */
export function clientFor(target: Target, logger: Logger, clockOffsetSeconds = 0): AdminClient {
  try {
    return createAdminClient({
      baseUrl: target.url,
      consumerKey: target.key,
      consumerSecret: target.secret,
      fetch: loggingFetch(logger),
      userAgent: "alteryx-admin-cli",
      clockOffsetSeconds,
      retry: {
        onRetry: (e) =>
          logger.debug(
            `retrying ${e.method} ${e.path} in ${e.delayMs} ms (attempt ${e.attempt + 1} of ${e.attempts}${e.status ? `, got ${e.status}` : ""})`,
          ),
      },
    });
  } catch (error) {
    // The client validates its options (URL shape, key); a bad one is a configuration mistake.
    throw new UsageError(`${target.source}: ${(error as Error).message}`);
  }
}

/**
 * Checks a --ca file and, when Node was not started with it, asks for a re-exec: Node's
 * built-in fetch only takes extra CAs from NODE_EXTRA_CA_CERTS at startup (a custom CA needs an
 * undici dispatcher otherwise, which Node 20 does not expose).
 */
export function checkCa(caPath: string, stdinSecret: string | undefined): void {
  const absolute = resolvePath(caPath);
  try {
    accessSync(absolute);
  } catch {
    throw new UsageError(`--ca ${caPath}: file not found or not readable`);
  }
  if (!readFileSync(absolute, "utf8").includes("-----BEGIN CERTIFICATE-----")) {
    throw new UsageError(
      `--ca ${caPath}: not a PEM certificate (expected "-----BEGIN CERTIFICATE-----")`,
    );
  }
  if (process.env.NODE_EXTRA_CA_CERTS !== absolute) throw new ReexecWithCa(absolute, stdinSecret);
}

/**
 * TLS verification is always on: Node would turn it off for every request when
 * NODE_TLS_REJECT_UNAUTHORIZED=0, so an https target refuses to run with it.
 */
export function checkTlsVerification(target: Target, env: NodeJS.ProcessEnv = process.env): void {
  if (target.url.startsWith("https:") && env.NODE_TLS_REJECT_UNAUTHORIZED === "0") {
    throw new UsageError(
      "NODE_TLS_REJECT_UNAUTHORIZED=0 would turn off TLS verification, which alteryx-admin keeps on: unset it, and pass --ca FILE if the server uses a private CA",
    );
  }
}

/** Runs this CLI again with NODE_EXTRA_CA_CERTS set and resolves to the child's exit code. */
export function reexecWithCa(request: ReexecWithCa): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: request.caPath };
  if (request.stdinSecret !== undefined) env[STDIN_SECRET_ENV] = request.stdinSecret;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env,
    stdio: [request.stdinSecret === undefined ? "inherit" : "ignore", "inherit", "inherit"],
  });
  return new Promise((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on("error", () => resolve(1));
  });
}

/** Reads the secret from stdin when --secret-stdin was given (once per run). */
export async function stdinSecretOf(options: GlobalOptions): Promise<string | undefined> {
  if (!options.secretStdin) return undefined;
  const passed = process.env[STDIN_SECRET_ENV];
  if (passed !== undefined) return passed;
  return readSecretFromStdin();
}

/** A command run: logger, connections opened so far and their cleanup. */
export class Session {
  readonly logger: Logger;
  private readonly closers: Array<() => Promise<void>> = [];

  constructor(readonly options: GlobalOptions) {
    this.logger = createLogger(verbosityOf(options));
  }

  /**
   * Connects to the configured Gallery, or starts the embedded mock (and says so on stderr)
   * when nothing is configured.
   */
  async connect(): Promise<Connection> {
    const { target, embedded } = await this.resolve();
    return { target, client: clientFor(target, this.logger, this.options.clockOffset), embedded };
  }

  /**
   * Resolves the configured Gallery without creating a client (doctor checks what a client
   * would refuse), or starts the embedded mock when nothing is configured.
   */
  async resolve(): Promise<{ target: Target; embedded: boolean }> {
    const stdinSecret = await stdinSecretOf(this.options);
    const target = resolveTarget({
      profile: this.options.profile,
      url: this.options.url,
      key: this.options.key,
      ca: this.options.ca,
      stdinSecret,
    });
    if (target) {
      checkTlsVerification(target);
      if (target.ca) checkCa(target.ca, stdinSecret);
      return { target, embedded: false };
    }
    return {
      target: (await this.connectEmbedded(1, "embedded mock Gallery")).target,
      embedded: true,
    };
  }

  /** Starts an embedded mock Gallery, closed when the session ends. */
  async connectEmbedded(seed: number, label: string, announce = true): Promise<Connection> {
    const { mock, target } = await startEmbedded(seed, label);
    this.closers.push(() => mock.close());
    if (announce) {
      this.logger.info(
        `no Gallery configured (ALTERYX_GALLERY_URL, --url or a profile): using an embedded mock Gallery with demo data at ${mock.url}`,
      );
    }
    return {
      target,
      client: clientFor(target, this.logger, this.options.clockOffset),
      embedded: true,
    };
  }

  /** Connects to a target resolved elsewhere (migrate's profiles). */
  connectTo(target: Target): Connection {
    checkTlsVerification(target);
    if (target.ca) checkCa(target.ca, undefined);
    return {
      target,
      client: clientFor(target, this.logger, this.options.clockOffset),
      embedded: false,
    };
  }

  /** Closes the embedded mocks. */
  async close(): Promise<void> {
    await Promise.allSettled(this.closers.splice(0).map((close) => close()));
  }
}
