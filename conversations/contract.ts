import type { Channel, Language, SubmittedReport } from '../worker/queues.js';

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
  /** Sent by the runtime, not the citizen: the session was idle for SESSION_REMINDER_HOURS. */
  | { type: 'idle_reminder' };

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
}

/** Work the engine asks the runtime to do; the engine itself never touches I/O. */
export type Effect =
  /** Add the confirmed report to the intake queue with its ticket as the job id. */
  | { type: 'submit_report'; report: SubmittedReport }
  /** Look the ticket up in the store and tell the citizen its status (only if it is theirs). */
  | { type: 'lookup_status'; ticket: string; language: Language }
  /** Forget this chat's session (after cancel). */
  | { type: 'end_session' };

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
}
