/**
 * StreamedResponse: the node transport's `Response` for a streamed body or none. A platform
 * Response built by hand has an empty `url` and the type "default"; fetch's have the URL that
 * was fetched and the type "basic", also on their clones.
 */

/**
 * What fetch's read methods (text(), json()...) reject with once the request's signal aborted,
 * whatever its reason; the body stream itself errors with the reason. @internal
 */
export function abortError(): DOMException {
  return new DOMException("The operation was aborted.", "AbortError");
}

/** @internal */
export class StreamedResponse extends Response {
  readonly #url: string;
  readonly #signal: AbortSignal | undefined;

  constructor(
    body: ReadableStream<Uint8Array> | null,
    init: ResponseInit,
    url: string,
    signal?: AbortSignal,
  ) {
    super(body as BodyInit | null, init);
    this.#url = url;
    this.#signal = signal;
  }

  /** Runs a read method, with fetch's error once the signal aborted. */
  async #read<T>(read: () => Promise<T>): Promise<T> {
    if (this.#signal?.aborted) throw abortError();
    try {
      return await read();
    } catch (error) {
      throw this.#signal?.aborted ? abortError() : error;
    }
  }

  override text(): Promise<string> {
    return this.#read(() => super.text());
  }

  override json(): Promise<unknown> {
    return this.#read(() => super.json());
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#read(() => super.arrayBuffer());
  }

  override blob(): Promise<Blob> {
    return this.#read(() => super.blob());
  }

  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#read(() => super.bytes());
  }

  override formData(): Promise<FormData> {
    return this.#read(() => super.formData());
  }

  /** The URL that was fetched, as on fetch's responses. */
  override get url(): string {
    return this.#url;
  }

  /** "basic", as on fetch's responses in Node. */
  override get type(): ResponseType {
    return "basic";
  }

  override clone(): Response {
    // A StreamedResponse over the platform clone's body: its own clones keep URL and type too.
    const init = { status: this.status, statusText: this.statusText, headers: this.headers };
    return new StreamedResponse(super.clone().body, init, this.#url, this.#signal);
  }
}
