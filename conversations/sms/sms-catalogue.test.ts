import { describe, expect, it } from 'vitest';
import { catalogues, type Lang } from '../messages/index.js';
import type { Region } from '../regions/gazetteer.js';
import type { EngineState, Step } from '../state.js';
import { STEPS } from '../steps/index.js';
import type { Env } from '../steps/types.js';
import { defaultCategories } from '../categories.js';
import { testContext, testGazetteer } from '../testing/harness.js';
import { fitsOneSms, gsm7Length } from './gsm7.js';
import { packForSms, renderNumbered } from './render.js';
import { ratingChoices } from '../follow-up/updates.js';

/**
 * Every text of both catalogues fits one 160-character GSM-7 SMS, with the longest
 * realistic arguments (the longest region names of Indonesia, the longest date),
 * and every question asked over SMS fits one SMS together with its numbered choices.
 */

const g = testGazetteer();

// All regions of a level, to find the longest names the prompts can show.
function level(depth: 1 | 2 | 3 | 4): Region[] {
  let regions: Region[] = [...g.children(null)];
  for (let d = 1; d < depth; d += 1) regions = regions.flatMap((r) => [...g.children(r.code)]);
  return regions;
}
const longestName = (regions: readonly Region[]) => regions.reduce((a, r) => (r.name.length > a.length ? r.name : a), '');
const VILLAGES = level(4);
const PROVINCE = longestName(level(1));
const REGENCY = longestName(level(2));
const DISTRICT = longestName(level(3));
const VILLAGE = longestName(VILLAGES);
const TICKET = 'LPR-7K3QX9M';
// A long unit name as the seed writes them: the follow-up texts name the OPD.
const OPD = 'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Kepulauan Anambas';

// Arguments for every function in the catalogues, by path; a function without one fails the test.
const SAMPLES: Record<string, unknown[]> = {
  nikLength: [99],
  phoneQuestionSender: ['+6285211223344'],
  regencyQuestion: [PROVINCE],
  districtQuestion: [REGENCY],
  villageQuestion: [DISTRICT],
  regionNotFound: ['x'.repeat(25), REGENCY, 'Daik'],
  bodyTooShort: [20],
  bodyTooLong: [4096],
  titleTooLong: [100],
  placeSame: [VILLAGE],
  placeTooLong: [150],
  attachmentReceived: [5],
  attachmentsFull: [5],
  // The largest cap a channel could name (Telegram's bot download cap is 20 MB).
  fileTooLarge: [2048],
  attachmentCount: [5],
  submitted: [TICKET],
  nextSteps: ['30 September 2026', 14, 14],
  statusHint: [TICKET],
  reportRecorded: [TICKET, '30 September 2026'],
  statusChecking: [TICKET],
  'status.found': [TICKET, 'dialihkan, bukan wewenang instansi ini'],
  'status.opd': ['Dinas Pekerjaan Umum dan Penataan Ruang Kota Batam'],
  'status.dates': ['30 September 2026', '30 September 2026'],
  'followUp.disposed': [TICKET, OPD],
  'followUp.deadline': [14],
  'followUp.inProgress': [TICKET, OPD],
  'followUp.answered': [TICKET],
  'followUp.messageFrom': [TICKET],
  'followUp.signature': [OPD],
  'followUp.howToAnswer': [TICKET],
  'followUp.postponed': [TICKET],
  'followUp.notAuthority': [TICKET],
  'followUp.declined': [TICKET],
  'followUp.resolved': [TICKET, OPD],
  'followUp.closed': [TICKET],
  'followUp.reopenHint': [TICKET],
  'followUp.rateByCommand': [TICKET],
  'followUp.prompt': [TICKET],
  'followUp.reopenReasonQuestion': [TICKET],
  'followUp.sent': [OPD],
  'followUp.reopened': [TICKET, OPD],
  'followUp.refused.not_found': [TICKET],
  'followUp.refused.not_open': [TICKET],
  'followUp.refused.not_resolved': [TICKET],
  'followUp.refused.already_rated': [TICKET],
  'followUp.refused.already_reopened': [TICKET],
  'followUp.refused.invalid': [TICKET],
  'followUp.refused.unavailable': [TICKET],
};

