import { parseIncidentDate } from '../parse/dates.js';
import type { StepHandler } from './types.js';

// Choice values are phrases the date parser itself understands.
const QUICK = { today: 'hari ini', yesterday: 'kemarin', unknown: 'tidak tahu' } as const;

/**
 * The incident date, relative to now in Jakarta: "kemarin", "2 hari lalu",
 * "16 November", "12/8/2021", "today"… Never in the future; "tidak tahu" stores none.
 *
 * @example bot: "Kapan kejadiannya? …" — citizen: "2 hari lalu" (on 20 Nov 2026) — stored: "2026-11-18"
 */
export const incidentDateStep: StepHandler = {
  prompt: (_s, { m }) => ({
    text: m.dateQuestion,
    choices: [
      { value: 'today', label: m.choices.today },
      { value: 'yesterday', label: m.choices.yesterday },
      { value: 'unknown', label: m.choices.unknownDate },
    ],
  }),
  answer: (_s, input, { m, ctx }) => {
    const text = input.value && input.value in QUICK ? QUICK[input.value as keyof typeof QUICK] : input.text;
    const result = parseIncidentDate(text, ctx.now);
    if (result.ok) return { type: 'answered', set: { incident_date: result.date } };
    // Written inside the outcome so rejections.test.ts finds every text it can say.
    return {
      type: 'rejected',
      error: { unknown: m.dateUnknown, invalid: m.dateInvalid, future: m.dateFuture, too_old: m.dateTooOld }[result.reason],
    };
  },
};
