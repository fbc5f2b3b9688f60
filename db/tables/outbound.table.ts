import type { ColumnType, Insertable, JSONColumnType, Selectable } from 'kysely';

/** Where an outbound message is: waiting, accepted by the channel, retrying, or given up. */
export type OutboundStatus = 'queued' | 'sent' | 'retrying' | 'failed';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/**
 * One message the bot sent or tried to send, keyed by its delivery id (the delivery
 * job's id). Written by bot/delivery when the message is queued and at each outcome.
 */
export interface OutboundMessagesTable {
  id: string;
  channel: string;
  /** The channel's chat id (Telegram chat id, `628…@c.us`, `+628…`). */
  chat_ref: string;
  /** The report the message belongs to, when it belongs to one. */
  ticket: string | null;
  text: string;
  /** Telegram inline-keyboard rows, as sent. */
  buttons: JSONColumnType<{ label: string; data: string }[][] | null, string | null | undefined, string | null>;
  /** The file sent with `text` as its caption, by the channel's reference (`{kind, fileRef}`). */
  media: JSONColumnType<{ kind: string; fileRef: string } | null, string | null | undefined, string | null>;
  status: ColumnType<OutboundStatus, OutboundStatus | undefined, OutboundStatus>;
  /** Channel calls made, including ones answered "too many requests". */
  attempts: ColumnType<number, number | undefined, number>;
  /** The channel's id for the accepted message; set means "never send again". */
  provider_message_id: string | null;
  /** The SendError kind of the last failure (`throttled`, `transient`, …). */
  last_error_kind: string | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
/** A stored outbound message. */
export type OutboundMessageRow = Selectable<OutboundMessagesTable>;
/** A new outbound message row. */
export type NewOutboundMessageRow = Insertable<OutboundMessagesTable>;
