import { editTarget } from '../commands.js';
import { truncate } from '../parse/text.js';
import { yesNo } from '../parse/words.js';
import { describeAddress } from '../regions/address.js';
import type { EngineState, Field } from '../state.js';
import type { Env, StepHandler } from './types.js';

type Line = 'kind' | 'name' | 'nik' | 'phone' | 'privacy' | 'address' | 'body' | 'category' | 'title' | 'incident_date' | 'place' | 'attachments';

const LINES: readonly Line[] = ['kind', 'name', 'nik', 'phone', 'privacy', 'address', 'body', 'category', 'title', 'incident_date', 'place', 'attachments'];

// Long stories are cut in the summary only; on SMS every character costs.
const BODY_PREVIEW = { sms: 50, chat: 300 };

function formatDate(date: string, months: readonly string[]): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${months[mo - 1]} ${y}`;
}

function value(s: EngineState, line: Line, { m, data, sms, lang }: Env): string | null {
  const a = s.a;
  switch (line) {
    case 'kind':
      return a.kind ? m.kinds[a.kind] : null;
    case 'name':
      return a.name ?? null;
    case 'nik':
      return a.nik ?? null;
    case 'phone':
      return a.phone ?? null;
    case 'privacy':
      return a.privacy ? m.privacyLabels[a.privacy] : null;
    case 'address':
      return a.province ? describeAddress(data.gazetteer, a) : null;
    case 'body':
      return a.body ? truncate(a.body.replace(/\s*\n\s*/g, ' '), sms ? BODY_PREVIEW.sms : BODY_PREVIEW.chat) : null;
    case 'category':
      return a.category ? data.categories.find((c) => c.code === a.category)?.label[lang] ?? a.category : null;
    case 'title':
      return a.title ?? null;
    case 'incident_date':
      return a.incident_date === undefined ? null : a.incident_date === null ? m.labels.unknown : formatDate(a.incident_date, m.months);
    case 'place':
      if (a.place === undefined) return null;
      return a.place ?? (a.location ? m.placeShared : m.labels.none);
    case 'attachments':
      return a.attachments_done || a.attachments ? m.attachmentCount(a.attachments?.length ?? 0) : null;
  }
}

const LINE_OF: Partial<Record<Field, Line>> = { province: 'address', regency: 'address', district: 'address', village: 'address' };

/**
 * "Label: value" lines for the given fields (default: the whole report), in flow
 * order, skipping what is not answered. Used by the summary and by the confirmation
 * of what a first message said.
 */
export function describeAnswers(s: EngineState, env: Env, fields?: readonly Field[]): string[] {
  const wanted = fields ? new Set(fields.map((f) => LINE_OF[f] ?? (f as Line))) : new Set(LINES);
  return LINES.filter((l) => wanted.has(l))
    .map((l) => {
      const v = value(s, l, env);
      return v === null ? null : `${env.m.labels[l]}: ${v}`;
    })
    .filter((l): l is string => l !== null);
}

/**
 * Everything collected, then send / change / cancel. Any single part can be changed
 * by name ("ubah kecamatan", "change district") or by picking it from a list.
 *
 * @example bot: "Ringkasan laporan Anda: … Kirim laporan ini? 1. Kirim 2. Ubah 3. Batal" — citizen: "change district"
 */
export const summaryStep: StepHandler = {
  prompt: (s, env) => ({
    text: [env.m.summaryIntro, ...describeAnswers(s, env), '', env.m.summaryQuestion].join('\n'),
    choices: [
      { value: 'send', label: env.m.choices.send },
      { value: 'edit', label: env.m.choices.edit },
      { value: 'cancel', label: env.m.choices.cancel },
    ],
  }),
  answer: (_s, input, { m }) => {
    if (input.value === 'send' || (input.value === null && yesNo(input.text) === 'yes')) return { type: 'submit' };
    // "Tidak" to "send this?" means something is wrong, not "throw it away".
    if (input.value === 'edit' || (input.value === null && yesNo(input.text) === 'no')) return { type: 'edit', target: null };
    const target = editTarget(input.text);
    if (target) return { type: 'edit', target };
    // Declining the summary as a whole is a cancel request; the engine confirms it.
    if (input.value === 'cancel') return { type: 'declined' };
    return { type: 'rejected', error: m.summaryError };
  },
};
