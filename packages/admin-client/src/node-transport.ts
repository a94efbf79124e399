/**
 * The Node transport: bodiless GET and HEAD requests sent with node:http(s) and a keep-alive
 * agent instead of fetch. Node's fetch (undici's WHATWG layer) spends about three times the CPU
 * of node:http on a small request; the Admin API is mostly small GETs, so this is where a script
 * that lists or pages spends its time. Everything else (bodies, other runtimes, a custom fetch, a
 * global undici dispatcher such as a proxy or a mock) goes through fetch, unchanged.
 *
 * What it returns is a standard `Response` that behaves as fetch's would: status, statusText,
 * headers, url, body, json()/text()/arrayBuffer()... A body of up to 1 MiB is read first and
 * served from memory (a BufferedResponse); a larger one streams, so a package download is never
 * held whole. gzip and br bodies are decoded as fetch does. Connection failures reject with
 * `TypeError("fetch failed", { cause })`, as fetch does.
 */
import type * as Http from "node:http";
import type * as Https from "node:https";
import type * as Stream from "node:stream";
import type * as Zlib from "node:zlib";
import { BufferedResponse } from "./buffered-response.js";
import { DISPATCHER, isPlainNode, NODE_DISPATCHER } from "./node-dispatcher.js";
import { StreamedResponse } from "./streamed-response.js";

/** The node modules the transport needs, loaded once. */
interface NodeModules {
  http: typeof Http;
  https: typeof Https;
  zlib: typeof Zlib;
  stream: typeof Stream;
}

/**
 * Sends one attempt. `authorization`, when given, is sent as the Authorization header (over one
 * in `headers`); `timeoutMs` covers the headers and a body of up to 1 MiB. @internal
 */
export type NodeSend = (
  url: string,
  method: string,
  headers: Headers,
  authorization: string | undefined,
  signal: AbortSignal | undefined,
  timeoutMs: number,
  redirect?: RequestRedirect,
) => Promise<Response>;

/**
 * Rejection of an attempt that reached `timeoutMs` before its Response was ready: the headers,
 * and a body of up to SMALL_BODY_BYTES, which is read first. @internal
 */
export class AttemptTimeout extends Error {
  override readonly name = "TimeoutError";
}

/** Idle keep-alive sockets are closed after this long, as undici does (its default is 4 s). */
const IDLE_SOCKET_MS = 4_000;
/**
 * A request whose connection carries nothing for this long fails, waiting for the headers or in
 * the middle of a body: undici's headersTimeout and bodyTimeout for fetch (300 s each).
 */
const SILENCE_MS = 300_000;
/** Bodies up to this size are read before the Response is made (see readBody). */
const SMALL_BODY_BYTES = 1024 * 1024;
/** Statuses whose responses have no body (Fetch standard "null body status"). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
/** Statuses fetch follows when they carry a Location. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** True for an answer that fetch's "follow" mode would follow. @internal */
export function isFollowedRedirect(status: number, hasLocation: boolean): boolean {
  return hasLocation && REDIRECTS.has(status);
}
/** The most content-codings fetch (undici) undoes before it refuses a response. */
const MAX_CODINGS = 5;

let loading: Promise<NodeModules | null> | undefined;

/**
 * Loads node:http, node:https and node:zlib once, or resolves null outside Node. The specifiers
 * are variables and the comments tell bundlers to leave the imports alone, so browser builds
 * neither fail nor ship a polyfill.
 */
function loadNodeModules(): Promise<NodeModules | null> {
  if (loading === undefined) {
    const load = (name: string) => import(/* webpackIgnore: true */ /* @vite-ignore */ name);
    loading = isPlainNode()
      ? Promise.all([
          load("node:http"),
          load("node:https"),
          load("node:zlib"),
          load("node:stream"),
        ]).then(
          ([http, https, zlib, stream]) => ({ http, https, zlib, stream }) as NodeModules,
          () => null,
        )
      : Promise.resolve(null);
  }
  return loading;
}

/**
 * True unless the global undici dispatcher is known to be Node's own plain Agent: an application
 * may have installed one (`setGlobalDispatcher` with a ProxyAgent, a MockAgent, an Agent with TLS
 * options...), and fetch must then be used, or requests would skip the proxy, the mock or the
 * TLS settings. When Node's own is not known (see node-dispatcher.ts), fetch is used: a client
 * that is slower is better than one that skips a certificate check. Node's own may also be a
 * proxy agent (Node 24's NODE_USE_ENV_PROXY), which the node transport would skip.
 * @internal
 */
export function hasCustomDispatcher(): boolean {
  const dispatcher = (globalThis as Record<symbol, unknown>)[DISPATCHER];
  return !(
    dispatcher !== undefined &&
    dispatcher === NODE_DISPATCHER &&
    (dispatcher as { constructor?: { name?: string } }).constructor?.name === "Agent"
  );
}