function* texts(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (typeof value === 'function') {
    const args = SAMPLES[path];
    if (!args) throw new Error(`no sample arguments for ${path}: add them to SAMPLES`);
    yield [path, (value as (...a: unknown[]) => string)(...args)];
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) yield* texts(inner, path ? `${path}.${key}` : key);
  }
}

describe('SMS catalogue', () => {
  for (const lang of ['id', 'en'] as const) {
    it(`every ${lang} text is GSM-7 and fits one SMS`, () => {
      const entries = [...texts(catalogues[lang], '')];
      expect(entries.length).toBeGreaterThan(100);
      for (const [path, text] of entries) {
        expect(gsm7Length(text), `${lang}.${path} uses a non-GSM character: ${text}`).not.toBeNull();
        expect(gsm7Length(text)!, `${lang}.${path} is too long: ${text}`).toBeLessThanOrEqual(160);
      }
    });
  }

  // A state whose address is the village with the longest name, and its parents.
  const longestVillage = VILLAGES.reduce((a, v) => (v.name.length > a.name.length ? v : a));
  const chain = {
    province: longestVillage.code.slice(0, 2),
    regency: longestVillage.code.slice(0, 5),
    district: longestVillage.code.slice(0, 8),
    village: longestVillage.code,
  };

  const state = (step: Step, lang: Lang): EngineState => ({
    version: 1,
    step,
    lang,
    tries: 0,
    a: {
      consent: true, kind: 'permintaan_informasi', name: 'Muhammad Abdurrahman Wahid', nik: '2171070512900003', phone: '+6281266778899',
      privacy: 'anonim_rahasia', ...chain, body: 'Ketenteraman dan ketertiban, akta kelahiran, sekolah, puskesmas, jalan rusak.',
      category: 'ketenteraman & ketertiban umum', title: 'x'.repeat(100), incident_date: '2026-09-30', place: 'y'.repeat(150),
      attachments: [{ k: 'photo', r: 'ref' }], attachments_done: true,
    },
    extracted: ['name', 'nik', 'phone', 'province', 'regency', 'district', 'village', 'body', 'incident_date', 'place'],
  });

  for (const lang of ['id', 'en'] as const) {
    it(`every ${lang} question fits one SMS with its numbered choices`, () => {
      const env: Env = { ctx: testContext({ channel: 'sms', senderPhone: '+6285211223344' }), data: { gazetteer: g, categories: defaultCategories }, m: catalogues[lang], lang, sms: true };
      for (const step of Object.keys(STEPS) as Step[]) {
        const prompt = STEPS[step].prompt(state(step, lang), env);
        if (step === 'summary' || step === 'confirm_extracted') {
          // These list the citizen's own data: several SMS, each one segment.
          for (const reply of packForSms(prompt.text.split('\n'), prompt.choices)) expect(fitsOneSms(renderNumbered(reply)), `${step}: ${renderNumbered(reply)}`).toBe(true);
        } else {
          const rendered = renderNumbered({ text: prompt.text, ...(prompt.choices ? { choices: prompt.choices } : {}) });
          expect(fitsOneSms(rendered), `${lang} ${step} (${gsm7Length(rendered)}): ${rendered}`).toBe(true);
        }
      }
    });
  }

  for (const lang of ['id', 'en'] as const) {
    it(`${lang}: the follow-up prompt and the rating question fit one SMS`, () => {
      const env: Env = { ctx: testContext({ channel: 'sms' }), data: { gazetteer: g, categories: defaultCategories }, m: catalogues[lang], lang, sms: true };
      const prompt = STEPS.follow_up.prompt({ version: 1, step: 'follow_up', lang, a: {}, tries: 0, f: { t: TICKET } }, env);
      expect(fitsOneSms(prompt.text), prompt.text).toBe(true);
      const rating = renderNumbered({ text: catalogues[lang].followUp.rateQuestion, choices: ratingChoices(catalogues[lang], TICKET) });
      expect(fitsOneSms(rating), `${gsm7Length(rating)}: ${rating}`).toBe(true);
      for (const choice of ratingChoices(catalogues[lang], TICKET)) expect(choice.value.length).toBeLessThanOrEqual(40);
    });
  }
});
