import { yesNo } from '../parse/words.js';
import type { StepHandler } from './types.js';

/**
 * Consent to the privacy notice, shown with the greeting. Nothing is processed
 * without it; a refusal explains why it is needed and leaves the question open.
 *
 * @example bot: "Setuju data Anda dipakai untuk memproses laporan? 1. Setuju 2. Tidak setuju" — citizen: "ya"
 */
export const consentStep: StepHandler = {
  prompt: (_s, { m }) => ({
    text: m.consentQuestion,
    choices: [
      { value: 'yes', label: m.choices.agree },
      { value: 'no', label: m.choices.disagree },
    ],
  }),
  answer: (_s, input, { m }) => {
    const answer = input.value ?? yesNo(input.text);
    if (answer === 'yes') return { type: 'answered', set: { consent: true } };
    if (answer === 'no') return { type: 'rejected', error: m.consentRefused };
    return { type: 'rejected', error: m.yesOrNo };
  },
};
