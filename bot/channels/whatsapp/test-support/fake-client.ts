import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import type { WhatsAppClientLike, WhatsAppMedia, WhatsAppMessageLike } from '../client-surface.js';

/**
 * A stand-in for whatsapp-web.js's Client with the same events and methods; the test
 * plays WhatsApp by emitting `qr`, `ready`, `disconnected`… and `message`.
 */
export class FakeWhatsAppClient extends EventEmitter implements WhatsAppClientLike {
  initializeCalls = 0;
  destroyed = false;
  loggedOut = false;
  /** What `getState()` answers (null: the page is gone). */
  state: string | null = 'CONNECTED';
  /** Messages sent, in order; a file's `content` is its caption. */
  readonly sent: { chatId: string; content: string; media?: WhatsAppMedia }[] = [];
  /**
   * What `getMessageById` finds: every `message` emitted (WhatsApp Web keeps what it
   * received), plus whatever a test puts here.
   */
  readonly store = new Map<string, WhatsAppMessageLike>();
  /** Thrown by the next `sendMessage`. */
  sendError: Error | null = null;
  /** Thrown by `initialize`. */
  initializeError: Error | null = null;

  async initialize(): Promise<void> {
    this.initializeCalls += 1;
    if (this.initializeError) throw this.initializeError;
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'message') {
      const message = args[0] as WhatsAppMessageLike;
      this.store.set(message.id._serialized, message);
    }
    return super.emit(event, ...args);
  }

  async sendMessage(chatId: string, content: string | WhatsAppMedia, options: { caption?: string } = {}): Promise<{ id: { _serialized: string } }> {
    if (this.sendError) {
      const error = this.sendError;
      this.sendError = null;
      throw error;
    }
    if (typeof content === 'string') this.sent.push({ chatId, content });
    else this.sent.push({ chatId, content: options.caption ?? '', media: content });
    return { id: { _serialized: `true_${chatId}_3EB0F${String(this.sent.length).padStart(15, '0')}` } };
  }

  async getMessageById(messageId: string): Promise<WhatsAppMessageLike | null> {
    return this.store.get(messageId) ?? null;
  }

  async getState(): Promise<string | null> {
    return this.state;
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
  }

  async logout(): Promise<void> {
    this.loggedOut = true;
  }
}

/** A factory handing out fake clients, keeping each one for the test to drive. */
export function fakeClientFactory(): { create: () => FakeWhatsAppClient; clients: FakeWhatsAppClient[]; latest(): FakeWhatsAppClient } {
  const clients: FakeWhatsAppClient[] = [];
  return {
    clients,
    create: () => {
      const client = new FakeWhatsAppClient();
      clients.push(client);
      return client;
    },
    latest: () => {
      const client = clients.at(-1);
      if (!client) throw new Error('no client created yet');
      return client;
    },
  };
}

const fixtures = new URL('../fixtures/', import.meta.url);

/** A tiny file per media type, as `downloadMedia()` returns it. */
export const SAMPLE_MEDIA: Record<string, WhatsAppMedia> = {
  image: { mimetype: 'image/jpeg', data: Buffer.from('ffd8ffe000104a46494600', 'hex').toString('base64'), filename: null, filesize: 11 },
  document: { mimetype: 'application/pdf', data: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'), filename: 'surat_keterangan.pdf', filesize: 15 },
  video: { mimetype: 'video/mp4', data: Buffer.from('0000001866747970', 'hex').toString('base64'), filename: null, filesize: 8 },
  audio: { mimetype: 'audio/ogg; codecs=opus', data: Buffer.from('OggS').toString('base64'), filename: null, filesize: 4 },
  ptt: { mimetype: 'audio/ogg; codecs=opus', data: Buffer.from('OggS').toString('base64'), filename: null, filesize: 4 },
  sticker: { mimetype: 'image/webp', data: Buffer.from('RIFF').toString('base64'), filename: null, filesize: 4 },
};

/**
 * A fixture (a Message's serialized fields) made into a message object with
 * `downloadMedia`, as the library would emit it.
 */
export function messageFrom(raw: unknown): WhatsAppMessageLike {
  const fields = raw as WhatsAppMessageLike;
  const media = SAMPLE_MEDIA[fields.type];
  return { ...fields, downloadMedia: async () => (fields.hasMedia ? media : undefined) };
}

/** Reads `fixtures/<name>` as a message object. */
export function fixtureMessage(name: string, overrides: Partial<WhatsAppMessageLike> = {}): WhatsAppMessageLike {
  return { ...messageFrom(JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'))), ...overrides };
}

/** A text message from a chat, shaped like the `text.json` fixture, with its own id. */
export function textMessage(from: string, body: string, id: string): WhatsAppMessageLike {
  return fixtureMessage('text.json', {
    from,
    body,
    id: { fromMe: false, remote: from, id, _serialized: `false_${from}_${id}` },
  });
}
