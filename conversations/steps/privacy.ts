import { matchKey } from '../parse/text.js';
import type { Privacy } from '../state.js';
import type { StepHandler } from './types.js';

const NORMAL = ['biasa', 'normal', 'umum', 'publik', 'terbuka', 'public', 'open', 'regular'];
const ANONIM = ['anonim', 'anonymous', 'anon', 'sembunyikan', 'samarkan', 'hidden', 'hide'];
const RAHASIA = ['rahasia', 'confidential', 'secret', 'private', 'rahasiakan', 'pribadi'];
const BOTH = ['keduanya', 'both', 'dua duanya'];

/**
 * Who may see what: normal, anonim (identity hidden from the OPD), rahasia (content
 * not public), or both ("anonim dan rahasia").
 *
 * @example bot: "Pilih privasi laporan: … 1. Biasa 2. Anonim 3. Rahasia" — citizen: "anonim"
 */
export const privacyStep: StepHandler = {
  prompt: (_s, { m }) => ({
    text: m.privacyQuestion,
    choices: (['normal', 'anonim', 'rahasia'] as const).map((p) => ({ value: p, label: m.privacyLabels[p] })),
  }),
  answer: (_s, input, { m }) => {
    if (input.value === 'normal' || input.value === 'anonim' || input.value === 'rahasia') {
      return { type: 'answered', set: { privacy: input.value } };
    }
    const words = matchKey(input.text).split(' ');
    const has = (list: string[]) => words.some((w) => list.includes(w));
    let privacy: Privacy | null = null;
    if (has(BOTH) || (has(ANONIM) && has(RAHASIA))) privacy = 'anonim_rahasia';
    else if (has(ANONIM)) privacy = 'anonim';
    else if (has(RAHASIA)) privacy = 'rahasia';
    else if (has(NORMAL)) privacy = 'normal';
    return privacy ? { type: 'answered', set: { privacy } } : { type: 'rejected', error: m.privacyError };
  },
};
