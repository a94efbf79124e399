// Preloaded into a benchmarked process (NODE_OPTIONS=--require): writes its peak RSS in bytes and
// its CPU time to $BENCH_RSS_FILE when it exits, so the benchmark measures the child, not itself.
const { writeFileSync } = require("node:fs");

process.on("exit", () => {
  if (!process.env.BENCH_RSS_FILE) return;
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ rss: usage.maxRSS * 1024, cpuMs }));
});
