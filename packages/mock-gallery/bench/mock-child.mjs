// A mock Gallery in its own process: started with the options and internals in argv (JSON),
// it sends its URL and credentials, and runs until SIGTERM.
import { startMock } from "../dist/start-mock.js";

const gallery = await startMock(
  JSON.parse(process.argv[2] ?? "{}"),
  JSON.parse(process.argv[3] ?? "{}"),
);
process.send({ url: gallery.url, credentials: { ...gallery.credentials } });
process.once("SIGTERM", () => gallery.close().then(() => process.exit(0)));
