import type { Redis } from 'ioredis';
import type { Channel } from '../../worker/queues.js';
import type { DeskAction } from './commands.js';
import { officerSessionKey, seenKey } from './keys.js';

/** An action waiting for the officer's next text (a reply, a reason, an OPD code). */
export interface PendingAction {
  action: DeskAction;
  ticket: string;
}

/** What the desk remembers of one officer chat between messages. */
export interface OfficerSession {
  pending?: PendingAction | undefined;
  /** Values of the last offered choices, so WhatsApp's "2" means the second one. */
  choices?: string[] | undefined;
}

/** The officer sessions and the handled-message marks, in Redis. */
export interface OfficerSessionStore {
  get(channel: Channel, chatRef: string): Promise<OfficerSession>;
  /** Saves (or, when empty, deletes) the session, with the session TTL. */
  set(channel: Channel, chatRef: string, session: OfficerSession): Promise<void>;
  /**
   * Claims a message id; false when it was already claimed (a redelivery). A lifecycle
   * action is not idempotent — a reply handled twice reaches the citizen twice — so
   * the claim comes before any work.
   */
  claim(channel: Channel, chatRef: string, messageId: string): Promise<boolean>;
  /** Releases a claim after a failure, so the channel's redelivery is handled. */
  release(channel: Channel, chatRef: string, messageId: string): Promise<void>;
}

/** Options of {@link createOfficerSessionStore}. */
export interface OfficerSessionOptions {
  /** @defaultValue 3 600 (a pending action an hour old is forgotten) */
  sessionTtlSeconds?: number;
  /** How long a handled message id is remembered. @defaultValue 86 400 */
  seenTtlSeconds?: number;
}

/** Builds the store over one Redis connection. */
export function createOfficerSessionStore(redis: Redis, redisPrefix: string, options: OfficerSessionOptions = {}): OfficerSessionStore {
  const sessionTtl = options.sessionTtlSeconds ?? 3600;
  const seenTtl = options.seenTtlSeconds ?? 24 * 3600;
  return {
    async get(channel, chatRef) {
      const raw = await redis.get(officerSessionKey(redisPrefix, channel, chatRef));
      if (raw === null) return {};
      try {
        return JSON.parse(raw) as OfficerSession;
      } catch {
        // A session this release cannot read is just forgotten; it holds nothing vital.
        return {};
      }
    },
    async set(channel, chatRef, session) {
      const key = officerSessionKey(redisPrefix, channel, chatRef);
      if (!session.pending && !(session.choices && session.choices.length > 0)) {
        await redis.del(key);
        return;
      }
      await redis.set(key, JSON.stringify(session), 'EX', sessionTtl);
    },
    async claim(channel, chatRef, messageId) {
      const result = await redis.set(seenKey(redisPrefix, channel, chatRef, messageId), '1', 'EX', seenTtl, 'NX');
      return result === 'OK';
    },
    async release(channel, chatRef, messageId) {
      await redis.del(seenKey(redisPrefix, channel, chatRef, messageId));
    },
  };
}
