/**
 * The result of signing. A signature is a credential while its timestamp is accepted, so the
 * object shows it redacted when logged (`util.inspect`, `console.log`, `JSON.stringify`); the
 * fields themselves are plain values for the caller to send.
 */
import type { Authorization } from "./types.js";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");
const REDACTED = "[redacted]";

type Inspect = (value: unknown, options: unknown) => string;

/** `oauthParameters`: shows `oauth_signature` redacted when logged. @internal */
export class OAuthParameters {
  [name: string]: string;
}
Object.defineProperties(OAuthParameters.prototype, {
  toJSON: {
    value(this: OAuthParameters) {
      return { ...this, oauth_signature: REDACTED };
    },
  },
  [INSPECT]: {
    value(this: OAuthParameters, _depth: number, options: unknown, inspect?: Inspect) {
      const view = { ...this, oauth_signature: REDACTED };
      return typeof inspect === "function" ? inspect(view, options) : JSON.stringify(view);
    },
  },
});

/** An {@link Authorization} that redacts its signature when logged. @internal */
export class SignedAuthorization implements Authorization {
  readonly #encodedSignature: string;
  constructor(
    public oauthParameters: Record<string, string>,
    public signature: string,
    encodedSignature: string,
    public header: string,
    public url: string,
    public parameters: Array<[string, string]>,
    public normalizedParameters: string,
    public baseStringUri: string,
    public baseString: string,
  ) {
    this.#encodedSignature = encodedSignature;
  }

  /** What logging shows: everything but the signature. */
  toJSON(): Authorization {
    const encoded = this.#encodedSignature;
    return {
      oauthParameters: { ...this.oauthParameters, oauth_signature: REDACTED },
      signature: REDACTED,
      header: this.header.replace(`oauth_signature="${encoded}"`, `oauth_signature="${REDACTED}"`),
      url: this.url.replace(`oauth_signature=${encoded}`, `oauth_signature=${REDACTED}`),
      parameters: this.parameters,
      normalizedParameters: this.normalizedParameters,
      baseStringUri: this.baseStringUri,
      baseString: this.baseString,
    };
  }

  [INSPECT](_depth: number, options: unknown, inspect?: Inspect): string {
    const view = this.toJSON();
    return `Authorization ${typeof inspect === "function" ? inspect(view, options) : JSON.stringify(view)}`;
  }
}
