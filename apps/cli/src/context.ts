/**
 * Everything a command needs: the resolved Gallery (or the demo one, when asked for), what it
 * speaks (discovered once per run), its Admin v1 client and, on servers that have it, its Server
 * API v3 client, on that Gallery's own network settings; a logger, and cleanup.
 */
import { readFileSync, statSync } from "node:fs";
import type { AdminClient } from "@alteryx-admin/client";
import type { Dispatcher } from "undici";
import { NOT_CONFIGURED, resolveTarget, type Target } from "./config/resolve.js";
import { readSecretFromStdin } from "./config/secret.js";
import { schemeName } from "./connect/bases.js";
import {
  type CommonClientOptions,
  createAdminV1Client,
  createV3Client,
  type ServerClient,
} from "./connect/clients.js";
import { type Discovery, demoBases, describeApis, discover } from "./connect/discover.js";
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
  /** Where the server's APIs are and which scheme they take (discovered once per run). */
  apis: Discovery;
  /** The Admin v1 client (OAuth1 signed or OAuth2 bearer, as discovered). */
  client: AdminClient;
  /**
   * The Server API v3 client, built on first use; a usage error (exit 2) that says so when the
   * server has no v3 (OAuth1 servers: 2021.3 and older, or OAuth1 forced). `what` names the
   * command in that error (default "this command"): the one "needs Server API v3" message.
   */
  serverClient(what?: string): ServerClient;
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
  /** The connection of `connect()`: one discovery per run. */
  private primary: Promise<Connection> | undefined;

  constructor(readonly options: GlobalOptions) {
    this.logger = createLogger(verbosityOf(options));
    this.timeoutSeconds = options.timeout ?? DEFAULT_TIMEOUT_SECONDS;
  }

  /** True when this run uses demo Galleries (--demo or ALTERYX_ADMIN_DEMO=1). */
  get demo(): boolean {
    return demoRequested(this.options);
  }

  /** Connects to the configured Gallery, or to the demo Gallery with --demo; once per run. */
  connect(): Promise<Connection> {
    this.primary ??= this.demo
      ? this.connectDemo(1, "demo Gallery")
      : this.resolve().then((target) => this.connectTo(target));
    return this.primary;
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
        `demo: an embedded mock Gallery with demo data at ${target.url} (--demo); nothing here is your Gallery`,
      );
    }
    // The mock says what it offers: no discovery request.
    const fetch = this.network(target, { direct: true });
    return { ...this.connectWith(target, fetch, demoBases(mock)), demo: true };
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

  /** Connects to a resolved target: its fetch, discovery of what it speaks, and its clients. */
  async connectTo(target: Target, { direct = false } = {}): Promise<Connection> {
    const fetch = this.network(target, { direct });
    return this.connectWith(target, fetch, await discover(target, fetch));
  }

  /** The connection of a target whose APIs are known. */
  private connectWith(target: Target, fetch: CliFetch, apis: Discovery): Connection {
    const common = this.clientOptions(target, fetch);
    this.logger.debug(`${target.label}: ${describeApis(apis, "Admin API v1")}`);
    // One token per run: the admin client takes discovery's token source (and its token), and
    // the v3 client the admin client's.
    const client = this.configured(target, () =>
      createAdminV1Client(apis, { ...common, tokenSource: apis.tokenSource }),
    );
    let v3: ServerClient | undefined;
    const serverClient = (what = "this command"): ServerClient => {
      if (v3) return v3;
      if (!apis.webapiUrl)
        throw new UsageError(
          `${what} needs Server API v3 (Alteryx Server 2021.4 or later, over OAuth2); ${target.label} is spoken to with ${schemeName(apis.scheme)} at ${apis.adminV1Url} (${apis.reason}), which has Admin API v1 only`,
        );
      this.logger.debug(`${target.label}: ${describeApis(apis, "Server API v3")}`);
      v3 = this.configured(target, () =>
        createV3Client(apis, { ...common, tokenSource: client.tokenSource }),
      );
      return v3;
    };
    return { target, apis, client, serverClient, fetch, demo: false };
  }

  /** The options both clients share: credentials, fetch, timeouts, retry logging. */
  private clientOptions(target: Target, fetch: CliFetch): CommonClientOptions {
    const logger = this.logger;
    return {
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
    };
  }

  /** Builds a client; the client validates its options (URL shape, key): a bad one is a configuration mistake. */
  private configured<T>(target: Target, build: () => T): T {
    try {
      return build();
    } catch (error) {
      throw new UsageError(`${target.source}: ${(error as Error).message}`);
    }
  }

  /** Closes the demo Galleries and the connection pools. */
  async close(): Promise<void> {
    await Promise.allSettled(this.closers.splice(0).map((close) => close()));
  }
}
