/**
 * Groups items that arrive close together so they can be written in one
 * transaction. Each caller of {@link MicroBatcher.add} gets a promise that settles
 * with its own item's outcome once the batch holding it is done.
 */

/** One item's outcome, as a flush reports it. */
export type Settlement<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** Options of a {@link MicroBatcher}. */
export interface MicroBatcherOptions<T, R> {
  /**
   * Writes a batch. Returns one settlement per item, in the same order; throwing
   * fails every item of the batch with that error.
   */
  flush: (items: T[]) => Promise<Settlement<R>[]>;
  /** Largest batch. @defaultValue 500 */
  maxSize?: number;
  /**
   * How long the first item of a batch waits for company while a flush slot is
   * free. 0 flushes on the next turn of the event loop. @defaultValue 2
   */
  maxWaitMs?: number;
  /** Batches written at the same time (keep it at or below the connection pool). @defaultValue 4 */
  maxConcurrentFlushes?: number;
}

interface Pending<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * A size- and time-bounded batcher with a cap on concurrent flushes. Under light
 * load a batch goes out after `maxWaitMs`; under heavy load the flush slots are
 * busy, items pile up, and the next free slot takes up to `maxSize` of them —
 * batches grow with the load without a timer having to guess it.
 */
export class MicroBatcher<T, R> {
  readonly #flush: (items: T[]) => Promise<Settlement<R>[]>;
  readonly #maxSize: number;
  readonly #maxWaitMs: number;
  readonly #maxConcurrent: number;
  #pending: Pending<T, R>[] = [];
  #inFlight = 0;
  #timer: NodeJS.Timeout | undefined;
  #idleWaiters: (() => void)[] = [];

  constructor(options: MicroBatcherOptions<T, R>) {
    this.#flush = options.flush;
    this.#maxSize = options.maxSize ?? 500;
    this.#maxWaitMs = options.maxWaitMs ?? 2;
    this.#maxConcurrent = options.maxConcurrentFlushes ?? 4;
  }

  /** Queues an item; settles with its outcome when its batch has been flushed. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (this.#pending.length >= this.#maxSize) this.#drain();
      else this.#timer ??= setTimeout(() => this.#drain(), this.#maxWaitMs);
    });
  }

  /** Items waiting for a flush slot. */
  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Resolves once nothing is pending or being flushed. */
  whenIdle(): Promise<void> {
    if (this.#pending.length === 0 && this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #drain(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    while (this.#pending.length > 0 && this.#inFlight < this.#maxConcurrent) {
      void this.#run(this.#pending.splice(0, this.#maxSize));
    }
  }

  async #run(batch: Pending<T, R>[]): Promise<void> {
    this.#inFlight += 1;
    try {
      const settlements = await this.#flush(batch.map((p) => p.item));
      batch.forEach((p, i) => {
        const s = settlements[i];
        if (!s) p.reject(new Error('flush returned fewer settlements than items'));
        else if (s.ok) p.resolve(s.value);
        else p.reject(s.error);
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.#inFlight -= 1;
      // Whatever piled up while every slot was busy goes out now, without waiting.
      if (this.#pending.length > 0) this.#drain();
      else if (this.#inFlight === 0) this.#idleWaiters.splice(0).forEach((w) => w());
    }
  }
}
