import os from "node:os";

/**
 * Lets only a few password checks run at once, with a short queue behind them. Each check is
 * argon2, deliberately slow and memory-hungry: unbounded, a flood of guesses (every unknown login
 * costs a full check too) would hold every core and thread and delay everything else. Past the
 * queue a check is refused at once, so a flood gets quick answers instead of piling up. Token
 * requests never come here.
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

  /** Whether one more check would be refused now: every slot runs and the queue is full. */
  get full(): boolean {
    return this.running >= this.concurrency && this.waiting.length >= this.maxWaiting;
  }

  /**
   * Runs the check in its turn and gives its result, or null at once when the queue is full (the
   * caller answers that; the gate holds no error of its own, being shared by every module copy).
   */
  run<T>(check: () => Promise<T>): Promise<T> | null {
    if (this.running < this.concurrency) {
      this.running++;
      return this.execute(check);
    }
    if (this.waiting.length >= this.maxWaiting) return null;
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => this.execute(check));
  }

  private async execute<T>(check: () => Promise<T>): Promise<T> {
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

/**
 * Checks that may wait: a waiting check costs no CPU and none of argon2's memory, and the queue is
 * a few seconds of work, so a burst of honest parallel sign-ins (a script with 30 calls at once)
 * still gets through while a flood is refused.
 */
const MAX_WAITING = 32;

// Shared across the two module copies in the server process (see db/client.ts), like the limiters.
const GATE = Symbol.for("tokensmith.passwordGate");
type Holder = { [GATE]?: PasswordGate };

/**
 * The process's gate: one check per core at once, but one core is left to the event loop that
 * answers everything else (on 2 cores a flood of passwords delayed a token request 2-3 times less
 * with 1 check at once than with 2), and 32 waiting.
 */
export function passwordGate(): PasswordGate {
  const holder = globalThis as Holder;
  holder[GATE] ??= new PasswordGate(Math.max(1, os.availableParallelism() - 1), MAX_WAITING);
  return holder[GATE];
}
