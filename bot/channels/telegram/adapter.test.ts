import type { Update } from 'telegraf/types';
import { describe, expect, it } from 'vitest';
import { readFixture, runInboundCases } from '../inbound-harness.js';
import { CALLBACK_DATA_MAX_BYTES, TelegramRenderError, createTelegramAdapter, replyChatOf, splitText } from './adapter.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const budi = { chatRef: '5012345678' };

describe('telegram adapter: inbound', () => {
  runInboundCases(createTelegramAdapter(), {
    fixtures,
    rows: [
      {
        label: 'plain text, markup characters kept as typed',
        fixture: 'text.json',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'text', text: 'Jalan di depan SD 005 berlubang *besar* <b>sekali</b>' },
        expectedEnvelope: { ...budi, messageId: '730118201' },
      },
      {
        label: '/start with its bot_command entity',
        fixture: 'command-start.json',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'text', text: '/start' },
        expectedEnvelope: { ...budi, messageId: '730118200' },
      },
      {
        label: '/start@LaporPengaduanBot picked from the menu',
        fixture: 'command-start-from-menu.json',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'text', text: '/start' },
      },
      {
        label: '/status with a ticket',
        fixture: 'command-status.json',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'text', text: '/status LPR-7K3QX9M' },
      },
      {
        label: 'a button press (callback_query)',
        fixture: 'callback-query.json',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'choice', value: 'pengaduan' },
        expectedEnvelope: { ...budi, messageId: '730118202' },
      },
      {
        label: 'a shared location',
        fixture: 'location.json',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'location', latitude: 1.040583, longitude: 104.054031 },
      },
      {
        label: 'a venue, read as its location',
        fixture: 'venue.json',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'location', latitude: 1.045021, longitude: 104.050233 },
      },
      {
        label: 'a photo, keeping the largest size (listed before a smaller one)',
        fixture: 'photo.json',
        expectedStatus: 'accepted',
        expectedMessage: {
          type: 'media',
          kind: 'photo',
          fileRef: 'AgACAgUAAxkBAAIBn2d1a0s1mAABHx9vZl8AAW0qX3Zx-wACsrwxG3pYsFUhQ0p0AAEAAwIAA3kAAzYE',
          mimeType: 'image/jpeg',
          sizeBytes: 119874,
          caption: 'Lubang di depan sekolah',
        },
      },
      {
        label: 'a document',
        fixture: 'document.json',
        expectedStatus: 'accepted',
        expectedMessage: {
          type: 'media',
          kind: 'document',
          fileRef: 'BQACAgUAAxkBAAIBoGd1a1QxYl2Lr0m5Yp8vZcP6b8w8AAKxEgAC1nCwVbk9Z1x8qJ4tNgQ',
          mimeType: 'application/pdf',
          sizeBytes: 48213,
          caption: undefined,
        },
      },
      {
        label: 'a sticker as unsupported',
        fixture: 'sticker.json',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'unsupported', what: 'sticker' },
      },
      {
        label: 'a voice note as unsupported',
        fixture: 'voice.json',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'unsupported', what: 'voice' },
      },
      {
        label: 'a GIF (which carries a document too) as unsupported',
        fixture: 'animation.json',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'unsupported', what: 'animation' },
      },
      {
        label: 'an edited message, ignored with a polite reply',
        fixture: 'edited-message.json',
        expectedStatus: 'ignored',
        expectedReason: 'edited',
        expectedReply: /pesan yang diedit tidak diproses.*kirim pesan baru/i,
      },
      {
        label: 'an edited message from an English-speaking phone',
        fixture: 'edited-message-english.json',
        expectedStatus: 'ignored',
        expectedReply: 'edited messages are not processed',
      },
      {
        label: 'a group chat, ignored without a word',
        fixture: 'group-text.json',
        expectedStatus: 'ignored',
        expectedReason: 'supergroup',
        expectedReply: null,
      },
      {
        label: 'a message from a bot',
        fixture: 'bot-sender.json',
        expectedStatus: 'ignored',
        expectedReason: 'bot',
        expectedReply: null,
      },
      {
        label: 'the citizen blocking the bot (my_chat_member)',
        fixture: 'my-chat-member-blocked.json',
        expectedStatus: 'ignored',
        expectedReason: 'my_chat_member',
        expectedReply: null,
      },
      {
        label: 'a channel post',
        fixture: 'channel-post.json',
        expectedStatus: 'ignored',
        expectedReply: null,
      },
      {
        label: 'a body that is not an update',
        fixture: 'not-an-update.json',
        expectedStatus: 'rejected',
        expectedReason: 'update_id',
      },
      {
        label: 'a callback query in a group',
        fixture: {
          inline: {
            update_id: 730118213,
            callback_query: {
              id: '2152640771183915650',
              from: { id: 5012345678, is_bot: false, first_name: 'Budi' },
              message: {
                message_id: 2232,
                date: 1795158400,
                chat: { id: -1001876543210, title: 'Warga RT 05', type: 'supergroup' },
                text: 'Pilih',
              },
              chat_instance: '-6420417390120911432',
              data: 'pengaduan',
            },
          } as unknown as Update,
        },
        expectedStatus: 'ignored',
        expectedReason: 'supergroup',
      },
      {
        label: 'a reply to a bot message (an officer answering a notification)',
        fixture: {
          inline: {
            update_id: 730118214,
            message: {
              message_id: 2240,
              from: { id: 5012345678, is_bot: false, first_name: 'Budi' },
              chat: { id: 5012345678, first_name: 'Budi', type: 'private' },
              date: 1795158500,
              text: 'Baik, kami tindak lanjuti hari ini.',
              reply_to_message: {
                message_id: 2231,
                from: { id: 7000000001, is_bot: true, first_name: 'LAPOR!' },
                chat: { id: 5012345678, first_name: 'Budi', type: 'private' },
                date: 1795158400,
                text: 'Laporan baru LPR-7K3QX9M untuk unit Anda',
              },
            },
          } as unknown as Update,
        },
        expectedStatus: 'accepted',
        expectedMessage: { type: 'text', text: 'Baik, kami tindak lanjuti hari ini.' },
        expectedEnvelope: { ...budi, messageId: '730118214', replyToMessageId: '2231' },
      },
      {
        label: 'a photo sent as a reply keeps its own content',
        fixture: {
          inline: {
            update_id: 730118215,
            message: {
              message_id: 2241,
              from: { id: 5012345678, is_bot: false, first_name: 'Budi' },
              chat: { id: 5012345678, first_name: 'Budi', type: 'private' },
              date: 1795158600,
              photo: [{ file_id: 'AgACAgUAAxkBAAIC', file_unique_id: 'AQAD', file_size: 1200, width: 90, height: 90 }],
              reply_to_message: { message_id: 2231, chat: { id: 5012345678, type: 'private' }, date: 1795158400, text: 'x' },
            },
          } as unknown as Update,
        },
        expectedStatus: 'accepted',
        expectedMessage: { type: 'media', kind: 'photo', fileRef: 'AgACAgUAAxkBAAIC', mimeType: 'image/jpeg', sizeBytes: 1200, caption: undefined },
        expectedEnvelope: { replyToMessageId: '2231' },
      },
    ],
  });

  it('leaves replyToMessageId unset for a message that answers nothing', () => {
    const outcome = createTelegramAdapter().parseInbound(readFixture(fixtures, 'text.json') as Update, new Date());
    expect(outcome.status === 'accepted' && 'replyToMessageId' in outcome.envelope).toBe(false);
  });

  it('names the chat to answer for messages, button presses and edits only', () => {
    const load = (name: string) => readFixture(fixtures, name) as Update;
    expect(replyChatOf(load('callback-query.json'))).toBe('5012345678');
    expect(replyChatOf(load('edited-message.json'))).toBe('5012345678');
    expect(replyChatOf(load('group-text.json'))).toBeUndefined();
    expect(replyChatOf(load('my-chat-member-blocked.json'))).toBeUndefined();
  });
});

