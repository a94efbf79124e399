/**
 * BufferedResponse: a standard `Response` over a body that is already in memory. The node
 * transport reads small answers whole before it makes their Response; a plain
 * `new Response(bytes)` would wrap those bytes in a ReadableStream and read them back through it
 * (in Node 20 that costs several times what the HTTP exchange itself costs). This subclass keeps
 * the bytes and serves `text()`, `json()`, `arrayBuffer()`, `bytes()` and `blob()` from them;
 * `body` and `formData()` are those of a platform Response made when first asked for, so their
 * stream semantics (byte stream, BYOB readers, `bodyUsed` on the first read) are the platform's.
 * As with fetch, once the caller's signal aborted, the body stream fails with the abort reason
 * and the read methods with an AbortError.
 */

import { abortError, StreamedResponse } from "./streamed-response.js";

const UTF8 = new TextDecoder();
const EMPTY = new Uint8Array(0);

/** The TypeError fetch's Response gives for a second read. */
function unusable(): TypeError {
  return new TypeError("Body is unusable: Body has already been read");
}

/** @internal */
export class BufferedResponse extends Response {
  #bytes: Uint8Array;
  readonly #init: ResponseInit;
  readonly #url: string;
  readonly #signal: AbortSignal | undefined;
  #used = false;
  /** The platform Response behind `body` and `formData()`, made on first use. */
  #platform: Response | undefined;

  constructor(bytes: Uint8Array, init: ResponseInit, url: string, signal?: AbortSignal) {
    super(null, init);
    // A plain Uint8Array view: on a Buffer, slice() would share memory instead of copying.
    this.#bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#init = init;
    this.#url = url;
    this.#signal = signal;
  }

  /** The URL that was fetched, as on fetch's responses. */
  override get url(): string {
    return this.#url;
  }

  /** "basic", as on fetch's responses in Node. */
  override get type(): ResponseType {
    return "basic";
  }

  /**
   * Made once. It takes the bytes (ours go), over a byte stream that follows the caller's
   * signal: read after an abort, the body and its clones fail with the reason, as fetch's do.
   */
  #platformResponse(): Response {
    if (this.#platform === undefined) {
      const bytes = this.#bytes;
      const signal = this.#signal;
      let sent = false;
      const stream = new ReadableStream(
        {
          type: "bytes",
          pull(controller) {
            if (signal?.aborted) {
              controller.error(signal.reason);
              return;
            }
            if (!sent) {
              sent = true;
              if (bytes.byteLength > 0) controller.enqueue(bytes.slice());
              controller.close();
              // A pending BYOB read of an empty body is answered here, or it never settles.
              controller.byobRequest?.respond(0);
            }
          },
        },
        { highWaterMark: 0 },
      );
      this.#platform = new Response(stream, { headers: this.headers });
      this.#bytes = EMPTY;
    }
    return this.#platform;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> {
    if (this.#signal?.aborted && this.#platform === undefined && !this.#used) {
      // Aborted before anyone read: the body is an errored stream, as fetch's is.
      const reason: unknown = this.#signal.reason;
      this.#platform = new Response(
        new ReadableStream({
          start: (controller) => controller.error(reason),
        }),
        { headers: this.headers },
      );
    }
    if (this.#used && this.#platform === undefined) {
      // Read through text() & co.: a stream that is already read, as the platform's is.
      this.#platform = new Response(new Uint8Array(0), { headers: this.headers });
      void this.#platform.arrayBuffer();
    }
    return this.#platformResponse().body as ReadableStream<Uint8Array<ArrayBuffer>>;
  }

  override get bodyUsed(): boolean {
    return this.#used || (this.#platform?.bodyUsed ?? false);
  }

  /** True once the body was read, or while a reader holds it. */
  #spent(): boolean {
    return this.bodyUsed || (this.#platform?.body?.locked ?? false);
  }

  /**
   * Marks the body read and hands its bytes over (the response lets go of them), or throws as
   * fetch's Response does: after a read, while locked, or with the abort reason once aborted.
   */
  #take(): Uint8Array {
    if (this.#spent()) throw unusable();
    if (this.#signal?.aborted) throw abortError();
    this.#used = true;
    const bytes = this.#bytes;
    this.#bytes = EMPTY;
    return bytes;
  }

  /**
   * The platform Response that holds the body once `body` was asked for (then ours are gone),
   * for the reads to go through; undefined while the bytes are ours.
   */
  #holder(): Response | undefined {
    if (this.#platform === undefined) return undefined;
    if (this.#spent()) throw unusable();
    if (this.#signal?.aborted) throw abortError();
    return this.#platform;
  }

  override async text(): Promise<string> {
    const holder = this.#holder();
    // TextDecoder drops a UTF-8 byte-order mark, as fetch's text() and json() do.
    return holder === undefined ? UTF8.decode(this.#take()) : holder.text();
  }

  override async json(): Promise<unknown> {
    const holder = this.#holder();
    return holder === undefined ? JSON.parse(UTF8.decode(this.#take())) : holder.json();
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const holder = this.#holder();
    return holder === undefined
      ? (this.#take().slice().buffer as ArrayBuffer)
      : holder.arrayBuffer();
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    const holder = this.#holder();
    return holder === undefined
      ? (this.#take().slice() as Uint8Array<ArrayBuffer>)
      : new Uint8Array(await holder.arrayBuffer());
  }

  override async blob(): Promise<Blob> {
    const holder = this.#holder();
    if (holder !== undefined) return holder.blob();
    const bytes = this.#take();
    // The platform's serialized MIME type of the Content-Type, from an empty Response.
    const { type } = await new Response(null, { headers: this.headers }).blob();
    return new Blob([bytes.slice()], { type });
  }

  override async formData(): Promise<FormData> {
    const holder = this.#holder();
    if (holder !== undefined) return holder.formData();
    const bytes = this.#take();
    return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: this.headers }).formData();
  }

  override clone(): Response {
    if (this.#spent()) {
      throw new TypeError("Response.clone: Body has already been consumed.");
    }
    if (this.#platform !== undefined) {
      // `body` was asked for: the bytes live in the platform Response now.
      const copy = this.#platform.clone();
      const init = { status: this.status, statusText: this.statusText, headers: this.headers };
      return new StreamedResponse(copy.body, init, this.#url, this.#signal);
    }
    return new BufferedResponse(
      this.#bytes,
      { ...this.#init, headers: new Headers(this.headers) },
      this.#url,
      this.#signal,
    );
  }
}
