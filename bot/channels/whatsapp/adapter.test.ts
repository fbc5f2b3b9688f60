import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../conversations/contract.js';
import { catalogues } from '../../../conversations/messages/index.js';
import { renderNumbered } from '../../../conversations/sms/render.js';
import { runInboundCases } from '../inbound-harness.js';
import { createWhatsAppAdapter } from './adapter.js';
import type { WhatsAppMessageLike } from './client-surface.js';
import { neutralizeMarkup, WORD_JOINER } from './neutralize-markup.js';
import { FakeWhatsAppClient, fixtureMessage, messageFrom, textMessage } from './test-support/fake-client.js';
import { whatsAppStyles } from './test-support/whatsapp-markup.js';

/** A text message quoting another one, with the raw fields whatsapp-web.js sets (`hasQuotedMsg`, `_data`). */
function quoting(body: string, serializedId: string, quoted: Record<string, unknown>): WhatsAppMessageLike {
  const id = serializedId.split('_').at(-1)!;
  const message = textMessage('6285211223344@c.us', body, id);
  return { ...message, hasQuotedMsg: true, _data: { ...quoted, quotedMsg: { type: 'chat', body: '…' } } } as WhatsAppMessageLike;
}

const adapter = createWhatsAppAdapter();
const from = { chatRef: '6285211223344@c.us', senderPhone: '+6285211223344' };

