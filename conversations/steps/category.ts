import { findCategory, suggestCategories } from '../categories.js';
import type { Choice } from '../contract.js';
import type { EngineState } from '../state.js';
import type { Env, StepHandler } from './types.js';

// On SMS only the likeliest few fit under the question in one segment.
const SMS_SUGGESTIONS = 3;

function choices(s: EngineState, { data, lang, sms }: Env): Choice[] {
  const text = [s.a.body, s.a.title].filter(Boolean).join(' ');
  const suggested = suggestCategories(text, data.categories, SMS_SUGGESTIONS);
  const ordered = sms
    ? suggested
    : [...suggested, ...data.categories.map((c) => c.code).filter((code) => !suggested.includes(code))];
  return ordered.map((code) => {
    const category = data.categories.find((c) => c.code === code)!;
    return { value: code, label: category.label[lang] };
  });
}

/**
 * The report's topic, with the likely ones first from keywords in the story
 * ("lampu jalan" -> infrastruktur). Accepts a number, a code, a label in either
 * language, or a telling keyword ("jalan").
 *
 * @example bot: "Laporan ini termasuk topik apa? 1. Infrastruktur 2. Kesehatan …" — citizen: "infrastruktur"
 */
export const categoryStep: StepHandler = {
  prompt: (s, env) => ({ text: env.sms ? env.m.categoryQuestionSms : env.m.categoryQuestion, choices: choices(s, env) }),
  answer: (_s, input, { data, m }) => {
    const code =
      (input.value && data.categories.some((c) => c.code === input.value) ? input.value : null) ??
      findCategory(input.text, data.categories);
    return code ? { type: 'answered', set: { category: code } } : { type: 'rejected', error: m.categoryError };
  },
};
