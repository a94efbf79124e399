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
    // A StreamedResponse over the platform clone's body: its own clones keep URL and type too.
    const init = { status: this.status, statusText: this.statusText, headers: this.headers };
    return new StreamedResponse(super.clone().body, init, this.#url);
  }
}
