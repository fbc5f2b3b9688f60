/** Something whose writes can be held back and sent together: a Redis client's socket. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Flushes several {@link ScriptBatcher}s at the end of the same turn with their
 * socket corked, so the turn's acquire and commit batches leave in one write. On a
 * virtual machine each write to Redis costs tens of microseconds of system time (it
 * wakes the Redis server on another CPU); under load that was the largest single
 * cost of a message outside the engine.
 */
export class FlushGroup {
  readonly #socket: () => Corkable | undefined;
  readonly #due = new Set<{ flush(): void }>();
  #scheduled = false;

  /** @param socket the socket to cork while flushing, looked up at flush time (a client reconnects with a new one) */
  constructor(socket: () => Corkable | undefined) {
    this.#socket = socket;
  }

  /** Has `batcher` flushed at the end of this turn, with the others due then. */
  schedule(batcher: { flush(): void }): void {
    this.#due.add(batcher);
    if (this.#scheduled) return;
    this.#scheduled = true;
    // setImmediate rather than a microtask: the replies of one socket read resume
    // many chats, and all of them should reach the same batch.
    setImmediate(() => this.#flushAll());
  }

  #flushAll(): void {
    this.#scheduled = false;
    const socket = this.#socket();
    socket?.cork();
    try {
      for (const batcher of this.#due) batcher.flush();
    } finally {
      this.#due.clear();
      socket?.uncork();
    }
  }
}

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
  readonly #group: FlushGroup;
  #items: Item[] = [];
  #waiters: Array<{ resolve: (r: Result) => void; reject: (e: unknown) => void }> = [];
  #scheduled = false;
  /** Calls made, and commands sent for them; for tests and the benchmark. */
  readonly stats = { calls: 0, batches: 0 };

  /**
   * @param send runs one batch; must return one result per item, in order.
   * @param maxBatch the most items per command: a script blocks Redis while it runs,
   *   so a batch stays a few milliseconds of work at most. @defaultValue 256
   * @param group flushes this batcher together with others on the same client;
   *   @defaultValue a group of its own, with nothing to cork
   */
  constructor(send: (items: Item[]) => Promise<Result[]>, maxBatch = 256, group = new FlushGroup(() => undefined)) {
    this.#send = send;
    this.#maxBatch = maxBatch;
    this.#group = group;
  }

  /** Queues one item for the next batch; resolves with its own result. */
  call(item: Item): Promise<Result> {
    this.stats.calls += 1;
    return new Promise<Result>((resolve, reject) => {
      this.#items.push(item);
      this.#waiters.push({ resolve, reject });
      if (this.#items.length >= this.#maxBatch) this.flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        this.#group.schedule(this);
      }
    });
  }

  /** Sends what is queued now; {@link FlushGroup} calls it at the end of the turn. */
  flush(): void {
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
