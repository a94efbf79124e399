// Clients sending one badly signed request again and again, `count` at a time, in their own
// process: argv holds the URL, the count, and the consumer key. The request is signed once
// (a bad signature never reaches the replay cache), so the clients cost next to no CPU. On
// SIGTERM it sends how many answers said the signature was diagnosed and how many skipped.
import { createSigner } from "@alteryx-admin/oauth1-signer";

const [url = "", count = "4", consumerKey = ""] = process.argv.slice(2);
const { header } = await createSigner({ consumerKey, consumerSecret: "not-the-secret" }).authorize({
  method: "GET",
  url,
});
const counts = { diagnosed: 0, skipped: 0 };
let running = true;
const clients = Array.from({ length: Number(count) }, async () => {
  while (running) {
    const res = await fetch(url, { headers: { authorization: header } });
    const body = await res.json();
    if (/not diagnosed/.test(body.innerExceptionMessage)) counts.skipped++;
    else counts.diagnosed++;
  }
});
process.once("SIGTERM", async () => {
  running = false;
  await Promise.all(clients);
  process.send(counts, () => process.exit(0));
});
process.send("started");