describe('WhatsApp adapter: inbound', () => {
  runInboundCases(adapter, {
    fixtures: new URL('./fixtures/', import.meta.url),
    load: (raw) => messageFrom(raw),
    rows: [
      {
        label: 'a text message',
        fixture: 'text.json',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'text', text: 'halo, saya mau lapor' },
        expectedEnvelope: { ...from, messageId: 'false_6285211223344@c.us_3EB0C767D26A1D8C0F6E' },
      },
      { label: 'a typed choice number', fixture: 'text-number.json', expectedStatus: 'accepted', expectedMessage: { type: 'text', text: '1' } },
      {
        label: 'a photo with a caption',
        fixture: 'image.json',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'media', kind: 'photo', fileRef: 'false_6285211223344@c.us_3A7F2C9E1B5D4A8C6E0F', caption: 'Jalan berlubang depan Puskesmas' },
        expectedEnvelope: from,
      },
      {
        label: 'a document',
        fixture: 'document.json',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'media', kind: 'document', fileRef: 'false_6285211223344@c.us_3EB04F6A2D8C1E7B9A35', caption: 'Surat keterangan dari kelurahan' },
      },
      {
        label: 'a video',
        fixture: 'video.json',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'media', kind: 'video', fileRef: 'false_6285211223344@c.us_3EB0ABCDEF0123456789', caption: 'banjir di RT 03' },
      },
      { label: 'an audio file', fixture: 'audio.json', expectedStatus: 'accepted', expectedMessage: { type: 'media', kind: 'audio', fileRef: 'false_6285211223344@c.us_3EB0998877665544AABB' } },
      { label: 'a shared location', fixture: 'location.json', expectedStatus: 'accepted', expectedMessage: { type: 'location', latitude: -0.1656, longitude: 104.6253 } },
      { label: 'a sticker', fixture: 'sticker.json', expectedStatus: 'accepted', expectedMessage: { type: 'unsupported', what: 'sticker' } },
      { label: 'a voice note', fixture: 'voice.json', expectedStatus: 'accepted', expectedMessage: { type: 'unsupported', what: 'voice note' } },
      { label: 'a contact card', fixture: 'contact.json', expectedStatus: 'accepted', expectedMessage: { type: 'unsupported', what: 'contact card' } },
      {
        label: 'a privacy id chat (no number revealed)',
        fixture: 'lid.json',
        expectedStatus: 'accepted',
        expectedEnvelope: { chatRef: '187743251238912@lid', senderPhone: undefined },
      },
      { label: 'a group message', fixture: 'group.json', expectedStatus: 'ignored', expectedReason: 'group', expectedReply: null },
      { label: 'a status broadcast', fixture: 'status-broadcast.json', expectedStatus: 'ignored', expectedReason: 'status broadcast', expectedReply: null },
      { label: 'our own message', fixture: 'from-me.json', expectedStatus: 'ignored', expectedReason: 'our own', expectedReply: null },
      { label: 'a deleted message', fixture: 'revoked.json', expectedStatus: 'ignored', expectedReason: 'revoked' },
      {
        label: 'a reply quoting a bot message',
        fixture: {
          inline: quoting('Baik, kami tindak lanjuti.', 'false_6285211223344@c.us_3EB0AA11', {
            quotedStanzaID: '3EB0F000000000000000001',
            quotedParticipant: { server: 'c.us', user: '6281100001708', _serialized: '6281100001708@c.us' },
          }),
        },
        expectedStatus: 'accepted',
        expectedMessage: { type: 'text', text: 'Baik, kami tindak lanjuti.' },
        // What the sender recorded for that message: FakeWhatsAppClient.sendMessage's id.
        expectedEnvelope: { ...from, replyToMessageId: 'true_6285211223344@c.us_3EB0F000000000000000001' },
      },
      {
        label: 'a reply quoting the sender\'s own earlier message',
        fixture: {
          inline: quoting('ini tambahannya', 'false_6285211223344@c.us_3EB0AA12', {
            quotedStanzaID: '3EB0C767D26A1D8C0F6E',
            quotedParticipant: '6285211223344@c.us',
          }),
        },
        expectedStatus: 'accepted',
        expectedEnvelope: { replyToMessageId: 'false_6285211223344@c.us_3EB0C767D26A1D8C0F6E' },
      },
    ],
  });

  it('leaves replyToMessageId unset without a quote', () => {
    const plain = adapter.parseInbound(fixtureMessage('text.json'), new Date());
    expect(plain.status === 'accepted' && 'replyToMessageId' in plain.envelope).toBe(false);
    // hasQuotedMsg without the raw stanza id (a library change): no guess.
    const bare = adapter.parseInbound({ ...fixtureMessage('text.json'), hasQuotedMsg: true } as WhatsAppMessageLike, new Date());
    expect(bare.status).toBe('accepted');
    expect(bare.status === 'accepted' && bare.envelope.replyToMessageId).toBeUndefined();
  });

  it('a quote of a bot message matches the id the sender recorded for it', async () => {
    const client = new FakeWhatsAppClient();
    const sent = await client.sendMessage('6285211223344@c.us', 'Laporan baru LPR-7K3QX9M');
    const stanza = sent.id._serialized.split('_').at(-1)!;
    const outcome = adapter.parseInbound(
      quoting('oke', 'false_6285211223344@c.us_3EB0AA13', { quotedStanzaID: stanza, quotedParticipant: '6281100001708@c.us' }),
      new Date(),
    );
    expect(outcome.status === 'accepted' && outcome.envelope.replyToMessageId).toBe(sent.id._serialized);
  });
});

describe('WhatsApp adapter: rendering', () => {
  it('renders choices as a numbered list under the text, one message per reply', () => {
    const out = adapter.render('6285211223344@c.us', [
      { text: 'NIK belum benar.' },
      { text: 'Identitas Anda?', choices: [{ value: 'anonim', label: 'Anonim' }, { value: 'rahasia', label: 'Rahasia' }] },
    ]);
    expect(out).toEqual([
      { channel: 'whatsapp', chatRef: '6285211223344@c.us', text: 'NIK belum benar.' },
      { channel: 'whatsapp', chatRef: '6285211223344@c.us', text: 'Identitas Anda?\n1. Anonim\n2. Rahasia' },
    ]);
  });

  it('keeps emoji and long texts whole (WhatsApp is not SMS)', () => {
    const text = `Terima kasih 🙏 ${'kata '.repeat(200)}`.trim();
    expect(adapter.render('6285211223344@c.us', [{ text }])).toEqual([{ channel: 'whatsapp', chatRef: '6285211223344@c.us', text }]);
  });
});

