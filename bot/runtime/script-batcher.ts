/**
 * Gathers calls made in the same turn of the event loop into one command: many chats'
 * "acquire" (or "commit") steps travel as one EVALSHA that loops over them inside
 * Redis. Each call still costs its message one round trip — it waits for exactly one
 * reply — but the client builds, writes and parses one command per batch instead of one
 * per chat, and Redis sets a script up once per batch. Under load that is most of the
 * CPU a message costs outside the engine.
 */
export class ScriptBatcher<Item, Result> {
  readonly #send: (items: Item[]) => Promise<Result[]>;
  readonly #maxBatch: number;
  #items: Item[] = [];
  #waiters: Array<{ resolve: (r: Result) => void; reject: (e: unknown) => void }> = [];
  #scheduled = false;
  /** Calls made, and commands sent for them; for tests and the benchmark. */
  readonly stats = { calls: 0, batches: 0 };

  /**
   * @param send runs one batch; must return one result per item, in order.
   * @param maxBatch the most items per command: a script blocks Redis while it runs,
   *   so a batch stays a few milliseconds of work at most. @defaultValue 256
   */
  constructor(send: (items: Item[]) => Promise<Result[]>, maxBatch = 256) {
    this.#send = send;
    this.#maxBatch = maxBatch;
  }

  /** Queues one item for the next batch; resolves with its own result. */
  call(item: Item): Promise<Result> {
    this.stats.calls += 1;
    return new Promise<Result>((resolve, reject) => {
      this.#items.push(item);
      this.#waiters.push({ resolve, reject });
      if (this.#items.length >= this.#maxBatch) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        // setImmediate rather than a microtask: the replies of one socket read resume
        // many chats, and all of them should reach the same batch.
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#items.length === 0) return;
    const items = this.#items;
    const waiters = this.#waiters;
    this.#items = [];
    this.#waiters = [];
    this.stats.batches += 1;
    this.#send(items).then(
      (results) => {
        for (let i = 0; i < waiters.length; i += 1) waiters[i]!.resolve(results[i]!);
      },
      (err: unknown) => {
        for (const waiter of waiters) waiter.reject(err);
      },
    );
  }
}
