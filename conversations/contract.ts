import type { Channel, Language, Notification, OutboundMedia, SubmittedReport } from '../worker/queues.js';

/**
 * The contract between the pure conversation engine (this folder) and the bot
 * runtime that carries out its effects (`bot/runtime/`). Channels turn their own
 * payloads into an {@link InboundMessage} and render {@link Reply} values their way.
 */

/** One message from a citizen, whatever channel it came through. */
export type InboundMessage =
  | { type: 'text'; text: string }
  /** A button press (Telegram) — `value` is the {@link Choice.value} that was offered. */
  | { type: 'choice'; value: string }
  | { type: 'location'; latitude: number; longitude: number }
  | {
      type: 'media';
      kind: 'photo' | 'document' | 'video' | 'audio';
      /** The channel's id for the file; the runtime downloads it later. */
      fileRef: string;
      mimeType?: string | undefined;
      sizeBytes?: number | undefined;
      caption?: string | undefined;
    }
  /** Something the engine cannot read: a sticker, a voice note, a contact card… */
  | { type: 'unsupported'; what: string }
  /**
   * A file the channel refused before storing it: over `maxBytes`, the most it can
   * fetch and send on (WhatsApp: 16 MiB). The engine says so and asks its question
   * again; nothing is stored and the step stays.
   * @example { type: 'media_too_large', kind: 'document', maxBytes: 16777216 }
   */
  | { type: 'media_too_large'; kind: 'photo' | 'document' | 'video' | 'audio'; maxBytes: number }
  /** Sent by the runtime, not the citizen: the session was idle for SESSION_REMINDER_HOURS. */
  | { type: 'idle_reminder' }
  /**
   * Sent by the runtime, not the citizen: news about one of the citizen's reports (a
   * lifecycle `status_changed` notice). The engine words it and remembers the ticket,
   * so the citizen's next free text can answer the OPD.
   */
  | { type: 'report_update'; update: ReportUpdate };

/** A notifications-queue `status_changed` notice. */
export type StatusChangedNotice = Extract<Notification, { type: 'status_changed' }>;

/** What the engine needs of a {@link StatusChangedNotice}: the chat is the runtime's business. */
export type ReportUpdate = Omit<StatusChangedNotice, 'type' | 'channel' | 'chatRef'>;

/** What the runtime knows about a message besides its content. */
export interface InboundEnvelope {
  channel: Channel;
  /** The channel's id of the chat (Telegram chat id, `628…@c.us`, `+628…`). */
  chatRef: string;
  /** The channel's id of this message (`update_id`, WhatsApp id, `MessageSid`), for de-duplication. */
  messageId: string;
  /** The number the citizen writes from, when the channel reveals it (WhatsApp, SMS), E.164. */
  senderPhone?: string | undefined;
  receivedAt: Date;
  message: InboundMessage;
  /**
   * The channel's id of the bot message this one answers (Telegram `reply_to_message`,
   * a quoted WhatsApp message), when the sender used the reply feature.
   */
  replyToMessageId?: string | undefined;
}

/** One option offered with a reply: a button on Telegram, a numbered line on WhatsApp and SMS. */
export interface Choice {
  /** Stable machine value, at most 40 ASCII bytes (it travels in Telegram's 64-byte callback_data). */
  value: string;
  /** What the citizen reads. */
  label: string;
}

/** A channel-neutral reply: plain text (never markup) plus optional choices. */
export interface Reply {
  text: string;
  choices?: Choice[];
  /**
   * A file the channel already holds, re-sent by reference with `text` as its caption
   * (only the officer desk sends one: a report's attachment). Channels that cannot
   * send files render the text alone.
   */
  media?: OutboundMedia | undefined;
}

/** Work the engine asks the runtime to do; the engine itself never touches I/O. */
export type Effect =
  /** Add the confirmed report to the intake queue with its ticket as the job id. */
  | { type: 'submit_report'; report: SubmittedReport }
  /** Look the ticket up in the store and tell the citizen its status (only if it is theirs). */
  | { type: 'lookup_status'; ticket: string; language: Language }
  /** Forget this chat's session (after cancel). */
  | { type: 'end_session' }
  | FollowUpEffect;

/**
 * A citizen's action on a report already in the store, carried out by the runtime as
 * that citizen (the store checks the report is theirs); the runtime then sends
 * {@link ConversationEngine.renderFollowUp} of the outcome.
 */
export type FollowUpEffect =
  /** Relay the citizen's text to the unit handling the report. */
  | { type: 'respond_to_opd'; ticket: string; text: string; language: Language }
  /** Rate the resolution, 1 (poor) … 5 (very good). */
  | { type: 'rate_report'; ticket: string; rating: number; language: Language }
  /** Reopen a resolved report (once), with the citizen's reason. */
  | { type: 'reopen_report'; ticket: string; reason: string; language: Language };

/**
 * Why a follow-up action was refused, in the citizen's terms. A ticket that is not the
 * citizen's reads exactly like one that does not exist (`not_found`).
 */
export type FollowUpRefusal =
  | 'not_found'
  /** A message to a report that is finished (resolved, closed, declined, passed on). */
  | 'not_open'
  /** Rating or reopening before the report was resolved. */
  | 'not_resolved'
  | 'already_rated'
  | 'already_reopened'
  /** Empty or over-long text, a rating outside 1–5. */
  | 'invalid'
  /** The store could not be reached; nothing happened. */
  | 'unavailable';

/** What a follow-up action came to, for {@link ConversationEngine.renderFollowUp}. */
export type FollowUpOutcome =
  /** Done; `opdName` is the unit that now has the report or the message, when known. */
  | { ok: true; opdName: string | null }
  | { ok: false; reason: FollowUpRefusal };

/**
 * Saved conversation state: plain JSON with the version of the flow that wrote it.
 * The engine migrates or politely restarts a state whose version it does not know.
 */
export interface ConversationState {
  version: number;
  [key: string]: unknown;
}

/** The read-only world the engine may consult: no I/O, only data and a clock. */
export interface EngineContext {
  now: Date;
  channel: Channel;
  chatRef: string;
  senderPhone?: string | undefined;
  /** Returns a fresh ticket (unique across processes, made without a database round trip). */
  newTicket: () => string;
}

/** What one step of the engine returns. */
export interface EngineResult {
  /** The state to save; null means the session is over and can be deleted. */
  state: ConversationState | null;
  replies: Reply[];
  effects: Effect[];
}

/** What a status lookup found, for {@link ConversationEngine.renderStatus}. */
export interface TicketStatusView {
  ticket: string;
  /** A `reports.status` value, e.g. `submitted`, `disposed`, `answered`. */
  status: string;
  /** The OPD handling it, when one is assigned. */
  opdName: string | null;
  submittedAt: Date;
  /** When the current stage is due, if it has a deadline. */
  dueAt: Date | null;
}

/** The engine as the runtime sees it. Pure: same inputs, same outputs. */
export interface ConversationEngine {
  /** The flow version this engine writes into {@link ConversationState.version}. */
  readonly version: number;
  /** Handles one inbound message (state null: a new conversation). */
  handle(state: ConversationState | null, message: InboundMessage, ctx: EngineContext): EngineResult;
  /** The reply to a lookup_status effect; null `found` means "no such ticket of yours". */
  renderStatus(language: 'id' | 'en', found: TicketStatusView | null): Reply;
  /** The reply to a follow-up effect (respond, rate, reopen) once the runtime carried it out. */
  renderFollowUp(language: 'id' | 'en', effect: FollowUpEffect, outcome: FollowUpOutcome): Reply;
}
