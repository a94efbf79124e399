/**
 * Property: client ids and secrets with any characters (any Unicode, controls, ":", "%", "+",
 * spaces inside) reach the server intact, through HTTP Basic (RFC 6749 2.3.1: form-encoded,
 * then base64; the server decodes in reverse) and through the post form fields.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenSource } from "../src/index.js";
import { runs } from "./fast-check-config.js";
import { startTokenServer, type TokenServer } from "./token-server.js";

const clients: Record<string, string> = {};
let server: TokenServer;

beforeAll(async () => {
  server = await startTokenServer(clients);
});
afterAll(async () => {
  await server.close();
});

/** What options accept: non-empty, no surrounding whitespace (well-formed UTF-16 by construction). */
const credential = fc
  .oneof(
    fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
    fc.string({ unit: fc.constantFrom(..."%+:=/&? ~*'()!-._"), minLength: 1, maxLength: 12 }),
  )
  .filter((s) => s === s.trim() && s !== "");

describe.each(["basic", "post"] as const)("client credentials round trip (%s)", (clientAuth) => {
  it("any id and secret arrive as they were", async () => {
    await fc.assert(
      fc.asyncProperty(credential, credential, async (clientId, clientSecret) => {
        clients[clientId] = clientSecret;
        const before = server.tokenRequests.length;
        const token = await createTokenSource({
          tokenUrl: server.tokenUrl,
          clientId,
          clientSecret,
          clientAuth,
        }).getToken();
        expect(server.issued).toContain(token);
        expect(server.tokenRequests[before]).toMatchObject({
          auth: clientAuth,
          clientId,
          clientSecret,
        });
      }),
      runs(150),
    );
  }, 60_000);
});
