/**
 * StreamedResponse: the node transport's `Response` for a streamed body or none. A platform
 * Response built by hand has an empty `url` and the type "default"; fetch's have the URL that
 * was fetched and the type "basic", also on their clones.
 */

/** @internal */
export class StreamedResponse extends Response {
  readonly #url: string;

  constructor(body: ReadableStream<Uint8Array> | null, init: ResponseInit, url: string) {
    super(body as BodyInit | null, init);
    this.#url = url;
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
    const copy = super.clone();
    // super.clone() makes a plain Response; the copy keeps the URL and type all the same.
    Object.defineProperties(copy, {
      url: { value: this.#url, enumerable: true },
      type: { value: "basic", enumerable: true },
    });
    return copy;
  }
}