/**
 * Starts loading the Node transport; resolves to its send function, or null where it does not
 * apply (not Node). Each call makes its own agents, so each client has its own connection pool.
 * @internal
 */
export function createNodeTransport(
  options: { silenceMs?: number } = {},
): Promise<NodeSend | null> {
  const silenceMs = options.silenceMs ?? SILENCE_MS;
  return loadNodeModules().then((modules) =>
    modules === null ? null : nodeSend(modules, silenceMs),
  );
}

/**
 * A request target that goes on the wire as it is: what openapi-fetch builds (encodeURIComponent
 * output, `/ ? & =`), none of the characters WHATWG would encode (in the query that includes
 * `'`), no empty query (WHATWG drops a lone `?`) and no dot segments (WHATWG resolves those, and
 * the signature covers the resolved path). Anything else goes through `new URL`, as fetch would.
 */
const SAFE_TARGET = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*(?:\?[A-Za-z0-9\-._~!$&()*+,;=:@%/?]+)?$/;
const UNSAFE_TARGET = /\/\.|\/%2e/i;

/** `scheme://authority` of an absolute URL (up to the path). */
function originOf(url: string): string {
  const slash = url.indexOf("/", url.indexOf("//") + 2);
  return slash === -1 ? url : url.slice(0, slash);
}

/** Host options of an origin, parsed once: a client talks to one server. */
const origins = new Map<string, { protocol: string; hostname: string; port: string } | null>();

function parsedOrigin(origin: string) {
  let parts = origins.get(origin);
  if (parts === undefined) {
    const url = new URL(origin);
    // Anything but a bare origin (credentials, which fetch refuses; a query or fragment before
    // the first slash) is left to the `new URL` path.
    parts =
      url.username !== "" || url.password !== "" || url.href !== `${url.origin}/`
        ? null
        : {
            protocol: url.protocol,
            // node wants an IPv6 address without its brackets.
            hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
            port: url.port,
          };
    if (origins.size >= 64) origins.clear();
    origins.set(origin, parts);
  }
  return parts;
}

function nodeSend(modules: NodeModules, silenceMs: number): NodeSend {
  const { http, https } = modules;
  const agentOptions = { keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: "lifo" } as const;
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);

  return (url, method, headers, authorization, signal, timeoutMs, redirect = "follow") =>
    new Promise<Response>((resolve, reject) => {
      const secure = url.startsWith("https:");
      const outgoing: Record<string, string> = {};
      for (const [name, value] of headers) outgoing[name] = value;
      // Set here rather than on `headers`: Headers#set validates and re-sorts, for nothing.
      if (authorization !== undefined) outgoing.authorization = authorization;
      // What fetch sends when not told otherwise.
      outgoing.accept ??= "*/*";
      // What fetch asks for: brotli only over TLS.
      outgoing["accept-encoding"] ??= secure ? "br, gzip, deflate" : "gzip, deflate";
      outgoing["user-agent"] ??= "node";

      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let request: Http.ClientRequest;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        reject(error);
      };
      const onAbort = () => {
        const reason = signal?.reason;
        request.destroy(reason instanceof Error ? reason : undefined);
        fail(reason);
      };

      try {
        const origin = originOf(url);
        const path = url.slice(origin.length);
        const options: Http.RequestOptions = {
          method,
          headers: outgoing,
          agent: secure ? httpsAgent : httpAgent,
        };
        const parts =
          SAFE_TARGET.test(path) && !UNSAFE_TARGET.test(path) ? parsedOrigin(origin) : null;
        let target: URL | undefined;
        if (parts === null) {
          target = new URL(url);
          if (target.username !== "" || target.password !== "") {
            throw new Error("the URL includes credentials, which fetch refuses as well");
          }
        }
        request =
          target === undefined
            ? (secure ? https : http).request({ ...parts, path, ...options })
            : (secure ? https : http).request(target, options);
      } catch (error) {
        // Input node refuses to send (fetch refuses such input too, before any connection):
        // a plain TypeError, which the client does not retry.
        // The origin without any user:password@ (never echoed).
        const where = originOf(url).replace(/\/\/[^/]*@/, "//");
        reject(new TypeError(`Cannot send ${method} ${where}: ${(error as Error).message}`));
        return;
      }
      request.on("error", (error) => fail(new TypeError("fetch failed", { cause: error })));
      // Without it a server that stops sending would hold the call (or the body) forever.
      request.setTimeout(silenceMs, () =>
        request.destroy(new Error(`the server sent nothing for ${silenceMs / 1000} s`)),
      );
      if (signal !== undefined) {
        if (signal.aborted) {
          onAbort();
          return;
        }
        signal.addEventListener("abort", onAbort, { once: true });
      }
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          const error = new AttemptTimeout(`timed out after ${timeoutMs} ms`);
          request.destroy(error);
          fail(error);
        }, timeoutMs);
      }

      request.on("response", (incoming) => {
        if (settled) {
          incoming.destroy();
          return;
        }
        const status = incoming.statusCode ?? 0;
        if (status < 200 || status > 599) {
          // fetch hands such an answer over as it is, but a Response cannot carry it. Not a
          // network failure either: no cause, so the client does not retry it.
          incoming.destroy();
          fail(new TypeError(`The server answered with status ${status}, outside 200-599`));
          return;
        }
        const finish = (body: Uint8Array | ReadableStream<Uint8Array> | null) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          let response: Response;
          try {
            response = toResponse(incoming, body, url, signal);
          } catch (error) {
            incoming.destroy();
            signal?.removeEventListener("abort", onAbort);
            reject(new TypeError("fetch failed", { cause: error }));
            return;
          }
          // From here a streamed body follows the caller's signal itself (streamOf), and a
          // buffered one checks it when read (BufferedResponse).
          signal?.removeEventListener("abort", onAbort);
          resolve(response);
        };
        if (
          method === "HEAD" ||
          NULL_BODY.has(status) ||
          // A redirect that fetch is to follow: its body is neither read nor decoded, as fetch
          // does not read it either.
          (redirect !== "manual" &&
            isFollowedRedirect(status, incoming.headers.location !== undefined))
        ) {
          incoming.resume();
          finish(null);
          return;
        }
        // While the body waits for a reader (backpressure), silence is the reader's, not the
        // server's: the limit is off until the next read.
        const silence = (on: boolean) => incoming.socket?.setTimeout(on ? silenceMs : 0);
        const source = decoded(incoming, modules);
        if (source instanceof Error) {
          incoming.destroy();
          fail(new TypeError("fetch failed", { cause: source }));
          return;
        }
        readBody(source, signal, silence, finish, (error) =>
          fail(new TypeError("fetch failed", { cause: error })),
        );
      });
      request.end();
    });
}

