import { yesNo } from '../parse/words.js';
import { describeAnswers } from './summary.js';
import type { StepHandler } from './types.js';

/**
 * After consent, when the first message already told a lot: shows what was taken
 * from it and asks whether it is right. "Tidak" drops all of it and the flow asks
 * the questions one by one; a single part can also be changed by name.
 *
 * @example bot: "Dari pesan Anda, saya catat: Nama: Budi Santoso, NIK: 2171070512900003, … Apakah sudah benar?" — citizen: "ya"
 */
export const confirmExtractedStep: StepHandler = {
  prompt: (s, env) => ({
    text: [env.m.extractedIntro, ...describeAnswers(s, env, s.extracted ?? []), env.m.extractedQuestion].join('\n'),
    choices: [
      { value: 'yes', label: env.m.choices.correct },
      { value: 'no', label: env.m.choices.wrong },
    ],
  }),
  answer: (_s, input, { m }) => {
    const answer = input.value ?? yesNo(input.text);
    if (answer === 'yes') return { type: 'confirmed' };
    if (answer === 'no') return { type: 'declined' };
    return { type: 'rejected', error: m.yesOrNo };
  },
};
