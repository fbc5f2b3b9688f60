import type { Redis } from 'ioredis';
import { chatKey, idleKey, intakeOutboxKey } from './keys.js';
import { FlushGroup, ScriptBatcher } from './script-batcher.js';
import { withScripts, type ScriptedRedis } from './scripts.js';

/** What trying to take a chat's lock found. */
export type AcquireResult =
  /** This message id was handled before: answer nothing. */
  | { kind: 'duplicate' }
  /** Another process holds the chat; it frees up in at most `retryInMs`. */
  | { kind: 'busy'; retryInMs: number }
  /** An idle-reminder run found the citizen active again (or the session gone). */
  | { kind: 'not_idle' }
  /** The lock is ours; `state` is the saved JSON, or null for a new conversation. */
  | { kind: 'acquired'; state: string | null };

/** How {@link SessionStore.commit} treats the saved state. */
export type StateWrite =
  | { mode: 'write'; json: string }
  | { mode: 'delete' }
  /** Leave the state as it was (a failed submit, an engine fault). */
  | { mode: 'keep' };

/** How {@link SessionStore.commit} treats the chat's entry in the activity set. */
export type ActivityUpdate = { mode: 'touch'; atMs: number } | { mode: 'forget' } | { mode: 'leave' };

/** Options of {@link createSessionStore}. */
export interface SessionStoreOptions {
  /** How long a silent session is kept. @defaultValue 7 days */
  sessionTtlSeconds: number;
  /** How long a lock holds before another process may take the chat over. @defaultValue 10 000 ms */
  lockTtlMs: number;
  /** How many handled message ids per chat are remembered for de-duplication. @defaultValue 50 */
  maxHandledIds: number;
  /** The most chats per script call (see {@link ScriptBatcher}). @defaultValue 256 */
  maxBatch?: number;
}

/**
 * The two Redis round trips of a message: {@link SessionStore.acquire} (de-dup check,
 * lock, read state) and {@link SessionStore.commit} (write state with its TTL, record
 * the id, update activity, unlock), each one atomic Lua script. Calls made in the same
 * turn of the event loop share one script call.
 */
export interface SessionStore {
  acquire(chatId: string, messageId: string, token: string, idleCutoffMs?: number): Promise<AcquireResult>;
  /**
   * Returns false when the lock had been taken over by another process: nothing was
   * written. `report`, a confirmed report's JSON, joins the intake outbox in the same
   * atomic step as the state.
   */
  commit(
    chatId: string,
    token: string,
    messageId: string,
    state: StateWrite,
    activity: ActivityUpdate,
    report?: string,
  ): Promise<boolean>;
  /** Calls made and script commands sent, per step; for tests and the benchmark. */
  readonly stats: { acquire: { calls: number; batches: number }; commit: { calls: number; batches: number } };
}

interface AcquireItem {
  key: string;
  messageId: string;
  token: string;
  chatId: string;
  idleCutoff: string;
}

interface CommitItem {
  key: string;
  args: [string, string, string, string, string, string, string, string];
}

/** Builds the store over a client; the scripts are defined on it once. */
export function createSessionStore(redis: Redis, redisPrefix: string, options: SessionStoreOptions): SessionStore {
  const scripted: ScriptedRedis = withScripts(redis);
  const idle = idleKey(redisPrefix);
  const outbox = intakeOutboxKey(redisPrefix);
  const ttl = String(options.sessionTtlSeconds);
  const lockTtl = String(options.lockTtlMs);
  const maxIds = String(options.maxHandledIds);

  // Both steps' batches of a turn leave in one write to the socket.
  const group = new FlushGroup(() => redis.stream);
  const acquires = new ScriptBatcher<AcquireItem, AcquireResult>(async (items) => {
    const args: string[] = [String(items.length + 1), idle];
    for (const item of items) args.push(item.key);
    args.push(lockTtl, ttl);
    for (const item of items) args.push(item.messageId, item.token, item.chatId, item.idleCutoff);
    const reply = await scripted.laporBotAcquire(...args);
    const results: AcquireResult[] = [];
    for (let i = 0; i < items.length; i += 1) results.push(toAcquireResult(reply[2 * i], reply[2 * i + 1]));
    return results;
  }, options.maxBatch, group);

  const commits = new ScriptBatcher<CommitItem, boolean>(async (items) => {
    const args: string[] = [String(items.length + 2), idle, outbox];
    for (const item of items) args.push(item.key);
    args.push(ttl, maxIds);
    for (const item of items) args.push(...item.args);
    const reply = await scripted.laporBotCommit(...args);
    return reply.map((written) => written === 1);
  }, options.maxBatch, group);

  return {
    acquire(chatId, messageId, token, idleCutoffMs) {
      return acquires.call({
        key: chatKey(redisPrefix, chatId),
        messageId: frameId(messageId),
        token,
        chatId,
        idleCutoff: idleCutoffMs === undefined ? '' : String(idleCutoffMs),
      });
    },

    commit(chatId, token, messageId, state, activity, report = '') {
      return commits.call({
        key: chatKey(redisPrefix, chatId),
        args: [
          token,
          frameId(messageId),
          state.mode === 'write' ? 'w' : state.mode === 'delete' ? 'd' : 'k',
          state.mode === 'write' ? state.json : '',
          activity.mode === 'touch' ? 'a' : activity.mode === 'forget' ? 'r' : 'n',
          chatId,
          activity.mode === 'touch' ? String(activity.atMs) : '0',
          report,
        ],
      });
    },

    stats: { acquire: acquires.stats, commit: commits.stats },
  };
}

function toAcquireResult(code: unknown, payload: unknown): AcquireResult {
  switch (code) {
    case 0:
      return { kind: 'duplicate' };
    case 1:
      return { kind: 'busy', retryInMs: Number(payload) };
    case 2:
      return { kind: 'not_idle' };
    default:
      return { kind: 'acquired', state: typeof payload === 'string' ? payload : null };
  }
}

// Ids are stored one per line; a line break inside a channel's id would split it.
function frameId(messageId: string): string {
  return messageId.includes('\n') ? messageId.replace(/\n/g, ' ') : messageId;
}