/** Builds the Response for an incoming message and its body (read, streaming, or none). */
function toResponse(
  incoming: Http.IncomingMessage,
  body: Uint8Array | ReadableStream<Uint8Array> | null,
  url: string,
  signal: AbortSignal | undefined,
): Response {
  const headers: Array<[string, string]> = [];
  const raw = incoming.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2)
    headers.push([raw[i] as string, raw[i + 1] as string]);
  const status = incoming.statusCode ?? 0;
  const make = (init: ResponseInit) =>
    body instanceof Uint8Array
      ? new BufferedResponse(body, init, url, signal)
      : new StreamedResponse(body, init, url, signal);
  try {
    return make({ status, statusText: incoming.statusMessage ?? "", headers });
  } catch {
    // A reason phrase that the Fetch standard does not allow; fetch keeps the status only.
    return make({ status, headers });
  }
}

/**
 * Reads a body of up to SMALL_BODY_BYTES before the Response is made: a BufferedResponse costs
 * far less to read than a Response over a stream, and most Admin API answers are small. A larger
 * body switches to streaming (what was read comes first), so a download is never held whole.
 */
function readBody(
  source: NodeJS.ReadableStream & { destroy?(error?: Error): void },
  signal: AbortSignal | undefined,
  silence: (on: boolean) => void,
  done: (body: Uint8Array | ReadableStream<Uint8Array>) => void,
  failed: (error: Error) => void,
): void {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const detach = () => {
    source.off("data", onData);
    source.off("end", onEnd);
    source.off("error", onError);
    source.off("close", onClose);
  };
  const onData = (chunk: Uint8Array) => {
    chunks.push(chunk);
    size += chunk.byteLength;
    if (size > SMALL_BODY_BYTES) {
      detach();
      source.pause();
      silence(false);
      done(streamOf(source, signal, chunks, silence));
    }
  };
  const onEnd = () => {
    detach();
    done(chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks, size));
  };
  const onError = (error: Error) => {
    detach();
    failed(error);
  };
  const onClose = () => {
    detach();
    failed(new Error("the connection closed before the end of the body"));
  };
  source.on("data", onData);
  source.on("end", onEnd);
  source.on("error", onError);
  source.on("close", onClose);
}

/**
 * The body with its content-codings undone, last applied first, as fetch does (gzip, x-gzip,
 * deflate, br); with any other coding in the list, the bytes as sent; more than MAX_CODINGS is
 * refused (an Error), as fetch refuses it.
 */
