import type { EventEmitter } from 'node:events';
import type WAWebJS from 'whatsapp-web.js';

/**
 * The part of whatsapp-web.js this channel uses, so tests can hand in a fake with the
 * same event and method surface (test-support/fake-client.ts) instead of a Chromium.
 */

/**
 * A whatsapp-web.js `Client` as far as the channel is concerned. Events listened to:
 * `qr` (string), `authenticated`, `auth_failure` (string), `ready`, `disconnected`
 * (a WAState or `"LOGOUT"`), `change_state` (a WAState) and `message` (a Message).
 */
export interface WhatsAppClientLike extends EventEmitter {
  initialize(): Promise<void>;
  /**
   * Sends text, or a file as `downloadMedia()` gave it (the library wants its own
   * `MessageMedia` instance, which is what that returns) with `options.caption`, to a
   * chat id (`6285211223344@c.us`). Resolves with the sent message; the library
   * resolves with nothing when it could not find the chat.
   */
  sendMessage(
    chatId: string,
    content: string | WhatsAppMedia,
    options?: { caption?: string },
  ): Promise<{ id: { _serialized: string } } | null | undefined>;
  /**
   * A message by its serialized id from WhatsApp Web's store (the page's memory, then
   * its local database); null when the linked device no longer has it.
   */
  getMessageById(messageId: string): Promise<WhatsAppMessageLike | null>;
  /** The connection state; null once the page is gone. */
  getState(): Promise<string | null>;
  destroy(): Promise<void>;
  logout(): Promise<void>;
}

/** A file as `Message.downloadMedia()` returns it (whatsapp-web.js `MessageMedia`). */
export type WhatsAppMedia = Pick<WAWebJS.MessageMedia, 'mimetype' | 'data' | 'filename' | 'filesize'>;

/**
 * An incoming whatsapp-web.js `Message`: its serialized fields (what the fixtures
 * hold) plus `downloadMedia`. `location` is typed loosely because the library types
 * latitude/longitude as strings while the page hands over numbers.
 */
export interface WhatsAppMessageLike
  extends Pick<WAWebJS.Message, 'from' | 'to' | 'body' | 'hasMedia' | 'timestamp' | 'isStatus' | 'fromMe'> {
  id: Pick<WAWebJS.MessageId, 'fromMe' | 'remote' | 'id' | '_serialized'>;
  /** A `MessageTypes` value: `chat`, `image`, `document`, `location`, `sticker`, `ptt`… */
  type: string;
  author?: string | undefined;
  broadcast?: boolean | undefined;
  location?: { latitude: number | string; longitude: number | string; description?: string | undefined } | undefined;
  /**
   * The raw WhatsApp Web message model the library keeps (`Message._data`, its
   * `rawData`), as far as it is read here. Typed loosely: it is WhatsApp's, not the
   * library's, and may change or be missing.
   */
  _data?:
    | {
        /**
         * A media message's file size in bytes, announced before any download (the
         * library's own `downloadMedia` passes this field on as `MessageMedia.filesize`).
         * Absent for text and possibly for media, so it is only ever a hint.
         */
        size?: number | undefined;
        /** The stanza id of the message this one quotes (the reply feature). */
        quotedStanzaID?: unknown;
        /** The quoted message's author: a serialized id, or a wid object. */
        quotedParticipant?: unknown;
      }
    | undefined;
  /** Absent in fixtures without media; the channel downloads before handing the message on. */
  downloadMedia?: (() => Promise<WhatsAppMedia | undefined>) | undefined;
}

/** The connection states whatsapp-web.js reports (its `WAState` enum). */
export const WA_STATES = {
  CONNECTED: 'CONNECTED',
  OPENING: 'OPENING',
  PAIRING: 'PAIRING',
  TIMEOUT: 'TIMEOUT',
  CONFLICT: 'CONFLICT',
  UNPAIRED: 'UNPAIRED',
  UNPAIRED_IDLE: 'UNPAIRED_IDLE',
  TOS_BLOCK: 'TOS_BLOCK',
  SMB_TOS_BLOCK: 'SMB_TOS_BLOCK',
  PROXYBLOCK: 'PROXYBLOCK',
  DEPRECATED_VERSION: 'DEPRECATED_VERSION',
  UNLAUNCHED: 'UNLAUNCHED',
} as const;
