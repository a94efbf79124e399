/**
 * Everything a command needs: the resolved Gallery (or the demo one, when asked for), a signed
 * client on that Gallery's own network settings, a logger, and cleanup.
 */
import { readFileSync, statSync } from "node:fs";
import { type AdminClient, createAdminClient } from "@alteryx-admin/client";
import type { Dispatcher } from "undici";
import { NOT_CONFIGURED, resolveTarget, type Target } from "./config/resolve.js";
import { readSecretFromStdin } from "./config/secret.js";
import { startDemoGallery } from "./demo.js";
import { type FailureContext, safeOrigin, UsageError } from "./errors.js";
import { createDispatcher, proxySetting } from "./http/dispatcher.js";
import { type CliFetch, createCliFetch } from "./http/fetch.js";
import { createLogger, type Logger, type Verbosity } from "./log.js";

/** The global options every command accepts. */
export interface GlobalOptions {
  profile?: string;
  url?: string;
  key?: string;
  secretStdin?: boolean;
  ca?: string;
  proxy?: string;
  /** --timeout in seconds. */
  timeout?: number;
  clockOffset?: number;
  demo?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** The --timeout when none is given, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 30;

/** One Gallery connection. */
export interface Connection {
  target: Target;
  client: AdminClient;
  /** The fetch the client uses (doctor's probes go through it too). */
  fetch: CliFetch;
  /** True when this is a demo Gallery started for this run. */
  demo: boolean;
}

/** Verbosity from --quiet/--verbose. */
export function verbosityOf(options: GlobalOptions): Verbosity {
  if (options.quiet && options.verbose)
    throw new UsageError("--quiet and --verbose cannot be used together");
  return options.quiet ? "quiet" : options.verbose ? "verbose" : "normal";
}

/** True for --demo, or ALTERYX_ADMIN_DEMO=1. */
export function demoRequested(
  options: GlobalOptions,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (options.demo) return true;
  const value = env.ALTERYX_ADMIN_DEMO;
  if (value === undefined || value === "" || value === "0" || value === "false") return false;
  if (value === "1" || value === "true") return true;
  throw new UsageError(`ALTERYX_ADMIN_DEMO must be 1 or 0, got "${value}"`);
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

/** Reads a CA file (PEM), naming the file and where it was set in every error. */
export function readCa(path: string, origin: string): string {
  const where = `${origin === "--ca" ? "--ca" : `ca of ${origin}`} ${path}`;
  let text: string;
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`${where}: is a folder, not a PEM file`);
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `${where}: cannot read it (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----"))
    throw new UsageError(
      `${where}: not a PEM certificate (expected "-----BEGIN CERTIFICATE-----")`,
    );
  return text;
}

/**
 * What error messages need of a run's network settings, beyond what the client's errors carry:
 * the proxy in effect (none with --demo, whose Gallery is always reached directly).
 */
export function failureContextOf(
  options: GlobalOptions,
  env: NodeJS.ProcessEnv = process.env,
): FailureContext {
  let demo: boolean;
  try {
    demo = demoRequested(options, env);
  } catch {
    demo = false;
  }
  const proxy = demo ? undefined : proxySetting(options.proxy, env);
  return { proxy: proxy && { origin: safeOrigin(proxy.url), setting: proxy.origin } };
}

/** A command run: logger, connections opened so far and their cleanup. */
export class Session {
  readonly logger: Logger;
  readonly timeoutSeconds: number;
  private readonly closers: Array<() => Promise<void>> = [];

  constructor(readonly options: GlobalOptions) {
    this.logger = createLogger(verbosityOf(options));
    this.timeoutSeconds = options.timeout ?? DEFAULT_TIMEOUT_SECONDS;
  }

  /** True when this run uses demo Galleries (--demo or ALTERYX_ADMIN_DEMO=1). */
  get demo(): boolean {
    return demoRequested(this.options);
  }

  /** Connects to the configured Gallery, or to the demo Gallery with --demo. */
  async connect(): Promise<Connection> {
    if (this.demo) return this.connectDemo(1, "demo Gallery");
    return this.connectTo(await this.resolve());
  }

  /**
   * The configured Gallery without connecting (doctor checks what a client would refuse).
   * Nothing configured is a usage error that says how to configure one, and that --demo exists.
   */
  async resolve(): Promise<Target> {
    const stdinSecret = this.options.secretStdin ? await readSecretFromStdin() : undefined;
    const target = resolveTarget({
      profile: this.options.profile,
      url: this.options.url,
      key: this.options.key,
      ca: this.options.ca,
      stdinSecret,
    });
    if (!target) throw new UsageError(NOT_CONFIGURED);
    return target;
  }

  /** Refuses flags that name a Gallery in a --demo run: the demo would silently ignore them. */
  private checkDemoFlags(): void {
    const o = this.options;
    const named = [
      o.profile !== undefined && "--profile",
      o.url !== undefined && "--url",
      o.key !== undefined && "--key",
      o.secretStdin && "--secret-stdin",
      o.ca !== undefined && "--ca",
    ].filter(Boolean);
    if (named.length)
      throw new UsageError(
        `--demo runs against a demo Gallery; ${named.join(", ")} cannot be used with it`,
      );
  }

  /** Starts a demo Gallery (closed when the session ends) and says so on stderr, even with --quiet. */
  async connectDemo(seed: number, label: string, announce = true): Promise<Connection> {
    this.checkDemoFlags();
    const { mock, target } = await startDemoGallery(seed, label);
    this.closers.push(() => mock.close());
    if (announce) {
      this.logger.notice(
        `demo: an embedded mock Gallery with demo data at ${mock.url} (--demo); nothing here is your Gallery`,
      );
    }
    return { ...this.connectTo(target, { direct: true }), demo: true };
  }

  /**
   * The fetch for a target, on its own dispatcher (CA, proxy, timeouts); `direct` skips any
   * proxy (the demo Gallery runs in this process).
   */
  network(target: Target, { direct = false } = {}): CliFetch {
    checkTlsVerification(target);
    const ca = target.ca ? readCa(target.ca, target.origins.ca ?? "--ca") : undefined;
    const dispatcher: Dispatcher = createDispatcher({
      ca,
      proxy: this.options.proxy,
      direct,
      timeoutMs: this.timeoutSeconds * 1000,
    });
    this.closers.push(() => dispatcher.destroy());
    return createCliFetch({ dispatcher, logger: this.logger });
  }

  /** What error messages need of this run's network settings (see {@link failureContextOf}). */
  get failureContext(): FailureContext {
    return failureContextOf(this.options);
  }

  /** Connects to a resolved target: its fetch and a signed client on it. */
  connectTo(target: Target, { direct = false } = {}): Connection {
    const fetch = this.network(target, { direct });
    return { target, client: this.clientFor(target, fetch), fetch, demo: false };
  }

  /** Creates the signed client for a target, with request logging. */
  private clientFor(target: Target, fetch: CliFetch): AdminClient {
    const logger = this.logger;
    try {
      return createAdminClient({
        baseUrl: target.url,
        consumerKey: target.key,
        consumerSecret: target.secret,
        fetch,
        userAgent: "alteryx-admin-cli",
        timeoutMs: this.timeoutSeconds * 1000,
        clockOffsetSeconds: this.options.clockOffset ?? 0,
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

  /** Closes the demo Galleries and the connection pools. */
  async close(): Promise<void> {
    await Promise.allSettled(this.closers.splice(0).map((close) => close()));
  }
}
