/**
 * BufferedResponse: a standard `Response` over a body that is already in memory. The node
 * transport reads small answers whole before it makes their Response; a plain
 * `new Response(bytes)` would wrap those bytes in a ReadableStream and read them back through it
 * (in Node 20 that costs several times what the HTTP exchange itself costs). This subclass keeps
 * the bytes and serves `text()`, `json()`, `arrayBuffer()`, `bytes()` and `blob()` from them;
 * `body` and `formData()` are those of a platform Response made when first asked for, so their
 * stream semantics (byte stream, BYOB readers, `bodyUsed` on the first read) are the platform's.
 * As with fetch, a caller's signal that aborts before the body is read makes the read fail with
 * the abort reason.
 */

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

  #platformResponse(): Response {
    this.#platform ??= new Response(this.#bytes.slice(), { headers: this.headers });
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

  /**
   * Marks the body read and hands its bytes over (the response lets go of them), or throws as
   * fetch's Response does: after a read, while locked, or with the abort reason once aborted.
   */
  #take(): Uint8Array {
    if (this.bodyUsed || this.#platform?.body?.locked) throw unusable();
    this.#signal?.throwIfAborted();
    this.#used = true;
    const bytes = this.#bytes;
    this.#bytes = EMPTY;
    return bytes;
  }

  override async text(): Promise<string> {
    // TextDecoder drops a UTF-8 byte-order mark, as fetch's text() and json() do.
    return UTF8.decode(this.#take());
  }

  override async json(): Promise<unknown> {
    return JSON.parse(UTF8.decode(this.#take()));
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#take().slice().buffer as ArrayBuffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#take().slice() as Uint8Array<ArrayBuffer>;
  }

  override async blob(): Promise<Blob> {
    const bytes = this.#take();
    // The platform's serialized MIME type of the Content-Type, from an empty Response.
    const { type } = await new Response(null, { headers: this.headers }).blob();
    return new Blob([bytes.slice()], { type });
  }

  override async formData(): Promise<FormData> {
    if (this.#platform !== undefined) {
      // `body` was asked for: the platform Response holds the body now.
      if (this.bodyUsed || this.#platform.body?.locked) throw unusable();
      this.#signal?.throwIfAborted();
      this.#used = true;
      return this.#platform.formData();
    }
    const bytes = this.#take();
    return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: this.headers }).formData();
  }

  override clone(): Response {
    if (this.bodyUsed || this.#platform?.body?.locked) {
      throw new TypeError("Response.clone: Body has already been consumed.");
    }
    return new BufferedResponse(
      this.#bytes,
      { ...this.#init, headers: new Headers(this.headers) },
      this.#url,
      this.#signal,
    );
  }
}
