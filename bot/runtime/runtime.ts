import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import type {
  ConversationEngine,
  ConversationState,
  EngineContext,
  Effect,
  EngineResult,
  FollowUpEffect,
  FollowUpOutcome,
  InboundEnvelope,
  InboundMessage,
  Reply,
  StatusChangedNotice,
} from '../../conversations/contract.js';
import type { Logger } from '../../core/logger.js';
import { submittedReportSchema, type Channel, type Language } from '../../worker/queues.js';
import { KeyedSerialQueue } from './chat-queue.js';
import { BotRuntimeError } from './errors.js';
import { fallbackReply } from './fallback-replies.js';
import type { CitizenFollowUp } from './follow-up.js';
import { chatId, idleKey, parseChatId } from './keys.js';
import type { LookupStatus } from './report-queries.js';
import { RecentSessions, type RememberedSession } from './recent-sessions.js';
import { createSessionStore, type ActivityUpdate, type SessionStore, type StateWrite } from './session-store.js';
import type { TicketAllocator } from './ticket-allocator.js';

/** What {@link createBotRuntime} needs. */
export interface BotRuntimeDeps {
  /**
   * Shared by every chat. The runtime batches its own scripts; leave ioredis
   * auto-pipelining off on this client (one pipeline in flight at a time would make
   * each batch wait for the previous one's replies).
   */
  redis: Redis;
  /** The deployment's REDIS_PREFIX; the runtime's keys live under `<prefix>:bot:`. */
  redisPrefix: string;
  engine: ConversationEngine;
  /** Source of {@link EngineContext.newTicket}; started lazily if not yet started. */
  tickets: TicketAllocator;
  /**
   * Called after a commit put a confirmed report in the intake outbox, so the
   * forwarder moves it to the intake queue now rather than at its next poll.
   */
  onReportQueued?: () => void;
  /** Finds a citizen's own ticket; usually {@link createStatusLookup}. */
  lookupStatus: LookupStatus;
  /**
   * Carries out a citizen's answer, rating or reopening of a sent report; usually
   * {@link createCitizenFollowUp}. Without it those are answered as unavailable.
   */
  followUp?: CitizenFollowUp;
  /** @defaultValue `() => new Date()` */
  clock?: () => Date;
  /** @defaultValue a silent pino logger */
  logger?: Logger;
  /** How long a silent session is kept (SESSION_TTL_HOURS). @defaultValue 604 800 (7 days) */
  sessionTtlSeconds?: number;
  /** Silence before the one idle reminder (SESSION_REMINDER_HOURS). @defaultValue 86 400 (24 h) */
  reminderAfterSeconds?: number;
  /** Whether a channel lets the bot write first after a silence. @defaultValue every channel */
  canRemind?: (channel: Channel) => boolean;
  /**
   * How long a chat's lock holds. A process that dies mid-message blocks its chat for
   * at most this long; a message taking longer loses the lock and is not saved.
   * @defaultValue 10 000 ms
   */
  lockTtlMs?: number;
  /** How long a message waits for another process's lock before failing with `CHAT_BUSY`. @defaultValue 3 × lockTtlMs */
  maxLockWaitMs?: number;
  /** Handled message ids remembered per chat for de-duplication. @defaultValue 50 */
  maxHandledIds?: number;
  /**
   * How many chats' last saved state this process remembers, so that a chat's next
   * message here runs without the lock and waits on one Redis round trip instead of
   * two; 0 turns that off. Reserves 2 KB per chat outside the JavaScript heap (20 MB
   * by default); a chat whose state is larger is not remembered.
   * @defaultValue 10 000
   */
  recentChats?: number;
}

/** What carrying out a step's effects decided: the state to save, the replies, and a report for the outbox. */
interface EffectsOutcome {
  state: ConversationState | null;
  replies: Reply[];
  keepState: boolean;
  /** The confirmed report's JSON, committed into the intake outbox with the state. */
  report?: string;
}

/** Replies owed to one chat after an idle reminder run. */
export interface IdleReminder {
  channel: Channel;
  chatRef: string;
  replies: Reply[];
}

