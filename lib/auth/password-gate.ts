import os from "node:os";
import { AppError } from "@/lib/errors";

/** Seconds a refused password request is told to wait before trying again. */
const RETRY_AFTER_SECONDS = 1;

/**
 * Lets only a few password checks run at once, with a short queue behind them. Each check is
 * argon2, deliberately slow and memory-hungry: unbounded, a flood of guesses (every unknown login
 * costs a full check too) would hold every core and thread and delay everything else. Past the
 * queue a check is refused at once with 503 and Retry-After, so a flood gets quick answers instead
 * of piling up. Token requests never come here.
 */
export class PasswordGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  /** How many checks may be running or waiting; one more is refused. */
  get capacity(): number {
    return this.concurrency + this.maxWaiting;
  }

  /** Runs the check in its turn, or throws `unavailable` at once when the queue is full. */
  async run<T>(check: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) {
      this.running++;
    } else {
      if (this.waiting.length >= this.maxWaiting) throw serverBusy();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await check();
    } finally {
      // Hand the slot to the next in line (it stays taken), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

export const serverBusy = () =>
  new AppError(
    "unavailable",
    "The server is busy checking other sign-ins. Try again in a few seconds.",
    undefined,
    RETRY_AFTER_SECONDS,
  );

// Shared across the two module copies in the server process (see db/client.ts), like the limiters.
const GATE = Symbol.for("tokensmith.passwordGate");
type Holder = { [GATE]?: PasswordGate };

/**
 * Checks that may wait: a waiting check costs no CPU and none of argon2's memory, and the queue is
 * a few seconds of work, so a burst of honest parallel sign-ins (a script with 30 calls at once)
 * still gets through while a flood is refused.
 */
const MAX_WAITING = 32;

/** The process's gate: one check per core at once, 32 waiting. */
export function passwordGate(): PasswordGate {
  const holder = globalThis as Holder;
  holder[GATE] ??= new PasswordGate(os.availableParallelism(), MAX_WAITING);
  return holder[GATE];
}
