/**
 * Runs tasks one at a time per key, in the order they were queued, while different
 * keys run concurrently. In front of the Redis lock it keeps two messages of one chat
 * in one process from racing each other for the lock (and from being answered out of
 * order when the second one happens to win).
 */
export class KeyedSerialQueue {
  readonly #tails = new Map<string, Promise<void>>();

  /** Queues `task` behind the earlier tasks of `key`; its own failure does not block later ones. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    const result = previous === undefined ? task() : previous.then(task);
    const tail = result.then(noop, noop);
    this.#tails.set(key, tail);
    void tail.then(() => {
      // Forget an idle key so the map only holds chats with work in flight.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** How many keys have work queued or running. */
  get activeKeys(): number {
    return this.#tails.size;
  }

  /** Resolves once everything queued so far has settled. */
  async drain(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all([...this.#tails.values()]);
  }
}

function noop(): void {}