function decoded(
  incoming: Http.IncomingMessage,
  { zlib, stream }: NodeModules,
): (NodeJS.ReadableStream & { destroy(error?: Error): void }) | Error {
  const header = incoming.headers["content-encoding"];
  if (header === undefined) return incoming;
  const codings = header
    .toLowerCase()
    .split(",")
    .map((coding) => coding.trim());
  if (codings.length > MAX_CODINGS) {
    return new Error(
      `too many content-encodings in response: ${codings.length}, maximum allowed is ${MAX_CODINGS}`,
    );
  }
  if (codings.some((c) => c !== "gzip" && c !== "x-gzip" && c !== "deflate" && c !== "br")) {
    return incoming;
  }
  // Lenient at the end, as browsers and fetch are: a truncated trailer still gives the data.
  const lenient = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const decoders = codings.reverse().map((coding): Stream.Transform => {
    if (coding === "br") {
      return zlib.createBrotliDecompress({
        flush: zlib.constants.BROTLI_OPERATION_FLUSH,
        finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      });
    }
    return coding === "deflate" ? inflateAny(zlib, stream, lenient) : zlib.createGunzip(lenient);
  });
  let source: NodeJS.ReadableStream & { destroy(error?: Error): void } = incoming;
  for (const decoder of decoders) {
    const from = source;
    from.on("error", (error: Error) => decoder.destroy(error));
    decoder.on("close", () => from.destroy());
    source = from.pipe(decoder);
  }
  // A destroyed message (an abort) closes without an error event; pipe() would leave the
  // decoders waiting for the rest of the body forever.
  incoming.on("close", () => {
    if (!incoming.complete) {
      decoders[0]?.destroy(new Error("the connection closed before the end of the body"));
    }
  });
  return source;
}

/**
 * "deflate" as fetch reads it: the zlib format that RFC 9110 names, or raw DEFLATE, which some
 * servers (IIS among them) send; the first byte tells which.
 */
function inflateAny(
  zlib: typeof Zlib,
  stream: typeof Stream,
  options: Zlib.ZlibOptions,
): Stream.Transform {
  let inflate: Zlib.Inflate | Zlib.InflateRaw | undefined;
  // zlib ends at the end of its stream, possibly before the body does (bytes after it, which
  // fetch ignores too): from then on, input is dropped and the end of input ends the output.
  let ended = false;
  const output = new stream.Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (ended) {
        callback();
        return;
      }
      if (inflate === undefined) {
        const zlibFormat = ((chunk[0] ?? 0) & 0x0f) === 0x08;
        const created = zlibFormat ? zlib.createInflate(options) : zlib.createInflateRaw(options);
        created.on("data", (data: Buffer) => output.push(data));
        created.on("error", (error) => output.destroy(error));
        created.on("end", () => {
          ended = true;
        });
        inflate = created;
      }
      inflate.write(chunk, () => callback());
    },
    flush(callback) {
      if (inflate === undefined || ended) {
        callback();
        return;
      }
      inflate.once("end", () => callback());
      inflate.end();
    },
    destroy(error, callback) {
      inflate?.destroy();
      callback(error);
    },
  });
  return output;
}

/**
 * A ReadableStream over a Node stream, with backpressure (the socket pauses while nobody reads)
 * and errors surfaced as fetch surfaces them: the abort reason after an abort, else
 * `TypeError: terminated`.
 */
function streamOf(
  source: NodeJS.ReadableStream & { destroy?(error?: Error): void },
  signal: AbortSignal | undefined,
  prefix: Uint8Array[],
  silence: (on: boolean) => void,
) {
  let done = false;
  const failure = (cause: Error) =>
    signal?.aborted ? signal.reason : new TypeError("terminated", { cause });
  let onAbort: (() => void) | undefined;
  /** Ends the stream once: no more events from the source, no listener left on the signal. */
  const settle = () => {
    done = true;
    if (onAbort !== undefined) signal?.removeEventListener("abort", onAbort);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of prefix) controller.enqueue(chunk);
      if (signal !== undefined) {
        // The body is read under the caller's signal (a download may take long), even when
        // the server has sent it all already.
        onAbort = () => {
          if (done) return;
          settle();
          controller.error(signal.reason);
          source.destroy?.();
        };
        if (signal.aborted) {
          onAbort();
          return;
        }
        signal.addEventListener("abort", onAbort, { once: true });
      }
      source.on("data", (chunk: Uint8Array) => {
        if (done) return;
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 1) <= 0) {
          source.pause();
          silence(false);
        }
      });
      source.on("end", () => {
        if (done) return;
        settle();
        controller.close();
      });
      source.on("error", (error: Error) => {
        if (done) return;
        settle();
        controller.error(failure(error));
      });
      source.on("close", () => {
        // Closed before its end without an error event: the connection was cut.
        if (done) return;
        settle();
        controller.error(failure(new Error("the connection closed before the end of the body")));
      });
    },
    pull() {
      silence(true);
      source.resume();
    },
    cancel() {
      settle();
      source.destroy?.();
    },
  });
}
