import { LIMITS } from '../data.js';
import { charLength, oneLine, utf8Length } from '../parse/text.js';
import type { StepHandler } from './types.js';

/**
 * A one-line title, {@link LIMITS.titleMin}–{@link LIMITS.titleMax} characters.
 *
 * @example bot: "Beri judul singkat laporan Anda. …" — citizen: "Puskesmas Daik tutup jam kerja"
 */
export const titleStep: StepHandler = {
  prompt: (_s, { m }) => ({ text: m.titleQuestion }),
  answer: (_s, input, { m }) => {
    const title = oneLine(input.text);
    const length = charLength(title);
    if (length < LIMITS.titleMin || title.replace(/[^\p{L}\p{N}]/gu, '').length < 3) return { type: 'rejected', error: m.titleTooShort };
    if (length > LIMITS.titleMax || utf8Length(title) > LIMITS.titleMaxBytes) return { type: 'rejected', error: m.titleTooLong(LIMITS.titleMax) };
    return { type: 'answered', set: { title } };
  },
};