/** The channel-agnostic bot: channels hand it envelopes and send back what it returns. */
export interface BotRuntime {
  /**
   * Handles one citizen message: de-duplicates it, serializes it with the chat's other
   * messages (across processes too), runs the engine, carries out its effects and
   * saves the new state. Resolves with the replies to send, in order; an empty list
   * for a duplicate delivery. Rejects only with `CHAT_BUSY` or when Redis is down —
   * the channel should then leave the message unacknowledged so it is delivered again.
   */
  handleInbound(envelope: InboundEnvelope): Promise<Reply[]>;
  /**
   * Tells the citizen about a lifecycle change (a notifications-queue `status_changed`
   * notice): runs it as a turn of the chat under the same lock, so it never races the
   * citizen's own messages, and creates a follow-up session when there is none. Pass a
   * stable `updateId` (the notification job id): a redelivered notice is answered with
   * an empty list. Resolves with the replies to send; rejects like handleInbound.
   */
  handleReportUpdate(notice: StatusChangedNotice, updateId: string): Promise<Reply[]>;
  /**
   * Runs the engine with `{type: 'idle_reminder'}` for up to `limit` chats silent since
   * `now − reminderAfterSeconds`; each chat is reminded once per silence. Returns the
   * replies owed to each; safe to run from several processes at once.
   */
  sendIdleReminders(now?: Date, limit?: number): Promise<IdleReminder[]>;
  /** Waits for the messages in flight in this process. */
  drain(): Promise<void>;
  /**
   * Session round trips so far: `calls` each message waited on (two per message) and
   * the script `batches` that carried them to Redis. For tests and the benchmark.
   */
  readonly stats: SessionStore['stats'];
}

/**
 * Builds the runtime. A message of a chat this process saved last waits on one Redis
 * round trip: the engine runs on the remembered state, and one script writes the new
 * state if the chat is still at the version remembered (compare-and-set), after
 * checking the de-dup list and that no other process holds the chat's lock. Any other
 * message (or one whose chat moved on meanwhile) waits on two: one script checks the
 * de-dup list, takes the chat's lock and reads the state; another writes the new state
 * with its TTL, records the message id, updates the activity set and unlocks. Either
 * way each chat's messages apply one at a time, in order, across processes.
 * Chats handled in the same turn of the event loop share those script calls (one
 * EVALSHA per step for the whole batch), which keeps the CPU cost per message low
 * under load. A confirmed report travels in the writing script too, into the intake
 * outbox (see `intake-forwarder.ts`), so a submit costs the citizen no extra round trip
 * and the report is queued if and only if the state that says "sent" is saved.
 */
