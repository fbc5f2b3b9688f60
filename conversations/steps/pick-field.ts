import { editTarget } from '../commands.js';
import type { EditTarget } from '../flow.js';
import type { StepHandler } from './types.js';

const TARGETS: readonly EditTarget[] = [
  'kind', 'name', 'nik', 'phone', 'privacy', 'address', 'district', 'village', 'body', 'category', 'title', 'incident_date', 'place', 'attachments',
];

/**
 * Which part to change, after "ubah" at the summary. On SMS the list is typed
 * rather than numbered: fourteen numbered lines do not fit one message.
 *
 * @example bot: "Bagian mana yang mau diubah? 1. Jenis 2. Nama …" — citizen: "kecamatan"
 */
export const pickFieldStep: StepHandler = {
  prompt: (_s, { m, sms }) =>
    sms
      ? { text: m.pickFieldQuestionSms }
      : {
          text: m.pickFieldQuestion,
          choices: TARGETS.map((t) => ({ value: t, label: m.labels[t] })),
        },
  answer: (_s, input, { m }) => {
    const target = TARGETS.find((t) => t === input.value) ?? editTarget(input.text);
    return target ? { type: 'edit', target } : { type: 'rejected', error: m.pickFieldError };
  },
};
