import os from "node:os";
import { describe, expect, it } from "vitest";
import { PasswordGate, passwordGate } from "./password-gate";

/** A check that finishes when the test says so. */
function heldCheck<T>(value: T) {
  let release = () => {};
  const done = new Promise<T>((resolve) => (release = () => resolve(value)));
  let started = false;
  const check = () => {
    started = true;
    return done;
  };
  return { check, release, started: () => started };
}

describe("PasswordGate", () => {
  it("runs at most `concurrency` checks at once, the others in order as slots free", async () => {
    const gate = new PasswordGate(2, 5);
    const checks = [1, 2, 3, 4].map(heldCheck);
    const results = checks.map((c) => gate.run(c.check));
    expect(checks.map((c) => c.started())).toEqual([true, true, false, false]);
    checks[1]?.release();
    expect(await results[1]).toBe(2);
    expect(checks.map((c) => c.started())).toEqual([true, true, true, false]);
    checks[0]?.release();
    await results[0];
    expect(checks[3]?.started()).toBe(true);
    checks[2]?.release();
    checks[3]?.release();
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4]);
  });

  it("refuses at once (null, the check never runs) when the queue is full, and takes checks again once it drains", async () => {
    const gate = new PasswordGate(1, 2);
    expect(gate.capacity).toBe(3);
    const held = [1, 2, 3].map(heldCheck);
    const running = held.map((c, i) => {
      expect(gate.full).toBe(false);
      return gate.run(c.check) ?? Promise.reject(new Error(`check ${i} refused`));
    });
    expect(gate.full).toBe(true);
    let ran = false;
    expect(
      gate.run(async () => {
        ran = true;
      }),
    ).toBeNull();
    expect(ran).toBe(false);
    for (const c of held) c.release();
    await Promise.all(running);
    expect(gate.full).toBe(false);
    expect(await gate.run(async () => "again")).toBe("again");
  });

  it("frees the slot of a check that fails", async () => {
    const gate = new PasswordGate(1, 0);
    await expect(gate.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await gate.run(async () => "next")).toBe("next");
  });

  it("is one gate per process: one check per core but one left to the event loop (at least one), 32 waiting", () => {
    expect(passwordGate()).toBe(passwordGate());
    expect(passwordGate().concurrency).toBe(Math.max(1, os.availableParallelism() - 1));
    expect(passwordGate().maxWaiting).toBe(32);
  });
});
