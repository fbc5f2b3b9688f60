import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import type { InboundEnvelope, Reply } from '../../conversations/contract.js';
import type { Logger } from '../../core/logger.js';
import type { Db } from '../../db/database.js';
import { DEFAULT_SLA_LIMITS, type SlaLimits } from '../../db/lifecycle/index.js';
import { findOfficerByChat } from '../../db/officers/index.js';
import { KeyedSerialQueue } from '../runtime/chat-queue.js';
import { isEnrolment, parseCommand } from './commands.js';
import type { DeskContext } from './context.js';
import { dispatch } from './dispatch.js';
import { enrol } from './enrol.js';
import { createActiveOfficerCache, type ActiveOfficerCache } from './officer-cache.js';
import { createOfficerSessionStore, type OfficerSession } from './session.js';

/** What {@link createOfficerDesk} needs. */
export interface OfficerDeskDeps {
  db: Db;
  redis: Redis;
  /** The deployment's REDIS_PREFIX; the desk's keys live under `<prefix>:bot:officer-…`. */
  redisPrefix: string;
  /** The notifications queue (worker/queues.ts `notificationsQueue`) lifecycle notices go to. */
  notifications: Queue;
  /** @defaultValue `() => new Date()` */
  clock?: () => Date;
  /** Working-day limits of the deployment. @defaultValue DEFAULT_SLA_LIMITS */
  limits?: SlaLimits;
  /** @defaultValue a silent pino logger */
  logger?: Logger;
  /** How often the active officers' chats are reloaded. @defaultValue 15 000 ms */
  refreshMs?: number;
  /** How long a pending action and the last choices are kept. @defaultValue 3 600 s */
  sessionTtlSeconds?: number;
}

/** The officers' side of the chat. */
export interface OfficerDesk {
  /**
   * Handles a message if it is the desk's: an active officer's chat, or an enrolment
   * (`/daftar <kode>`). Resolves with null for anything else — the citizen runtime's
   * — without any I/O; with [] for a redelivered message already handled. Rejects
   * when the store or Redis fails (the channel should let the message be redelivered).
   */
  handle(envelope: InboundEnvelope): Promise<Reply[] | null>;
  /**
   * Whether {@link handle} might take this message: an active officer's chat (as last
   * loaded) or an enrolment. Synchronous, so a citizen's message passes the desk
   * without a promise; false means `handle` would resolve with null.
   */
  mayHandle(envelope: InboundEnvelope): boolean;
  /** Settles once the first load of the officers' chats has been tried. */
  readonly ready: Promise<void>;
  /** The in-memory set of active officers' chats (for tests and metrics). */
  readonly officers: ActiveOfficerCache;
  /** Stops the periodic reload; waits for the messages in flight. */
  close(): Promise<void>;
}

/**
 * Builds the desk and starts loading the active officers' chats. Until that first
 * load succeeds (the database may be down at start), every chat is a citizen's;
 * the periodic reload keeps trying.
 */
export function createOfficerDesk(deps: OfficerDeskDeps): OfficerDesk {
  const { db, redis, redisPrefix, notifications } = deps;
  const clock = deps.clock ?? (() => new Date());
  const limits = deps.limits ?? DEFAULT_SLA_LIMITS;
  const logger = deps.logger ?? pino({ level: 'silent' });
  const officers = createActiveOfficerCache(db, {
    ...(deps.refreshMs === undefined ? {} : { refreshMs: deps.refreshMs }),
    onError: (err) => logger.warn({ err }, 'officer chats not reloaded; keeping the previous set'),
  });
  const sessions = createOfficerSessionStore(redis, redisPrefix, {
    ...(deps.sessionTtlSeconds === undefined ? {} : { sessionTtlSeconds: deps.sessionTtlSeconds }),
  });
  const queue = new KeyedSerialQueue();
  const ready = officers.start().catch((err: unknown) => {
    logger.error({ err }, 'officer chats not loaded; officers are served as citizens until the next reload');
  });

  async function serve(envelope: InboundEnvelope): Promise<Reply[] | null> {
    const { channel, chatRef, messageId, message } = envelope;
    if (!(await sessions.claim(channel, chatRef, messageId))) {
      // Not the message id: on WhatsApp it embeds the sender's phone number.
      logger.info({ channel }, 'officer message already handled');
      return [];
    }
    try {
      const now = clock();
      if (message.type === 'text' && isEnrolment(message.text)) {
        const command = parseCommand(message.text);
        const outcome = await enrol(db, channel, chatRef, command?.kind === 'daftar' ? command.code : '', now);
        if (outcome.officer) {
          officers.add(channel, chatRef);
          logger.info({ officerId: outcome.officer.id, opdCode: outcome.officer.opd_code, role: outcome.officer.role }, 'officer enrolled');
        }
        return outcome.replies;
      }
      const officer = await findOfficerByChat(db, channel, chatRef);
      if (!officer) {
        // Disabled (or moved away) since the last reload: the chat is a citizen's again.
        officers.remove(channel, chatRef);
        return null;
      }
      const ctx: DeskContext = { db, notifications, limits, logger, now, officer };
      const session = await sessions.get(channel, chatRef);
      const outcome = await dispatch(ctx, envelope, session);
      await saveSession(envelope, { pending: outcome.pending, choices: lastChoices(outcome.replies) });
      return outcome.replies;
    } catch (err) {
      // Nothing was done (or the failure came before the action committed): let the
      // channel's redelivery try again.
      await sessions.release(channel, chatRef, messageId).catch(() => undefined);
      throw err;
    }
  }

  /** The session is a convenience: failing to save it must not undo a done action's reply. */
  async function saveSession(envelope: InboundEnvelope, session: OfficerSession) {
    try {
      await sessions.set(envelope.channel, envelope.chatRef, session);
    } catch (err) {
      logger.warn({ err, channel: envelope.channel }, 'officer session not saved');
    }
  }

  // The hot path: a citizen's message leaves here after one Set lookup.
  const mayHandle = (envelope: InboundEnvelope) =>
    officers.has(envelope.channel, envelope.chatRef) ||
    (envelope.message.type === 'text' && isEnrolment(envelope.message.text));

  return {
    handle(envelope) {
      if (!mayHandle(envelope)) return Promise.resolve(null);
      return queue.run(`${envelope.channel}:${envelope.chatRef}`, () => serve(envelope));
    },
    mayHandle,
    ready,
    officers,
    async close() {
      officers.close();
      await queue.drain();
    },
  };
}

/** The values of the last reply's choices: what a typed number refers to on WhatsApp. */
function lastChoices(replies: Reply[]): string[] | undefined {
  const withChoices = replies.filter((r) => r.choices && r.choices.length > 0).at(-1);
  return withChoices?.choices?.map((c) => c.value);
}
