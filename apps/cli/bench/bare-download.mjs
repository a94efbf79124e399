// A baseline for the backup benchmark: the same package downloads by a bare client, undici's
// `request` with an OAuth1 signature, N at a time, each body read and dropped (no paging, typed
// errors, retries, files or journal). What it takes above the ideal is this machine's and the
// mock's: its timers, its one thread, the loopback. Usage:
//   node bare-download.mjs <ids file (one per line)> <concurrency>   (ALTERYX_* in the environment)
// Prints the wall time in ms from start-up to the last body.
import { readFileSync } from "node:fs";
import { createSigner } from "@alteryx-admin/oauth1-signer";
import { Agent } from "undici";

const [idsFile, concurrency] = process.argv.slice(2);
const ids = readFileSync(idsFile, "utf8").split("\n").filter(Boolean);
const base = process.env.ALTERYX_GALLERY_URL;
const signer = createSigner({
  consumerKey: process.env.ALTERYX_API_KEY,
  consumerSecret: process.env.ALTERYX_API_SECRET,
});
const agent = new Agent();
const { origin } = new URL(base);

async function download(id) {
  const url = `${base}/${id}/package/`;
  const { header } = await signer.authorize({ method: "GET", url });
  const answer = await agent.request({
    origin,
    path: new URL(url).pathname,
    method: "GET",
    headers: { authorization: header },
  });
  if (answer.statusCode !== 200) throw new Error(`${url}: ${answer.statusCode}`);
  for await (const _ of answer.body);
}

let next = 0;
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (next < ids.length) await download(ids[next++]);
  }),
);
await agent.close();
console.log(Math.round(performance.now()));
