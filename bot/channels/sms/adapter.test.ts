import { describe, expect, it } from 'vitest';
import { fitsOneSms } from '../../../conversations/sms/gsm7.js';
import { runInboundCases } from '../inbound-harness.js';
import { createSmsAdapter, type SmsInboundPayload } from './adapter.js';
import { smsSize } from './sms-text.js';

const adapter = createSmsAdapter();
const fixtures = new URL('./fixtures/', import.meta.url);
// Twilio posts form-encoded bodies; the fixture is the body exactly as posted.
const load = (raw: unknown): SmsInboundPayload =>
  typeof raw === 'string' ? Object.fromEntries(new URLSearchParams(raw)) : (raw as SmsInboundPayload);

describe('SMS adapter: inbound', () => {
  runInboundCases(adapter, {
    fixtures,
    load,
    rows: [
      {
        label: 'a Twilio form post starting with LAPOR, text passed unchanged',
        fixture: 'twilio-lapor.form',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'text', text: 'LAPOR mau tanya syarat bikin akta kelahiran anak di Balikpapan apa saja' },
        expectedEnvelope: { chatRef: '+6281377001122', senderPhone: '+6281377001122', messageId: 'SM6f1c0d2a9b8e4f3a2c1d0e9f8a7b6c5d' },
      },
      {
        label: 'a typed choice number, left for the engine',
        fixture: 'twilio-number.form',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'text', text: '1' },
      },
      {
        label: 'unicode and emoji kept as the citizen typed them',
        fixture: 'twilio-emoji.form',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'text', text: 'Jalan rusak parah 😡 depan SD “Harapan” – tolong' },
      },
      { label: 'an empty body', fixture: 'twilio-empty.form', expectedStatus: 'ignored', expectedReason: 'empty', expectedReply: null },
      {
        label: 'the JSON variant',
        fixture: 'json-text.json',
        expectedStatus: 'accepted',
        expectedMessage: { type: 'text', text: 'LAPOR lampu jalan mati di Jl. Jenderal Sudirman sejak seminggu' },
        expectedEnvelope: { chatRef: '+6281377001122', senderPhone: '+6281377001122', messageId: 'gw-20261120-000187' },
      },
      {
        label: 'a local 08… sender number, stored as E.164',
        fixture: 'json-local-number.json',
        expectedStatus: 'accepted',
        expectedEnvelope: { chatRef: '+6281377001122', senderPhone: '+6281377001122' },
      },
      { label: 'a JSON body without a sender', fixture: 'json-no-sender.json', expectedStatus: 'rejected', expectedReason: 'neither' },
      { label: 'an alphanumeric sender', fixture: 'json-not-a-number.json', expectedStatus: 'rejected', expectedReason: 'not a phone number' },
      { label: 'a delivery receipt posted to the wrong endpoint', fixture: 'json-status.json', expectedStatus: 'rejected' },
    ],
  });
});

describe('SMS adapter: rendering', () => {
  const render = (text: string, choices?: { value: string; label: string }[]) =>
    adapter.render('+6281377001122', [choices ? { text, choices } : { text }]);

  it('renders choices as numbered lines in one SMS', () => {
    const out = render('Lanjutkan?', [
      { value: 'yes', label: 'Ya' },
      { value: 'no', label: 'Tidak' },
    ]);
    expect(out).toEqual([{ channel: 'sms', chatRef: '+6281377001122', text: 'Lanjutkan?\n1. Ya\n2. Tidak' }]);
  });

  it('transliterates quotes, dashes and accents and strips emoji, so the SMS stays GSM-7', () => {
    const [message] = render('Judul: “Jalan rusak” – Pak Ramón (José) 👍🏽 terima kasih 🙏');
    expect(message?.text).toBe('Judul: "Jalan rusak" - Pak Ramon (José) terima kasih');
    expect(smsSize(message!.text).encoding).toBe('gsm7');
  });

  it('keeps a script GSM-7 cannot write rather than turning it into question marks', () => {
    const [message] = render('Nama: 王小明');
    expect(message?.text).toBe('Nama: 王小明');
    expect(smsSize(message!.text)).toEqual({ encoding: 'ucs2', units: 9, limit: 70 });
  });

  it('splits a long text at word boundaries into (i/n) parts that each fit one GSM-7 SMS', () => {
    const words = Array.from({ length: 60 }, (_, i) => `kata${i}`);
    const out = render(words.join(' '));
    expect(out.length).toBe(3);
    out.forEach((m, i) => {
      expect(m.text.startsWith(`(${i + 1}/3) `)).toBe(true);
      expect(fitsOneSms(m.text)).toBe(true);
    });
    // Nothing lost, nothing cut inside a word.
    expect(out.map((m) => m.text.replace(/^\(\d\/3\) /, '')).join(' ')).toBe(words.join(' '));
  });

  it('counts GSM-7 extension characters double when splitting', () => {
    const text = Array.from({ length: 40 }, () => '[x]').join(' ');
    const out = render(text);
    for (const m of out) expect(smsSize(m.text).units).toBeLessThanOrEqual(160);
    expect(out.length).toBeGreaterThan(1);
    expect(out.map((m) => m.text.replace(/^\(\d\/\d\) /, '')).join(' ')).toBe(text);
  });

  it('splits a UCS-2 text into parts of at most 70 characters', () => {
    const text = Array.from({ length: 30 }, () => '王小明').join(' ');
    const out = render(text);
    expect(out.length).toBe(2);
    for (const m of out) expect(smsSize(m.text)).toMatchObject({ encoding: 'ucs2' });
    for (const m of out) expect(m.text.length).toBeLessThanOrEqual(70);
  });

  it('widens the prefix when ten or more parts are needed', () => {
    const out = render('abcdefghij '.repeat(150).trim());
    expect(out.length).toBeGreaterThanOrEqual(10);
    expect(out[0]?.text.startsWith(`(1/${out.length}) `)).toBe(true);
    for (const m of out) expect(fitsOneSms(m.text)).toBe(true);
  });

  it('cuts a word longer than an SMS hard, without losing characters', () => {
    const url = `https://contoh.go.id/${'a'.repeat(300)}`;
    const out = render(url);
    for (const m of out) expect(fitsOneSms(m.text)).toBe(true);
    expect(out.map((m) => m.text.replace(/^\(\d\/\d\) /, '')).join('')).toBe(url);
  });

  it('sends nothing for a reply left empty after stripping emoji', () => {
    expect(render('🙏🙏')).toEqual([]);
  });
});
