import { LockError, errorText } from './errors';

export interface LimiterOptions {
  /** Requests in flight at once. */
  maxConcurrent: number;
  /** Requests started per second; 0 for no limit. */
  ratePerSecond: number;
  /** Requests allowed to wait; one more fails at once with QUEUE_FULL. */
  maxQueue: number;
}

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Per-config concurrency and start-rate limit with a bounded FIFO queue. `run` holds a slot
 * for the whole task; starts are spaced by 1/ratePerSecond.
 */
export class Limiter {
  private active = 0;
  private nextStart = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly queue: Waiter[] = [];
  private closed = false;

  constructor(private readonly opts: LimiterOptions) {}

  get pending(): number {
    return this.queue.length;
  }

  get inFlight(): number {
    return this.active;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    // A free slot with nobody waiting and no rate to keep: start at once, without a queue turn.
    const free = !this.closed && this.queue.length === 0 && this.opts.ratePerSecond <= 0 && this.active < Math.max(1, this.opts.maxConcurrent);
    const release = (): void => {
      this.active--;
      this.pump();
    };
    if (!free) return this.acquire().then(() => task().finally(release));
    this.active++;
    return task().finally(release);
  }

  /** Fails everything still waiting; used when the config node closes. */
  close(reason: Error): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.queue.splice(0)) w.reject(reason);
  }

  private acquire(): Promise<void> {
    if (this.closed) return Promise.reject(new LockError('NETWORK', errorText('configClosed'), { sent: false }));
    if (this.queue.length >= this.opts.maxQueue) {
      return Promise.reject(new LockError('QUEUE_FULL', errorText('queueFull', { max: this.opts.maxQueue }), { sent: false }));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer) return;
    while (this.queue.length > 0 && this.active < Math.max(1, this.opts.maxConcurrent)) {
      if (this.opts.ratePerSecond > 0) {
        const now = Date.now();
        if (now < this.nextStart) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.pump();
          }, this.nextStart - now);
          return;
        }
        this.nextStart = Math.max(now, this.nextStart) + 1000 / this.opts.ratePerSecond;
      }
      this.active++;
      this.queue.shift()!.resolve();
    }
  }
}
