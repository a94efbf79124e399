import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { signalForCopy } from "./abort-signal.js";
import { createSigner } from "./signer.js";

describe("signals of signed copies", () => {
  it("the first copy follows the original signal directly", () => {
    const source = new AbortController().signal;
    expect(signalForCopy(source)).toEqual({ signal: source, controller: undefined });
  });

  it("an aborted source is passed as is", () => {
    const source = AbortSignal.abort(new Error("x"));
    expect(signalForCopy(source).signal).toBe(source);
    expect(signalForCopy(source).signal).toBe(source);
  });

  it("signing one Request many times adds one listener to it, not one per copy", async () => {
    const controller = new AbortController();
    const request = new Request("https://e.com/", { signal: controller.signal });
    const signer = createSigner({ consumerKey: "k", consumerSecret: "s" });
    const copies: Request[] = [];
    for (let i = 0; i < 200; i++) copies.push(await signer.sign(request));
    // One from the first copy (direct), one shared fan-out listener for the rest.
    expect(getEventListeners(request.signal, "abort").length).toBe(2);
    expect(copies.some((copy) => copy.signal.aborted)).toBe(false);
    controller.abort(new Error("stop"));
    expect(copies.every((copy) => copy.signal.aborted)).toBe(true);
    expect(copies[150]?.signal.reason).toEqual(new Error("stop"));
  });
});
