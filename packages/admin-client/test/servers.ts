/**
 * Local servers for the integration tests, all on 127.0.0.1 port 0: a plain HTTP server whose
 * answers a test scripts, an HTTPS one with a certificate from a CA made here (optionally asking
 * for a client certificate), and a forward proxy that counts what it forwards.
 */
import { once } from "node:events";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, connect, type Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import selfsigned from "selfsigned";

/** One request as a server received it. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body's bytes. */
  raw: Buffer;
  /** The common name of the client certificate, on an HTTPS server that asked for one. */
  clientCertificate?: string;
}

/** Answers one request; the body has been read into `seen.body`. */
export type Handler = (seen: Seen, res: ServerResponse) => void;

/** A running test server. */
export interface TestServer {
  /** `http://127.0.0.1:port` or `https://127.0.0.1:port`. */
  origin: string;
  /** Every request, in order. */
  seen: Seen[];
  close(): Promise<void>;
}

async function listen(server: Server, scheme: string, seen: Seen[]): Promise<TestServer> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${scheme}://127.0.0.1:${port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function recorder(handler: Handler, seen: Seen[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const record: Seen = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: raw.toString(),
        raw,
      };
      const peer = (req.socket as TLSSocket).getPeerCertificate?.();
      if (peer?.subject?.CN !== undefined) record.clientCertificate = String(peer.subject.CN);
      seen.push(record);
      handler(record, res);
    });
  };
}

/** An HTTP server on 127.0.0.1 answering with `handler`. */
export function startServer(handler: Handler): Promise<TestServer> {
  const seen: Seen[] = [];
  return listen(createServer(recorder(handler, seen)), "http", seen);
}

/** A JSON answer. */
export function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

/** PEM files of a CA made for one test run, and of a server and a client certificate it signed. */
export interface Certificates {
  ca: string;
  serverKey: string;
  serverCert: string;
  clientKey: string;
  clientCert: string;
}

/** Makes a CA, a certificate for 127.0.0.1 and a client certificate ("test-client"), all signed by it. */
export async function makeCertificates(): Promise<Certificates> {
  const options = { keyType: "ec", algorithm: "sha256", days: 2 } as const;
  const ca = await selfsigned.generate([{ name: "commonName", value: "alteryx-admin test CA" }], {
    ...options,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const signer = { key: ca.private, cert: ca.cert };
  const server = await selfsigned.generate([{ name: "commonName", value: "127.0.0.1" }], {
    ...options,
    ca: signer,
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  const client = await selfsigned.generate([{ name: "commonName", value: "test-client" }], {
    ...options,
    ca: signer,
    extensions: [{ name: "extKeyUsage", clientAuth: true }],
  });
  return {
    ca: ca.cert,
    serverKey: server.private,
    serverCert: server.cert,
    clientKey: client.private,
    clientCert: client.cert,
  };
}

/** An HTTPS server with the test CA's certificate; with `requireClientCertificate`, mTLS. */
export function startHttpsServer(
  certificates: Certificates,
  handler: Handler,
  requireClientCertificate = false,
): Promise<TestServer> {
  const seen: Seen[] = [];
  const server = createHttpsServer(
    {
      key: certificates.serverKey,
      cert: certificates.serverCert,
      ca: [certificates.ca],
      requestCert: requireClientCertificate,
      rejectUnauthorized: requireClientCertificate,
    },
    recorder(handler, seen),
  );
  return listen(server, "https", seen);
}

/** A forward proxy (CONNECT tunnels, and absolute-URL requests refused) that counts tunnels. */
export interface TestProxy extends TestServer {
  /** The `host:port` of every CONNECT it served. */
  tunnels: string[];
}

/** Starts a forward proxy on 127.0.0.1 that tunnels CONNECT requests to 127.0.0.1 only. */
export async function startProxy(): Promise<TestProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_, res) => {
    res.writeHead(501).end("this test proxy only tunnels (CONNECT)");
  });
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? "";
    const [host, port] = target.split(":");
    if (host !== "127.0.0.1") {
      client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    tunnels.push(target);
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  const running = await listen(server, "http", []);
  return {
    ...running,
    tunnels,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return running.close();
    },
  };
}
