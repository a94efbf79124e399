// Raw HTTP over a socket, for requests fetch will not send (malformed, slow, absolute-form).
import { connect, type Socket } from "node:net";

/** A response read off the socket. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses the first response in `bytes` (latin1 head, UTF-8 body cut to its Content-Length). */
export function parseResponse(bytes: Buffer): RawResponse {
  const text = bytes.toString("latin1");
  const headEnd = text.indexOf("\r\n\r\n");
  const [statusLine = "", ...lines] = text.slice(0, headEnd).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"] ?? -1);
  const rawBody = text.slice(headEnd + 4, length >= 0 ? headEnd + 4 + length : undefined);
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0),
    headers,
    body: Buffer.from(rawBody, "latin1").toString("utf8"),
  };
}

/**
 * Opens a socket, lets `talk` write to it (all at once, or slowly), and resolves to the first
 * response once the server closes the connection.
 */
export function rawExchange(
  port: number,
  talk: (socket: Socket) => void,
  timeoutMs = 10_000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error("no answer in time")));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      // A server that answers and closes while we still write: the answer still counts.
      if (error.code === "EPIPE" || error.code === "ECONNRESET") return;
      reject(error);
    });
    socket.on("close", () => resolve(parseResponse(Buffer.concat(chunks))));
    socket.on("connect", () => talk(socket));
  });
}
