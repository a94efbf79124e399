/**
 * BufferedResponse: a standard `Response` over a body that is already in memory. The node
 * transport reads small answers whole before it makes their Response; a plain
 * `new Response(bytes)` would wrap those bytes in a ReadableStream and read them back through it
 * (in Node 20 that costs several times what the HTTP exchange itself costs). This subclass keeps
 * the bytes and serves `text()`, `json()`, `arrayBuffer()`, `bytes()` and `blob()` from them;
 * `body` and `formData()` still work, through a stream or a Response made when first asked for.
 */

const UTF8 = new TextDecoder();

/** The TypeError fetch's Response gives for a second read. */
function unusable(): TypeError {
  return new TypeError("Body is unusable: Body has already been read");
}

/** @internal */
export class BufferedResponse extends Response {
  readonly #bytes: Uint8Array;
  readonly #init: ResponseInit;
  readonly #url: string;
  #used = false;
  #stream: ReadableStream<Uint8Array> | undefined;

  constructor(bytes: Uint8Array, init: ResponseInit, url: string) {
    super(null, init);
    this.#bytes = bytes;
    this.#init = init;
    this.#url = url;
  }

  /** The URL that was fetched, as on fetch's responses. */
  override get url(): string {
    return this.#url;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> {
    if (this.#stream === undefined) {
      // Nothing is queued until someone reads, so `bodyUsed` turns true on the first read, as
      // with fetch's streams.
      this.#stream = new ReadableStream<Uint8Array>(
        {
          pull: (controller) => {
            this.#used = true;
            if (this.#bytes.byteLength > 0) controller.enqueue(this.#bytes.slice());
            controller.close();
          },
        },
        { highWaterMark: 0 },
      );
    }
    return this.#stream as ReadableStream<Uint8Array<ArrayBuffer>>;
  }

  override get bodyUsed(): boolean {
    return this.#used;
  }

  /** Marks the body read, or throws as fetch's Response does when it was read or is locked. */
  #take(): Uint8Array {
    if (this.#used || this.#stream?.locked) throw unusable();
    this.#used = true;
    return this.#bytes;
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
    return new Blob([bytes as Uint8Array<ArrayBuffer>], {
      type: this.headers.get("content-type") ?? "",
    });
  }

  override async formData(): Promise<FormData> {
    const bytes = this.#take();
    return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: this.headers }).formData();
  }

  override clone(): Response {
    if (this.#used || this.#stream?.locked) {
      throw new TypeError("Response.clone: Body has already been consumed.");
    }
    return new BufferedResponse(
      this.#bytes,
      { ...this.#init, headers: new Headers(this.headers) },
      this.#url,
    );
  }
}
