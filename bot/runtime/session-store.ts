import { createHash } from 'node:crypto';
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

/**
 * What {@link SessionStore.commitIfUnchanged} found: written; the message id handled
 * before; the chat locked by another process; or the chat moved on since the version
 * the turn ran on. Only `written` wrote anything.
 */
export type UnlockedCommitResult = 'written' | 'duplicate' | 'busy' | 'stale';

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
 * The Redis round trips of a message, each one atomic Lua script. A locked turn makes
 * two: {@link SessionStore.acquire} (de-dup check, lock, read state) and
 * {@link SessionStore.commit} (write state with its TTL, record the id, update
 * activity, unlock). An unlocked turn, run on a state the process saved itself, makes
 * one: {@link SessionStore.commitIfUnchanged} (the same write, if the chat is still at
 * that version). Calls made in the same turn of the event loop share one script call.
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
  /**
   * Writes like {@link commit} without holding the lock, if the chat's version is
   * still `version` (the token of the turn that saved it; '' for a chat never saved),
   * the message id is new and no other process holds the lock.
   */
  commitIfUnchanged(
    chatId: string,
    token: string,
    version: string,
    messageId: string,
    state: StateWrite,
    activity: ActivityUpdate,
    report?: string,
  ): Promise<UnlockedCommitResult>;
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
  args: [string, string, string, string, string, string, string, string, string];
}

const UNLOCKED_RESULTS: Record<number, UnlockedCommitResult> = { 1: 'written', 2: 'duplicate', 3: 'busy', 4: 'stale' };

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

  // Locked and unlocked commits share one batch: one script call per turn of the loop.
  const commits = new ScriptBatcher<CommitItem, number>(async (items) => {
    const args: string[] = [String(items.length + 2), idle, outbox];
    for (const item of items) args.push(item.key);
    args.push(ttl, maxIds);
    for (const item of items) args.push(...item.args);
    return scripted.laporBotCommit(...args);
  }, options.maxBatch, group);

  const commitItem = (
    chatId: string,
    token: string,
    guard: string,
    messageId: string,
    state: StateWrite,
    activity: ActivityUpdate,
    report: string,
  ): CommitItem => ({
    key: chatKey(redisPrefix, chatId),
    args: [
      token,
      guard,
      frameId(messageId),
      state.mode === 'write' ? 'w' : state.mode === 'delete' ? 'd' : 'k',
      state.mode === 'write' ? state.json : '',
      activity.mode === 'touch' ? 'a' : activity.mode === 'forget' ? 'r' : 'n',
      chatId,
      activity.mode === 'touch' ? String(activity.atMs) : '0',
      report,
    ],
  });

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

    async commit(chatId, token, messageId, state, activity, report = '') {
      return (await commits.call(commitItem(chatId, token, '', messageId, state, activity, report))) === 1;
    },

    async commitIfUnchanged(chatId, token, version, messageId, state, activity, report = '') {
      const code = await commits.call(commitItem(chatId, token, `=${version}`, messageId, state, activity, report));
      const result = UNLOCKED_RESULTS[code];
      if (result === undefined) throw new Error(`unexpected reply ${code} from the commit script`);
      return result;
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

/** Ids longer than this are kept as a digest of this length. */
const MAX_STORED_ID = 16;

// Ids are stored one per line in the chat's hash, the last 50 by default. A channel's
// id can be long: WhatsApp's (`false_628…@c.us_3EB0…`) is 44 characters, and 50 of
// them would be over 2 KB per chat, more than its state. A long id is kept as 90 bits
// of its SHA-1 (two of one chat's last 50 ids coinciding is not a practical concern);
// a short one (Telegram's update_id) as it is, readable when debugging. A digest also
// never holds the line break that would split an id.
function frameId(messageId: string): string {
  if (messageId.length <= MAX_STORED_ID && !messageId.includes('\n')) return messageId;
  return `#${createHash('sha1').update(messageId).digest('base64url').slice(0, MAX_STORED_ID - 1)}`;
}