describe('telegram adapter: render', () => {
  const adapter = createTelegramAdapter();

  it('renders choices as inline keyboard buttons carrying the choice values', () => {
    const [message, ...rest] = adapter.render('5012345678', [
      {
        text: 'Apa jenis laporan Anda?',
        choices: [
          { value: 'pengaduan', label: 'Pengaduan' },
          { value: 'aspirasi', label: 'Aspirasi' },
          { value: 'permintaan_informasi', label: 'Permintaan informasi' },
        ],
      },
    ]);
    expect(rest).toEqual([]);
    expect(message).toEqual({
      channel: 'telegram',
      chatRef: '5012345678',
      text: 'Apa jenis laporan Anda?',
      // A long label puts every button on its own row, readable on a small phone.
      buttons: [
        [{ label: 'Pengaduan', data: 'pengaduan' }],
        [{ label: 'Aspirasi', data: 'aspirasi' }],
        [{ label: 'Permintaan informasi', data: 'permintaan_informasi' }],
      ],
    });
  });

  it('puts short labels two to a row', () => {
    const [message] = adapter.render('1', [
      { text: 'Kirim?', choices: ['Kirim', 'Ubah', 'Batal'].map((l) => ({ value: l.toLowerCase(), label: l })) },
    ]);
    expect(message?.buttons).toEqual([
      [
        { label: 'Kirim', data: 'kirim' },
        { label: 'Ubah', data: 'ubah' },
      ],
      [{ label: 'Batal', data: 'batal' }],
    ]);
  });

  it('keeps several replies in order, as separate messages', () => {
    const messages = adapter.render('1', [{ text: 'Terima kasih.' }, { text: 'Nomor tiket: LPR-7K3QX9M' }]);
    expect(messages.map((m) => m.text)).toEqual(['Terima kasih.', 'Nomor tiket: LPR-7K3QX9M']);
    expect(messages.every((m) => m.buttons === undefined)).toBe(true);
  });

  it('accepts callback_data of exactly 64 bytes and refuses 65', () => {
    const ok = 'a'.repeat(CALLBACK_DATA_MAX_BYTES);
    expect(adapter.render('1', [{ text: 'x', choices: [{ value: ok, label: 'ok' }] }])[0]?.buttons).toEqual([
      [{ label: 'ok', data: ok }],
    ]);
    // Bytes, not characters: 22 × "é" (2 bytes each) + 21 ASCII = 65 bytes in 43 characters.
    const tooLong = 'é'.repeat(22) + 'a'.repeat(21);
    expect(() => adapter.render('1', [{ text: 'x', choices: [{ value: tooLong, label: 'no' }] }])).toThrow(
      TelegramRenderError,
    );
    expect(() => adapter.render('1', [{ text: 'x', choices: [{ value: '', label: 'empty' }] }])).toThrow(/1-64/);
  });

  it('splits a long text at word boundaries into parts of at most 4,096, buttons under the last', () => {
    const words = Array.from({ length: 1500 }, (_, i) => `kata${i}`);
    const text = words.join(' ');
    const messages = adapter.render('1', [{ text, choices: [{ value: 'ok', label: 'OK' }] }]);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(m.text.length).toBeLessThanOrEqual(4096);
    // No word cut in two: the parts hold exactly the words, in order.
    expect(messages.flatMap((m) => m.text.split(' '))).toEqual(words);
    expect(messages.slice(0, -1).every((m) => m.buttons === undefined)).toBe(true);
    expect(messages.at(-1)?.buttons).toEqual([[{ label: 'OK', data: 'ok' }]]);
  });

  it('prefers a line break, cuts a giant word hard but never inside an emoji', () => {
    expect(splitText('aaaa bbbb\ncccc dddd', 12)).toEqual(['aaaa bbbb', 'cccc dddd']);
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    const emoji = '😀'.repeat(6); // 12 UTF-16 code units
    const parts = splitText(`a${emoji}`, 6);
    expect(parts.join('')).toBe(`a${emoji}`);
    for (const part of parts) expect(part).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    expect(splitText('   ', 10)).toEqual([]);
  });

  it('drops an empty reply but keeps buttons that need a message to hang under', () => {
    expect(adapter.render('1', [{ text: '  ' }])).toEqual([]);
    expect(adapter.render('1', [{ text: '', choices: [{ value: 'ya', label: 'Ya' }] }])[0]?.text).toBe('…');
  });
});
