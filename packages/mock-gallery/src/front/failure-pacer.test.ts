import { describe, expect, it } from "vitest";
import { FailurePacer } from "./failure-pacer.js";

describe("FailurePacer", () => {
  it("answers a burst at once, then queues refusals by their cost", () => {
    const now = 0;
    // 100 ms of CPU a second: a refusal that cost 10 ms takes up 100 ms of the budget's time
    const pacer = new FailurePacer(100, 50, 5000, () => now);
    const burst = Array.from({ length: 6 }, () => pacer.delay(10));
    expect(burst).toEqual([0, 0, 0, 0, 0, 0]); // 50 ms of burst, and the first is free
    expect([pacer.delay(10), pacer.delay(10), pacer.delay(1)]).toEqual([100, 200, 300]);
  });

  it("holds a closed loop of clients to the CPU budget", () => {
    let now = 0;
    const pacer = new FailurePacer(100, 200, 5000, () => now);
    const cost = 2; // each refusal costs 2 ms to verify
    let answered = 0;
    // four clients, each sending its next request as soon as the last one is answered
    const ready = [0, 0, 0, 0];
    while (now < 10_000) {
      const client = ready.indexOf(Math.min(...ready));
      now = ready[client] ?? now;
      ready[client] = now + cost + pacer.delay(cost);
      answered++;
    }
    // 10 s at 100 ms a second is 1000 ms of refusals, plus the 200 ms burst, the one admitted
    // at the edge, and the four scheduled to be answered after the 10 s
    expect(answered * cost).toBeLessThanOrEqual(1000 + 200 + 5 * cost);
    expect(answered * cost).toBeGreaterThan(1000);
  });
});

describe("FailurePacer after an attack", () => {
  it("never keeps a refusal waiting longer than maxWaitMs, and recovers within it", () => {
    let now = 0;
    const pacer = new FailurePacer(100, 0, 1000, () => now);
    // an attack: a thousand refusals of 50 ms each at once (50 s of debt at 100 ms a second)
    const waits = Array.from({ length: 1000 }, () => pacer.delay(50));
    expect(Math.max(...waits)).toBe(1000);
    now += 1001; // a second later, a client's single mistake is answered at once
    expect(pacer.delay(1)).toBe(0);
  });
});
