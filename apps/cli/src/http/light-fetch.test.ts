import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lightFetch } from "./light-fetch.js";
import { Agent, fetch } from "./undici.js";

/** What the test server saw of a request, echoed in the answer's body. */
interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const BIG = Buffer.alloc(8 * 1024 * 1024, 7);
let server: Server;
let base: string;
const agent = new Agent();

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const seen: Seen = {
    method: req.method ?? "",
    url: req.url ?? "",
    headers: req.headers,
    body: Buffer.concat(chunks).toString(),
  };
  const path = new URL(req.url ?? "/", "http://x").pathname;
  switch (path) {
    case "/json":
      res.setHeader("set-cookie", ["a=1", "b=2"]);
      res.writeHead(200, "OK", { "content-type": "application/json", "x-extra": "yes" });
      return void res.end(JSON.stringify(seen));
    case "/missing":
      res.writeHead(404, "Not Found", { "content-type": "text/plain" });
      return void res.end("no such thing");
    case "/empty":
      res.writeHead(204);
      return void res.end();
    case "/moved":
      res.writeHead(302, { location: "/json" });
      return void res.end("moved");
    case "/gzip":
      res.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" });
      return void res.end(gzipSync("decoded text"));
    case "/two-codings":
      res.writeHead(200, { "content-type": "text/plain", "content-encoding": "deflate, gzip" });
      return void res.end(gzipSync(deflateSync("decoded twice")));
    case "/unknown-coding":
      res.writeHead(200, { "content-type": "text/plain", "content-encoding": "x-custom" });
      return void res.end("left as it is");
    case "/odd-status":
      res.writeHead(600);
      return void res.end("?");
    case "/big":
      res.writeHead(200, { "content-type": "application/octet-stream" });
      return void res.end(BIG);
    case "/cut":
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": "1000" });
      res.write(Buffer.alloc(10));
      return void setTimeout(() => res.socket?.destroy(), 50);
    case "/slow":
      return void setTimeout(() => res.end("late"), 5000);
    default:
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify(seen));
  }
}

beforeAll(async () => {
  server = createServer((req, res) => void answer(req, res));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await Promise.all([agent.close(), new Promise((resolve) => server.close(resolve))]);
});

/** The client's way of calling: redirects are the pipeline's. */
const manual = (init: RequestInit = {}): RequestInit => ({ redirect: "manual", ...init });

function light(path: string, init: RequestInit = {}): Promise<Response> {
  const sent = lightFetch(agent, `${base}${path}`, manual(init));
  if (!sent) throw new Error("lightFetch left this request to fetch");
  return sent;
}

/** What a caller can read of an answer. */
async function view(response: Response) {
  return {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers].filter(([name]) => !["date", "keep-alive"].includes(name)),
    body: response.body === null ? null : await response.text(),
  };
}

describe("lightFetch answers as undici's fetch does", () => {
  const cases: Array<[string, string, RequestInit]> = [
    ["a JSON answer with repeated headers", "/json", {}],
    ["a 404 with its reason phrase", "/missing", {}],
    ["a 204 (no body)", "/empty", {}],
    ["a redirect, not followed", "/moved", {}],
    ["a gzip body, decoded", "/gzip", {}],
    ["a body of two codings, decoded", "/two-codings", {}],
    ["a body of a coding fetch does not know, as it is", "/unknown-coding", {}],
    ["a HEAD (no body)", "/json", { method: "HEAD" }],
    [
      "a POST of bytes",
      "/echo",
      {
        method: "POST",
        body: new TextEncoder().encode("bytes"),
        headers: { "content-type": "application/octet-stream" },
      },
    ],
    ["a POST of text", "/echo", { method: "POST", body: "text" }],
    [
      "a form POST",
      "/echo",
      { method: "POST", body: new URLSearchParams({ grant_type: "client_credentials" }) },
    ],
    ["a lower-case method", "/echo?x=1&y=%20", { method: "put", body: "" }],
    ["a lower-case method fetch leaves as it is", "/echo", { method: "patch", body: "p" }],
  ];
  for (const [name, path, init] of cases) {
    it(name, async () => {
      const sent = fetch(`${base}${path}`, { ...manual(init), dispatcher: agent } as never);
      const expected = await view((await sent) as unknown as Response);
      const actual = await view(await light(path, init));
      if (expected.body?.startsWith("{") && actual.body?.startsWith("{")) {
        // The echoed request: what the server saw, but for the headers fetch adds of its own.
        const { headers: fetchSent, ...fetchRest } = JSON.parse(expected.body) as Seen;
        const { headers: lightSent, ...lightRest } = JSON.parse(actual.body) as Seen;
        expect(lightRest).toEqual(fetchRest);
        for (const header of ["content-type", "content-length", "authorization", "accept"])
          expect(lightSent[header], header).toEqual(fetchSent[header]);
        expected.body = actual.body = "(compared above)";
        // The length of the echo differs with the headers fetch adds.
        expected.headers = expected.headers.filter(([n]) => n !== "content-length");
        actual.headers = actual.headers.filter(([n]) => n !== "content-length");
      }
      expect(actual).toEqual(expected);
    });
  }

  it("sends the caller's headers", async () => {
    const seen = (await (
      await light("/echo", { headers: { authorization: "OAuth x", "user-agent": "cli" } })
    ).json()) as Seen;
    expect(seen.headers).toMatchObject({ authorization: "OAuth x", "user-agent": "cli" });
  });

  it("streams a large body whole", async () => {
    const body = new Uint8Array(await (await light("/big")).arrayBuffer());
    expect(body.byteLength).toBe(BIG.byteLength);
    expect(Buffer.from(body).equals(BIG)).toBe(true);
  });
});

describe("lightFetch failures", () => {
  it("leaves to fetch what fetch must do: redirects to follow, other bodies, credentials", () => {
    expect(lightFetch(agent, `${base}/json`, {})).toBeUndefined();
    expect(lightFetch(agent, `${base}/json`, { redirect: "follow" })).toBeUndefined();
    for (const body of [new FormData(), new Blob(["x"]), new ReadableStream()])
      expect(lightFetch(agent, `${base}/echo`, manual({ method: "POST", body }))).toBeUndefined();
    const withCredentials = `http://user:pass@${base.slice("http://".length)}/json`;
    expect(lightFetch(agent, withCredentials, manual())).toBeUndefined();
  });

  it("fails as fetch does when nothing listens: TypeError with the cause", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = await lightFetch(agent, `http://127.0.0.1:${port}/`, manual())?.catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("fetch failed");
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });

  it("refuses a status fetch refuses, as a TypeError", async () => {
    const error = await light("/odd-status").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(((error as Error).cause as Error).message).toMatch(/status 600/);
  });

  it("rejects with the signal's reason on an abort, before or after sending", async () => {
    const reason = new Error("stopped by the caller");
    const aborted = AbortSignal.abort(reason);
    await expect(light("/json", { signal: aborted })).rejects.toBe(reason);
    const controller = new AbortController();
    const pending = light("/slow", { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
  });

  it("errors the body when the connection is cut in the middle", async () => {
    const response = await light("/cut");
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
  });
});
