import { LIMITS } from '../data.js';
import { parseName } from '../parse/name.js';
import type { StepHandler } from './types.js';

/**
 * The reporter's full name as on the KTP, title-cased.
 *
 * @example bot: "Siapa nama lengkap Anda, sesuai KTP?" — citizen: "siti rahmawati" — stored: "Siti Rahmawati"
 */
export const nameStep: StepHandler = {
  prompt: (_s, { m }) => ({ text: m.nameQuestion }),
  answer: (_s, input, { m }) => {
    const name = parseName(input.text, LIMITS.nameMax, LIMITS.nameMaxBytes);
    return name ? { type: 'answered', set: { name } } : { type: 'rejected', error: m.nameError };
  },
};
