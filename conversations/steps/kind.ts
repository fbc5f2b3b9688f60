import { matchKey } from '../parse/text.js';
import { KINDS, type Kind } from '../state.js';
import type { StepHandler } from './types.js';

const WORDS: Record<string, Kind> = {};
for (const [kind, words] of [
  ['pengaduan', ['pengaduan', 'aduan', 'mengadu', 'keluhan', 'komplain', 'complaint', 'complain', 'lapor', 'laporan', 'melapor']],
  ['aspirasi', ['aspirasi', 'saran', 'usul', 'usulan', 'masukan', 'aspiration', 'suggestion', 'idea']],
  ['permintaan_informasi', ['permintaan informasi', 'informasi', 'info', 'tanya', 'bertanya', 'pertanyaan', 'minta informasi', 'information', 'information request', 'question', 'request']],
] as const) {
  for (const w of words) WORDS[w] = kind;
}

/**
 * The kind of report. Accepts the number, the label, or everyday words
 * ("keluhan", "saran", "mau tanya").
 *
 * @example bot: "Apa jenis laporan Anda? 1. Pengaduan 2. Aspirasi (saran) 3. Permintaan informasi" — citizen: "1"
 */
export const kindStep: StepHandler = {
  prompt: (_s, { m }) => ({
    text: m.kindQuestion,
    choices: KINDS.map((k) => ({ value: k, label: m.kinds[k] })),
  }),
  answer: (_s, input, { m }) => {
    const key = matchKey(input.text);
    const kind =
      KINDS.find((k) => k === input.value) ??
      WORDS[key] ??
      WORDS[key.split(' ').find((w) => w in WORDS && w !== 'laporan') ?? ''];
    return kind ? { type: 'answered', set: { kind } } : { type: 'rejected', error: m.kindError };
  },
};
