import { yesNo } from '../parse/words.js';
import type { Messages } from '../messages/index.js';
import type { StepHandler } from './types.js';

/**
 * Yes/no confirmations: cancelling, restarting. The engine decides what a yes does.
 *
 * @example bot: "Yakin membatalkan laporan? 1. Ya 2. Tidak" — citizen: "ya"
 */
function confirmStep(question: (m: Messages) => string): StepHandler {
  return {
    prompt: (_s, { m }) => ({
      text: question(m),
      choices: [
        { value: 'yes', label: m.choices.yes },
        { value: 'no', label: m.choices.no },
      ],
    }),
    answer: (_s, input, { m }) => {
      const answer = input.value ?? yesNo(input.text);
      if (answer === 'yes') return { type: 'confirmed' };
      if (answer === 'no') return { type: 'declined' };
      return { type: 'rejected', error: m.yesOrNo };
    },
  };
}

/** "Yakin membatalkan laporan?" */
export const confirmCancelStep = confirmStep((m) => m.cancelQuestion);
/** "Mulai lagi dari awal?" */
export const confirmRestartStep = confirmStep((m) => m.restartQuestion);
