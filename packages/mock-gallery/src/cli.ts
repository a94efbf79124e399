// The `mock-gallery` command: starts a mock Gallery and prints where it is, where to get a
// token and how to sign.
import { parseArgs } from "node:util";
import { type MockGallery, type MockGalleryOptions, startMockGallery } from "./index.js";
import { DEFAULT_TOKEN_LIFETIME_SECONDS } from "./oauth2/token-store.js";
import { serverFeatures } from "./server-version.js";

const USAGE = `Usage: mock-gallery [options]

Starts a mock Alteryx Server Gallery (Admin API v1): OAuth2 bearer tokens (/webapi) and OAuth1
signatures (/gallery/api) -> Prism -> in-memory Gallery.

Options:
  --server-version <v>     the Server release to behave like, YYYY.N (default 2021.4):
                           2021.3 serves OAuth1 only, 2021.4 both, 2022.1 and later OAuth2 only
  --token-lifetime <s>     lifetime of OAuth2 tokens in seconds, their expires_in (default ${DEFAULT_TOKEN_LIFETIME_SECONDS})
  --port <n>               port to listen on (default 0: a free port)
  --host <name>            interface to listen on (default 127.0.0.1)
  --key <key>              API key clients sign with (default: random)
  --secret <secret>        API secret (default: random)
  --seed <n>               dataset seed (default 1)
  --static                 answer from the spec's examples (no in-memory Gallery)
  --no-validation          skip Prism: answer from the in-memory Gallery, no request or
                           response validation (starts faster)
  --package-bytes <size>   every seeded workflow package is a valid .yxzp of this size,
                           streamed (bytes, or with KiB, MiB, GiB: 1GiB)
  --job-duration-ms <ms>   how long a job run through Server API v3 takes from Queued to
                           Completed or Error (default 300; 0 ends it at once)
  --public-base-url <url>  public address clients sign against (behind a load balancer)
  --bom                    prefix JSON bodies with a UTF-8 BOM
  --quiet                  do not log requests
  -h, --help               show this help
`;

/** Parses the command line into MockGalleryOptions; throws a clear message on bad input. */
export function parseCliArgs(
  argv: readonly string[],
): MockGalleryOptions & { help?: boolean; quiet?: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: "string" },
      host: { type: "string" },
      key: { type: "string" },
      secret: { type: "string" },
      seed: { type: "string" },
      static: { type: "boolean" },
      "no-validation": { type: "boolean" },
      "package-bytes": { type: "string" },
      "job-duration-ms": { type: "string" },
      "public-base-url": { type: "string" },
      "server-version": { type: "string" },
      "token-lifetime": { type: "string" },
      bom: { type: "boolean" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  const integer = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    if (!/^-?[0-9]+$/.test(text)) throw new Error(`--${name} must be an integer, not "${text}"`);
    return Number(text);
  };
  const options: MockGalleryOptions & { help?: boolean; quiet?: boolean } = {};
  const port = integer("port", values.port);
  const seed = integer("seed", values.seed);
  if (port !== undefined) options.port = port;
  if (seed !== undefined) options.seed = seed;
  if (values.host !== undefined) options.host = values.host;
  if (values.key !== undefined) options.consumerKey = values.key;
  if (values.secret !== undefined) options.consumerSecret = values.secret;
  if (values.static) options.static = true;
  if (values["no-validation"]) options.validation = false;
  const packageBytes = byteSize("package-bytes", values["package-bytes"]);
  if (packageBytes !== undefined) options.packageBytes = packageBytes;
  const jobDuration = integer("job-duration-ms", values["job-duration-ms"]);
  if (jobDuration !== undefined) options.jobDurationMs = jobDuration;
  if (values.bom) options.bom = true;
  if (values["public-base-url"] !== undefined) options.publicBaseUrl = values["public-base-url"];
  if (values["server-version"] !== undefined) options.serverVersion = values["server-version"];
  const tokenLifetime = integer("token-lifetime", values["token-lifetime"]);
  if (tokenLifetime !== undefined) options.tokenLifetimeSeconds = tokenLifetime;
  if (values.help) options.help = true;
  if (values.quiet) options.quiet = true;
  return options;
}

const UNITS: Record<string, number> = { "": 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** Reads a size such as 1048576, 512KiB, 256MiB or 1GiB. */
function byteSize(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^([0-9]+)\s*([KMG]iB)?$/i.exec(text.trim());
  const unit = UNITS[(match?.[2] ?? "").toLowerCase()];
  if (!match || unit === undefined) {
    throw new Error(
      `--${name} must be a number of bytes, optionally with KiB, MiB or GiB (256MiB), not "${text}"`,
    );
  }
  return Number(match[1]) * unit;
}

/** Streams the command writes to (injectable for tests). */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * Runs the command: starts the mock and prints the Admin v1 URL and the credentials. Resolves
 * to the running mock (undefined after --help or an error, with process.exitCode set).
 */
export async function main(
  argv: readonly string[],
  io: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
): Promise<MockGallery | undefined> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(argv);
  } catch (error) {
    io.err(`mock-gallery: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return undefined;
  }
  const { help, quiet, ...options } = parsed;
  if (help) {
    io.out(USAGE);
    return undefined;
  }
  if (!quiet) options.logger = (line) => io.err(`${line}\n`);
  let gallery: MockGallery;
  try {
    gallery = await startMockGallery(options);
  } catch (error) {
    io.err(
      `mock-gallery: cannot start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
    return undefined;
  }
  const features = serverFeatures(gallery.serverVersion);
  const lifetime = options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  io.out(
    [
      `Mock Alteryx Gallery (${describe(options, gallery.serverVersion)}) listening.`,
      features.oauth2 ? `OAuth2 Admin v1: ${gallery.webapiUrl}/admin/v1` : "",
      features.oauth2
        ? `Token URL:       ${gallery.tokenUrl} (client credentials; tokens last ${lifetime} s)`
        : "",
      features.oauth1
        ? `Admin v1 URL:    ${gallery.url} (OAuth1)`
        : `OAuth1:          removed in Server 2022.1 (${gallery.url} answers 404 with the /webapi URL)`,
      `Consumer key:    ${gallery.credentials.consumerKey}${features.oauth2 ? " (also the OAuth2 client id)" : ""}`,
      // A generated secret is shown once, on purpose: the user needs it to sign. A secret the
      // user passed is never echoed back.
      options.consumerSecret === undefined
        ? `Consumer secret: ${gallery.credentials.consumerSecret}`
        : "Consumer secret: (as given with --secret)",
      options.publicBaseUrl ? `Sign against:    ${options.publicBaseUrl}` : "",
      "Press Ctrl-C to stop.",
      "",
    ]
      .filter((line, i, all) => line !== "" || i === all.length - 1)
      .join("\n"),
  );
  return gallery;
}

/** The banner's summary of what the mock serves. */
function describe(options: MockGalleryOptions, serverVersion: string): string {
  const parts = [
    `Server ${serverVersion}`,
    options.static ? "static examples" : `seed ${options.seed ?? 1}`,
  ];
  if (options.validation === false) parts.push("no validation");
  if (options.packageBytes !== undefined) parts.push(`packages of ${options.packageBytes} bytes`);
  return parts.join(", ");
}
