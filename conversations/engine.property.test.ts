import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../worker/queues.js';
import { parseCommand } from './commands.js';
import type { ConversationState, InboundMessage } from './contract.js';
import { cleanText, utf8Length } from './parse/text.js';
import { fitsOneSms } from './sms/gsm7.js';
import { renderNumbered } from './sms/render.js';
import type { Answers, EngineState, Field } from './state.js';
import { TestChat, testContext, testEngine } from './testing/harness.js';

/**
 * Random messages at every step: the engine never throws, always replies, never
 * loses an answer it was not asked to change, and keeps the saved state small.
 */

const engine = testEngine();
const STATE_LIMIT = 2048;

const HAPPY_PATH = [
  '/start', 'setuju', 'pengaduan', 'Budi Santoso', '2171070512900003', '0812-6677-8899', 'biasa', 'kepri', 'batam',
  'sei beduk', 'tanjung piayu', 'Jalan di depan SD Negeri 005 berlubang besar sejak tiga bulan.', 'infrastruktur',
  'Jalan berlubang di depan SD 005', '2 hari lalu', 'Jl. Raya Tanjung Piayu', 'selesai', 'ubah', 'kecamatan', 'kembali', 'batal',
];
const EXTRACTING_FIRST = 'Nama saya Budi Santoso NIK 2171070512900003 HP 081266778899, tinggal di kelurahan Tanjung Piayu kec. Sei Beduk kota Batam. Lampu jalan di Jl. Raya Tanjung Piayu mati sejak kemarin.';

/** Every state a scripted conversation passes through, per channel: a seed at each step. */
function seeds(): { channel: Channel; state: ConversationState }[] {
  const out: { channel: Channel; state: ConversationState }[] = [];
  for (const channel of ['telegram', 'whatsapp', 'sms'] as const) {
    for (const script of [HAPPY_PATH, [EXTRACTING_FIRST, 'ya'], ['halo', 'ya', 'ulang'], ['halo', 'ya', 'aspirasi', 'Dewi', '1704015503920004', '+62 823 1100 2200', '2', 'jawa']]) {
      const chat = new TestChat(engine, testContext({ channel, senderPhone: '+6285211223344' }));
      for (const text of script) {
        chat.send(text);
        if (chat.state) out.push({ channel, state: chat.state });
      }
    }
  }
  return out;
}
const TICKETS = ['LPR-1TK2HK6', 'LPR-2BTMEW3'];

/** Follow-up seeds: a session that only remembers a report (with each flag), and intakes beside one. */
function followUpSeeds(): { channel: Channel; state: ConversationState }[] {
  const out: { channel: Channel; state: ConversationState }[] = [];
  const flags = [{}, { s: 'answered' }, { s: 'resolved', r: true }, { s: 'resolved', r: true, b: true }];
  for (const channel of ['telegram', 'whatsapp', 'sms'] as const) {
    for (const lang of ['id', 'en'] as const) {
      for (const f of flags) out.push({ channel, state: { version: 1, step: 'follow_up', lang, a: {}, tries: 0, f: { t: TICKETS[0], ...f } } });
    }
    for (const seed of SEEDS.filter((x) => x.channel === channel).slice(0, 12)) {
      out.push({ channel, state: { ...seed.state, f: { t: TICKETS[1], s: 'resolved', r: true } } });
    }
  }
  return out;
}

const SEEDS = seeds();
const FOLLOW_UP_SEEDS = followUpSeeds();

const WORDS = [
  'ya', 'tidak', '1', '2', '3', '13', '0', 'kirim', 'ubah', 'ubah kecamatan', 'change district', 'kembali', 'batal', 'ulang', 'lewati',
  'selesai', 'english', 'bahasa indonesia', 'bantuan', '?', 'status LPR-1TK2HK6', 'LPR-1TK2HK7', 'kepri', 'batam', 'bekasi', 'jawa',
  'sei beduk', 'tanjung piayu', '2171070512900003', '2104023208850001', '0812-6677-8899', '021 555', 'kemarin', 'besok',
  '31/2/2020', 'infrastruktur', 'anonim', 'pakai nomor ini', '/start', 'tidak ada', '',
  '4', '5', '6', 'sangat baik', 'buka', 'buka lagi karena rusak lagi', 'reopen', '/buka', '/nilai 5', '/nilai LPR-1TK2HK6 9',
  'nilai LPR-1TK2HK6 3', 'balas', '/balas', '/balas@LaporBot LPR-2BTMEW3 terima kasih', 'reply LPR-1TK2HK7 x', 'lapor',
  'LAPOR jalan rusak di depan SD 005', 'halo', 'hello', 'report', 'terima kasih',
];

