/**
 * Runs tasks one at a time per key, in the order they were queued, while different
 * keys run concurrently. In front of the Redis lock it keeps two messages of one chat
 * in one process from racing each other for the lock (and from being answered out of
 * order when the second one happens to win).
 */
export class KeyedSerialQueue {
  // Per busy key, the tasks waiting behind the running one. A key with nothing running
  // has no entry, so the common case (one message per chat at a time) costs one Map
  // entry and one extra promise.
  readonly #waiting = new Map<string, Array<() => void>>();
  #idle: Array<() => void> = [];

  /** Queues `task` behind the earlier tasks of `key`; its own failure does not block later ones. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const waiting = this.#waiting.get(key);
    if (waiting === undefined) {
      this.#waiting.set(key, []);
      return this.#start(key, task);
    }
    return new Promise<T>((resolve, reject) => {
      waiting.push(() => void this.#start(key, task).then(resolve, reject));
    });
  }

  /** How many keys have work queued or running. */
  get activeKeys(): number {
    return this.#waiting.size;
  }

  /** Resolves once everything queued so far has settled. */
  drain(): Promise<void> {
    if (this.#waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #start<T>(key: string, task: () => Promise<T>): Promise<T> {
    let result: Promise<T>;
    try {
      result = task();
    } catch (err) {
      result = Promise.reject(err);
    }
    const next = () => {
      const waiting = this.#waiting.get(key)!;
      const following = waiting.shift();
      if (following !== undefined) return following();
      this.#waiting.delete(key);
      if (this.#waiting.size === 0 && this.#idle.length > 0) {
        const idle = this.#idle;
        this.#idle = [];
        for (const resolve of idle) resolve();
      }
    };
    result.then(next, next);
    return result;
  }
}