export function createBotRuntime(deps: BotRuntimeDeps): BotRuntime {
  const { engine, tickets, lookupStatus, redis, redisPrefix } = deps;
  const followUp = deps.followUp;
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger ?? pino({ level: 'silent' });
  const sessionTtlSeconds = deps.sessionTtlSeconds ?? 7 * 24 * 3600;
  const reminderAfterMs = (deps.reminderAfterSeconds ?? 24 * 3600) * 1000;
  const canRemind = deps.canRemind ?? (() => true);
  const lockTtlMs = deps.lockTtlMs ?? 10_000;
  const maxLockWaitMs = deps.maxLockWaitMs ?? 3 * lockTtlMs;
  for (const [name, value] of Object.entries({ sessionTtlSeconds, lockTtlMs, reminderAfterMs })) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new BotRuntimeError('INVALID_OPTION', `${name} must be a positive number, got ${value}`);
    }
  }

  const store = createSessionStore(redis, redisPrefix, {
    sessionTtlSeconds,
    lockTtlMs,
    maxHandledIds: deps.maxHandledIds ?? 50,
  });
  const queue = new KeyedSerialQueue();
  const recentChats = deps.recentChats ?? 10_000;
  // Only ever read for the chat's next message in this process, and checked against
  // the version in Redis before anything is written: a stale entry costs a retry, never
  // a lost update.
  const recent = recentChats > 0 ? new RecentSessions(recentChats) : null;
  // Lock tokens: unique per process and message, so a late commit can tell its lock was taken over.
  const processTag = randomBytes(6).toString('base64url');
  let sequence = 0;

  interface Turn {
    channel: Channel;
    chatRef: string;
    messageId: string;
    senderPhone?: string | undefined;
    message: InboundMessage;
    /** Set for idle reminders: only run if the chat's last activity is at or before this. */
    idleCutoffMs?: number;
    /** Set for report updates: news is not the citizen's activity, so the idle clock is left alone. */
    leaveActivity?: true;
    /** Set for citizens' messages: they may run unlocked on a remembered state. */
    mayRunUnlocked?: true;
  }

  /** A turn's lock token, which its commit also stamps as the chat's version. */
  function tokenOf(turnNumber: number): string {
    return `${processTag}:${turnNumber}`;
  }

  async function takeLock(id: string, turn: Turn, token: string) {
    const deadline = Date.now() + maxLockWaitMs;
    for (let attempt = 0; ; attempt += 1) {
      const result = await store.acquire(id, turn.messageId, token, turn.idleCutoffMs);
      if (result.kind !== 'busy') return result;
      if (Date.now() >= deadline) {
        throw new BotRuntimeError('CHAT_BUSY', `chat ${turn.channel} is locked by another process`);
      }
      // Another process holds the chat: usually for a millisecond or two, at worst
      // until its lock expires. Back off exponentially with jitter, never past expiry.
      const backoff = Math.min(2 ** attempt, 50) * (0.5 + Math.random());
      await sleep(Math.max(1, Math.min(backoff, result.retryInMs)));
    }
  }

  async function runTurn(turn: Turn): Promise<Reply[]> {
    const id = chatId(turn.channel, turn.chatRef);
    const saved = turn.mayRunUnlocked ? recent?.get(id) : undefined;
    if (saved !== undefined) {
      const replies = await runUnlocked(id, turn, saved);
      if (replies !== undefined) return replies;
    }
    return runLocked(id, turn);
  }

  /**
   * Runs a citizen's message on the state this process saved last, without the lock,
   * and saves the outcome only if the chat is still at that version. Resolves with
   * undefined when the message must run locked instead: the chat moved on (another
   * process answered it meanwhile) or is locked, the engine threw, or the message asks
   * for a follow-up action (that writes outside Redis, so it must run once, on the
   * current state). runLocked then forgets what was remembered of the chat.
   */
  async function runUnlocked(id: string, turn: Turn, saved: RememberedSession): Promise<Reply[] | undefined> {
    const state = parseState(saved.json, id);
    // As in runLocked: no await between this check and the engine.
    while (tickets.available() < 1) await tickets.refill();
    const now = clock();
    let result: EngineResult;
    try {
      result = engine.handle(state, turn.message, engineContext(turn, now));
    } catch {
      // The locked run meets the fault again on the current state, and answers it.
      return undefined;
    }
    if (result.effects.some(isFollowUp)) return undefined;
    const outcome = result.effects.length === 0 ? withoutEffects(result) : await carryOutEffects(result, turn);
    const turnNumber = ++sequence;
    const token = tokenOf(turnNumber);
    const { write, activity } = writesFor(outcome, turn, now);
    const version = tokenOf(saved.turnNumber);
    const committed = await store.commitIfUnchanged(id, token, version, turn.messageId, write, activity, outcome.report);
    if (committed === 'duplicate') return [];
    if (committed !== 'written') return undefined;
    remember(id, write, saved.json, turnNumber);
    if (outcome.report) deps.onReportQueued?.();
    return outcome.replies;
  }

  async function runLocked(id: string, turn: Turn): Promise<Reply[]> {
    const turnNumber = ++sequence;
    const token = tokenOf(turnNumber);
    const lock = await takeLock(id, turn, token);
    // Whatever happens next, what this process remembered of the chat may be out of
    // date: only a commit below remembers it again.
    recent?.delete(id);
    if (lock.kind !== 'acquired') return [];

    const state = parseState(lock.state, id);
    if (turn.message.type === 'idle_reminder' && state === null) {
      // The session ended or expired since the chat was last active: nobody to remind.
      await store.commit(id, token, '', { mode: 'keep' }, { mode: 'forget' });
      return [];
    }

    // newTicket() must be synchronous: make sure a leased ticket is on hand first, with
    // no await between the check and the engine. A loop, because every turn that waited
    // on the same refill resumes at once and the ones before it may have used it up.
    while (tickets.available() < 1) await tickets.refill();
    const now = clock();
    let result: EngineResult;
    try {
      result = engine.handle(state, turn.message, engineContext(turn, now));
    } catch (err) {
      // An engine bug must not wedge the chat or crash the process: keep the state,
      // mark the message handled (a redelivery would only fault again), apologise.
      logger.error({ err, chat: turn.channel }, 'conversation engine threw; state kept');
      await store.commit(id, token, turn.messageId, { mode: 'keep' }, { mode: 'leave' });
      return [fallbackReply('internalError', languageOf(state))];
    }

    const outcome = result.effects.length === 0 ? withoutEffects(result) : await carryOutEffects(result, turn);
    const { write, activity } = writesFor(outcome, turn, now);
    const saved = await store.commit(id, token, turn.messageId, write, activity, outcome.report);
    if (!saved) {
      // The message took longer than the lock TTL and another process has the chat now;
      // its other effects are done, so the citizen still gets the answer, but the state
      // of this step is lost. Raise lockTtlMs if this shows up in the logs.
      logger.error({ chat: turn.channel, lockTtlMs }, 'chat lock taken over before commit; state not saved');
      // The report went down with the state: no ticket for a report that is not queued.
      if (outcome.report) return [fallbackReply('submitFailed', languageOf(state))];
      return outcome.replies;
    }
    if (turn.mayRunUnlocked) remember(id, write, lock.state, turnNumber);
    if (outcome.report) deps.onReportQueued?.();
    return outcome.replies;
  }

  function engineContext(turn: Turn, now: Date): EngineContext {
    return { now, channel: turn.channel, chatRef: turn.chatRef, senderPhone: turn.senderPhone, newTicket: tickets.next };
  }

  /**
   * The outcome of a step with no effects, as most are. Callers check for that before
   * awaiting carryOutEffects: an await, even of a plain value, costs a microtask.
   */
  function withoutEffects(result: EngineResult): EffectsOutcome {
    return { state: result.state, replies: result.replies, keepState: false };
  }

  /** What a turn's outcome writes: the state, and the chat's place in the activity set. */
  function writesFor(outcome: EffectsOutcome, turn: Turn, now: Date): { write: StateWrite; activity: ActivityUpdate } {
    const write: StateWrite = outcome.keepState
      ? { mode: 'keep' }
      : outcome.state === null
        ? { mode: 'delete' }
        : { mode: 'write', json: JSON.stringify(outcome.state) };
    const activity: ActivityUpdate = turn.leaveActivity
      ? { mode: 'leave' }
      : outcome.state === null && !outcome.keepState
        ? { mode: 'forget' }
        : turn.message.type === 'idle_reminder' || !canRemind(turn.channel)
          ? { mode: 'forget' }
          : { mode: 'touch', atMs: now.getTime() };
    return { write, activity };
  }

  /** Remembers what turn `turnNumber` saved; its token is the chat's version now. */
  function remember(id: string, write: StateWrite, before: string | null, turnNumber: number): void {
    recent?.set(id, write.mode === 'write' ? write.json : write.mode === 'delete' ? null : before, turnNumber);
  }

  async function carryOutEffects(result: EngineResult, turn: Turn): Promise<EffectsOutcome> {
    let state = result.state;
    let replies = result.replies;
    let report: string | undefined;
    for (const effect of result.effects) {
      switch (effect.type) {
        case 'submit_report': {
          // Checked here, before it can reach the outbox: the intake queue's own schema.
          const checked = submittedReportSchema.safeParse(effect.report);
          if (!checked.success) {
            // No ticket for a report that is not queued: drop the engine's replies
            // (they carry the ticket) and keep the state at the summary, so sending
            // the confirmation again retries with nothing lost.
            logger.error({ issues: checked.error.issues.map((i) => i.path.join('.')), chat: turn.channel }, 'confirmed report fails the intake schema; state kept at summary');
            return { state, replies: [fallbackReply('submitFailed', effect.report.language)], keepState: true };
          }
          report = JSON.stringify(checked.data);
          break;
        }
        case 'lookup_status': {
          let reply: Reply;
          try {
            const found = await lookupStatus(turn.chatRef, turn.channel, effect.ticket);
            reply = engine.renderStatus(effect.language, found);
          } catch (err) {
            logger.error({ err, chat: turn.channel }, 'lookup_status failed');
            reply = fallbackReply('statusUnavailable', effect.language);
          }
          replies = [...replies, reply];
          break;
        }
        case 'end_session':
          state = null;
          break;
        case 'respond_to_opd':
        case 'rate_report':
        case 'reopen_report': {
          const outcome = await carryOutFollowUp(effect, turn);
          replies = [...replies, engine.renderFollowUp(effect.language, effect, outcome)];
          // Nothing happened in the store: keep the old state (a rating still awaited).
          if (!outcome.ok && outcome.reason === 'unavailable') return { state, replies, keepState: true };
          break;
        }
      }
    }
    return report === undefined ? { state, replies, keepState: false } : { state, replies, keepState: false, report };
  }

  async function carryOutFollowUp(effect: FollowUpEffect, turn: Turn): Promise<FollowUpOutcome> {
    if (!followUp) return { ok: false, reason: 'unavailable' };
    const now = clock();
    try {
      switch (effect.type) {
        case 'respond_to_opd':
          return await followUp.respond(turn.channel, turn.chatRef, effect.ticket, effect.text, now);
        case 'rate_report':
          return await followUp.rate(turn.channel, turn.chatRef, effect.ticket, effect.rating, now);
        case 'reopen_report':
          return await followUp.reopen(turn.channel, turn.chatRef, effect.ticket, effect.reason, now);
      }
    } catch (err) {
      // The citizen's text stays out of the log: it may carry their NIK or number.
      logger.error({ err, chat: turn.channel, effect: effect.type, ticket: effect.ticket }, 'follow-up action failed');
      return { ok: false, reason: 'unavailable' };
    }
  }

  return {
    handleInbound(envelope) {
      return queue.run(chatId(envelope.channel, envelope.chatRef), () =>
        runTurn({
          channel: envelope.channel,
          chatRef: envelope.chatRef,
          messageId: envelope.messageId,
          senderPhone: envelope.senderPhone,
          message: envelope.message,
          mayRunUnlocked: true,
        }),
      );
    },

    handleReportUpdate(notice, updateId) {
      const { type: _type, channel, chatRef, ...update } = notice;
      return queue.run(chatId(channel, chatRef), () =>
        runTurn({
          channel,
          chatRef,
          // Namespaced so an update id can never equal a channel's message id.
          messageId: `update:${updateId}`,
          message: { type: 'report_update', update },
          leaveActivity: true,
        }),
      );
    },

    async sendIdleReminders(now = clock(), limit = 500) {
      const cutoff = now.getTime() - reminderAfterMs;
      const due = await redis.zrangebyscore(idleKey(redisPrefix), '-inf', cutoff, 'LIMIT', 0, limit);
      const runs = due.map(async (member): Promise<IdleReminder> => {
        const { channel, chatRef } = parseChatId(member);
        const replies = await queue.run(member, () =>
          runTurn({ channel, chatRef, messageId: '', message: { type: 'idle_reminder' }, idleCutoffMs: cutoff }),
        );
        return { channel, chatRef, replies };
      });
      return (await Promise.all(runs)).filter((r) => r.replies.length > 0);
    },

    drain: () => queue.drain(),
    stats: store.stats,
  };

  function parseState(json: string | null, id: string): ConversationState | null {
    if (json === null) return null;
    try {
      const parsed: unknown = JSON.parse(json);
      if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { version?: unknown }).version === 'number') {
        return parsed as ConversationState;
      }
    } catch {
      // fall through: a corrupt state starts a new conversation rather than wedging the chat
    }
    logger.warn({ chat: parseChatId(id).channel }, 'unreadable saved state; starting over');
    return null;
  }
}

function isFollowUp(effect: Effect): effect is FollowUpEffect {
  return effect.type === 'respond_to_opd' || effect.type === 'rate_report' || effect.type === 'reopen_report';
}

// Only for the runtime's own fallback texts; the engine keeps the language in its state.
function languageOf(state: ConversationState | null): Language {
  return state?.['language'] === 'en' || state?.['lang'] === 'en' ? 'en' : 'id';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