const hostile = fc.string({
  unit: fc.constantFrom('\u200b', '\u202e', '\u2066', '\u0000', '\u0007', '\n', '\r', '\t', '😊', '🏝️', 'ا', 'ب', '<', '>', '*', '_', '`', "'", ';', '-', 'a', 'Z', '1', ' ', '€', '\ud800', 'é', '\u0301'),
  maxLength: 60,
});

const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 2, arbitrary: hostile },
  { weight: 1, arbitrary: fc.integer({ min: 3900, max: 5200 }).map((n) => 'Jalan rusak '.repeat(Math.ceil(n / 12)).slice(0, n)) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9 .-]{10,24}$/) },
);

const message: fc.Arbitrary<InboundMessage> = fc.oneof(
  { weight: 6, arbitrary: text.map((t) => ({ type: 'text' as const, text: t })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.constantFrom('yes', 'no', 'send', 'edit', 'cancel', 'sender', 'home', 'done', 'today', 'unknown', '21', '21.71', '32.75', 'pengaduan', 'kesehatan', 'normal', 'district'), fc.string({ maxLength: 80 }))
      .map((value) => ({ type: 'choice' as const, value })),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('location' as const), latitude: fc.double(), longitude: fc.double() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('media' as const),
      kind: fc.constantFrom('photo' as const, 'document' as const, 'video' as const, 'audio' as const),
      fileRef: fc.oneof(fc.string({ maxLength: 200 }), fc.stringMatching(/^[A-Za-z0-9_-]{20,130}$/)),
      mimeType: fc.option(fc.oneof(fc.constantFrom('image/jpeg', 'application/pdf'), fc.string({ maxLength: 80 })), { nil: undefined }),
      sizeBytes: fc.option(fc.oneof(fc.integer(), fc.double()), { nil: undefined }),
      caption: fc.option(text, { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('unsupported' as const), what: fc.string({ maxLength: 20 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('media_too_large' as const),
      kind: fc.constantFrom('photo' as const, 'document' as const, 'video' as const, 'audio' as const),
      maxBytes: fc.integer({ min: 1, max: 2 ** 31 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'idle_reminder' as const }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...TICKETS.flatMap((t) => [`nilai:${t}:5`, `nilai:${t}:1`, `buka:${t}`]), 'nilai:LPR-X:9', 'buka:').map((value) => ({ type: 'choice' as const, value })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('report_update' as const),
      update: fc.record({
        ticket: fc.oneof(fc.constantFrom(...TICKETS), fc.string({ maxLength: 20 })),
        language: fc.constantFrom('id' as const, 'en' as const),
        status: fc.constantFrom('submitted' as const, 'postponed' as const, 'disposed' as const, 'in_progress' as const, 'answered' as const, 'resolved' as const, 'closed' as const, 'declined' as const, 'not_authority' as const),
        reason: fc.option(fc.oneof(text, fc.string({ minLength: 1, maxLength: 600 })), { nil: null }),
        message: fc.option(fc.record({ text: fc.oneof(text, fc.string({ minLength: 1, maxLength: 2000 })), signedBy: fc.string({ minLength: 1, maxLength: 90 }) }), { nil: null }),
        opdName: fc.option(fc.string({ minLength: 1, maxLength: 90 }), { nil: null }),
      }),
    }),
  },
);

const FOLLOW_UP_EFFECTS = new Set(['respond_to_opd', 'rate_report', 'reopen_report']);

// Answers the open question may legitimately change: its own field and what depends on it.
const MAY_CHANGE: Partial<Record<string, readonly (keyof Answers)[]>> = {
  consent: ['consent'],
  province: ['province', 'regency', 'district', 'village'],
  regency: ['regency', 'district', 'village'],
  district: ['district', 'village'],
  place: ['place', 'location'],
  attachments: ['attachments_done'],
};

function checkKept(before: EngineState, after: EngineState | null, msg: InboundMessage): void {
  if (after === null) return;
  const typed = msg.type === 'text' ? msg.text : msg.type === 'media' ? msg.caption ?? '' : '';
  const command = parseCommand(cleanText(typed));
  // From follow_up a new intake may start: it has no answers to keep anyway.
  if (command?.type === 'back' || ['confirm_extracted', 'confirm_restart', 'follow_up'].includes(before.step)) return;
  const mayChange = new Set<string>([before.step, ...(MAY_CHANGE[before.step] ?? []), 'location']);
  for (const [key, value] of Object.entries(before.a)) {
    if (key === 'attachments') {
      expect(after.a.attachments?.slice(0, (value as unknown[]).length), 'attachments are only added').toEqual(value);
    } else if (!mayChange.has(key)) {
      expect(after.a[key as Field], `answer "${key}" kept at step ${before.step}`).toEqual(value);
    }
  }
}

function stateBytesWithoutBody(state: EngineState): number {
  const { body: _body, ...rest } = state.a;
  return utf8Length(JSON.stringify({ ...state, a: rest }));
}

describe('engine under random messages', () => {
  it(`never throws, always replies, keeps answers and stays under ${STATE_LIMIT} bytes (${SEEDS.length + FOLLOW_UP_SEEDS.length} seed states)`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS, ...FOLLOW_UP_SEEDS), fc.array(message, { minLength: 1, maxLength: 8 }), (seed, messages) => {
        const ctx = testContext({ channel: seed.channel, senderPhone: '+6285211223344' });
        let saved: string | null = JSON.stringify(seed.state);
        for (const msg of messages) {
          if (saved === null) break;
          const before = JSON.parse(saved) as EngineState;
          const result = engine.handle(before, msg, ctx);
          // Silent only where the runtime speaks instead (a follow-up outcome) or there is nothing to say.
          const silentOk =
            result.effects.some((e) => FOLLOW_UP_EFFECTS.has(e.type)) || (before.step === 'follow_up' && msg.type === 'idle_reminder');
          if (!silentOk) expect(result.replies.length, 'replies').toBeGreaterThan(0);
          for (const effect of result.effects) {
            if (effect.type === 'rate_report') expect(effect.rating >= 1 && effect.rating <= 5).toBe(true);
            if (effect.type === 'respond_to_opd') expect(effect.text.length).toBeGreaterThan(0);
            if (effect.type === 'reopen_report') expect(effect.reason.length).toBeGreaterThan(0);
          }
          for (const reply of result.replies) {
            expect(reply.text.length > 0 || (reply.choices?.length ?? 0) > 0, 'no empty reply').toBe(true);
            if (seed.channel === 'sms') expect(fitsOneSms(renderNumbered(reply)), renderNumbered(reply)).toBe(true);
          }
          saved = result.state === null ? null : JSON.stringify(result.state);
          const after = saved === null ? null : (JSON.parse(saved) as EngineState);
          if (after) {
            expect(after.version).toBe(engine.version);
            expect(stateBytesWithoutBody(after), 'state size without the story').toBeLessThan(STATE_LIMIT);
          }
          checkKept(before, after, msg);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('answers a file refused as too large at every step, changing neither the step nor an answer', () => {
    const tooLarge: InboundMessage = { type: 'media_too_large', kind: 'document', maxBytes: 16 * 1024 * 1024 };
    for (const seed of [...SEEDS, ...FOLLOW_UP_SEEDS]) {
      const before = seed.state as EngineState;
      const result = engine.handle(before, tooLarge, testContext({ channel: seed.channel }));
      const after = result.state as EngineState | null;
      expect(result.replies.length, before.step).toBeGreaterThan(0);
      expect(after?.step, before.step).toBe(before.step);
      expect(after?.a, before.step).toEqual(before.a);
    }
  });

  it('never throws on any first message, and opens at most a small state', () => {
    fc.assert(
      fc.property(message, fc.constantFrom<Channel>('telegram', 'whatsapp', 'sms'), (msg, channel) => {
        const result = engine.handle(null, msg, testContext({ channel }));
        // The runtime only reminds live sessions; a reminder for a gone one says nothing, and
        // a follow-up command is answered by the runtime with the outcome.
        const silentOk = msg.type === 'idle_reminder' || result.effects.some((e) => FOLLOW_UP_EFFECTS.has(e.type));
        if (!silentOk) expect(result.replies.length).toBeGreaterThan(0);
        if (result.state) expect(stateBytesWithoutBody(result.state as EngineState)).toBeLessThan(STATE_LIMIT);
      }),
      { numRuns: 300 },
    );
  });
});