describe('WhatsApp adapter: markup in echoed text', () => {
  const chat = '6285211223344@c.us';
  const sent = (replies: Reply[]) => adapter.render(chat, replies).map((m) => m.text);
  const visible = (text: string) => text.replaceAll(WORD_JOINER, '');

  const hostile = [
    '*tebal*',
    '_miring_',
    '~coret~',
    '```kode```',
    '`x`',
    '> kutipan',
    '- butir satu\n- butir dua',
    '* butir',
    '**dobel** dan ***tiga***',
    '*_tebal miring_*',
    'Judul: *URGENT* tolong _segera_ ~kemarin~',
    '🔥*PENTING*🔥 😡_marah_😡',
    'مرحبا *عاجل* _جدا_',
    'שלום ~עולם~ `קוד`',
    'baris satu\n> kutipan\n```\nSELECT * FROM laporan;\n```',
    '  > kutipan menjorok',
    '*️⃣ *bintang*',
    '<b>*tebal*</b> [tautan](http://x.id) _a_@x',
  ];

  it.each(hostile)('sends %j so that WhatsApp formats nothing, and it reads exactly as written', (text) => {
    expect(whatsAppStyles(text), 'the input should be formatted by WhatsApp as it stands').not.toEqual([]);
    const [out] = sent([{ text }]);
    expect(whatsAppStyles(out!)).toEqual([]);
    expect(visible(out!)).toBe(text);
    expect(neutralizeMarkup(out!)).toBe(out);
  });

  it.each([
    '2*3 = 6 dan 5 * 3 = 15',
    'Email: budi_santoso@mail.com, RT_05/RW_02',
    'https://lapor.go.id/laporan/LPR-7K3QX9M?ref=wa_bot&x=~y https://x.id/~budi/_next/ www.x.id/_a_',
    'Jl. Sudirman No. 5-7, suhu > 30 derajat, Jum`at pagi, a - b',
    'Terima kasih 🙏 مرحبا שלום',
    'Identitas Anda?\n1. Anonim\n2. Rahasia',
  ])('leaves ordinary text %j exactly as it is', (text) => {
    expect(sent([{ text }])).toEqual([text]);
  });

  it('keeps the keycap emoji whole', () => {
    const [out] = sent([{ text: 'Tekan *️⃣ lalu *bintang*' }]);
    expect(out).toContain('*\uFE0F\u20E3');
  });

  it('neutralizes what a summary echoes but keeps the numbered choices as lines', () => {
    const summary: Reply = {
      text: 'Ringkasan laporan Anda:\nNama: *Budi*\nJudul: _Jalan rusak_\nCerita: baris satu\n> dikutip\n- butir\n\nKirim laporan ini?',
      choices: [{ value: 'send', label: 'Kirim' }, { value: 'edit', label: 'Ubah' }],
    };
    const before = structuredClone(summary);
    const [out] = sent([summary]);
    expect(whatsAppStyles(out!)).toEqual([]);
    expect(visible(out!)).toBe(renderNumbered(summary));
    expect(out).toMatch(/\n1\. Kirim\n2\. Ubah$/);
    // Rendering is for sending only: the reply (and what it echoes) is not touched.
    expect(summary).toEqual(before);
  });

  it('stores what the citizen typed as typed', () => {
    const outcome = adapter.parseInbound(textMessage(chat, '*URGENT* _x_ > y', '3EB0AA14'), new Date());
    expect(outcome.status === 'accepted' && outcome.envelope.message).toEqual({ type: 'text', text: '*URGENT* _x_ > y' });
  });

  // The whole text is neutralized, catalogue included: right only while the catalogue
  // never means WhatsApp markup. The officer signature "- name" is the one line WhatsApp
  // would have shown as a bullet.
  it('finds no intended markup in the catalogues', () => {
    for (const catalogue of Object.values(catalogues)) {
      expect(textsChangedByNeutralizing(catalogue)).toEqual(['followUp.signature']);
    }
  });
});

function textsChangedByNeutralizing(entry: unknown, path = ''): string[] {
  const text = typeof entry === 'function' ? (entry as (...args: string[]) => unknown)(...Array<string>(entry.length).fill('Budi')) : entry;
  if (typeof text === 'string') return neutralizeMarkup(text) === text ? [] : [path];
  if (text === null || typeof text !== 'object') return [];
  return Object.entries(text).flatMap(([key, value]) => textsChangedByNeutralizing(value, path ? `${path}.${key}` : key));
}
