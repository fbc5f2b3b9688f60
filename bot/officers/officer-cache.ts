import type { Db } from '../../db/database.js';

/**
 * The chats of active officers, in memory, so a citizen's message is told apart from
 * an officer's without a database query (the citizens' hot path). It is only a gate:
 * every lifecycle action re-reads the officer in the store, so a stale entry grants
 * nothing, and the desk drops an entry the store no longer confirms.
 */
export interface ActiveOfficerCache {
  /** Whether the chat is (as last loaded) an active officer's. Synchronous, no I/O. */
  has(channel: string, chatRef: string): boolean;
  /** Adds a chat at once (after `/daftar` in this process). */
  add(channel: string, chatRef: string): void;
  /** Drops a chat the store says is no longer an active officer's. */
  remove(channel: string, chatRef: string): void;
  /** Reloads the whole set from the store. */
  refresh(): Promise<void>;
  /** Loads once (rejecting if that fails), and refreshes every `refreshMs` until {@link close}. */
  start(): Promise<void>;
  /** Stops the refresh timer. */
  close(): void;
  /** Chats in the set. */
  readonly size: number;
}

/** Options of {@link createActiveOfficerCache}. */
export interface ActiveOfficerCacheOptions {
  /** @defaultValue 15 000 */
  refreshMs?: number;
  /** Told of a failed periodic refresh (the old set is kept meanwhile). */
  onError?: (err: unknown) => void;
}

const key = (channel: string, chatRef: string) => `${channel}:${chatRef}`;

/** Builds the cache; call {@link ActiveOfficerCache.start} before use. */
export function createActiveOfficerCache(db: Db, options: ActiveOfficerCacheOptions = {}): ActiveOfficerCache {
  const refreshMs = options.refreshMs ?? 15_000;
  let chats = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  // Chats added since a refresh started: a load that began before a /daftar must not drop it.
  let addedDuringLoad: string[] | null = null;

  async function refresh() {
    addedDuringLoad = [];
    try {
      const rows = await db.selectFrom('officers').select(['channel', 'chat_ref']).where('active', '=', true).execute();
      const next = new Set(rows.map((r) => key(r.channel, r.chat_ref)));
      for (const added of addedDuringLoad) next.add(added);
      chats = next;
    } finally {
      addedDuringLoad = null;
    }
  }

  return {
    has: (channel, chatRef) => chats.has(key(channel, chatRef)),
    add(channel, chatRef) {
      chats.add(key(channel, chatRef));
      addedDuringLoad?.push(key(channel, chatRef));
    },
    remove: (channel, chatRef) => void chats.delete(key(channel, chatRef)),
    refresh,
    async start() {
      // The timer first: a failed first load (database down at start) is retried by it.
      if (!timer) {
        timer = setInterval(() => {
          refresh().catch((err: unknown) => options.onError?.(err));
        }, refreshMs);
        // The refresh alone must not keep a process alive.
        timer.unref();
      }
      await refresh();
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    get size() {
      return chats.size;
    },
  };
}
