import { LIMITS, channelTextMax } from '../data.js';
import { detectOutOfScope } from '../out-of-scope.js';
import { charLength } from '../parse/text.js';
import type { Messages } from '../messages/index.js';
import type { StepHandler } from './types.js';

/** The notes to add when a story sounds like a matter for another body. */
export function outOfScopeNotes(text: string, m: Messages): string[] {
  const area = detectOutOfScope(text);
  return area ? [m.outOfScope[area], m.outOfScopeContinue] : [];
}

/**
 * What happened, in the citizen's words: kept as typed (cleaned of invisible
 * characters, line breaks kept), at least {@link LIMITS.bodyMin} characters. No
 * maximum of its own: only the channel's ({@link channelTextMax}), so a 5,000-character
 * story on WhatsApp is stored whole.
 *
 * @example bot: "Ceritakan apa yang terjadi: …" — citizen: "Jalan di depan SD Negeri 005 berlubang besar sejak tiga bulan. …"
 */
export const bodyStep: StepHandler = {
  prompt: (_s, { m }) => ({ text: m.bodyQuestion }),
  answer: (_s, input, { m, ctx }) => {
    const length = charLength(input.text);
    if (length < LIMITS.bodyMin) return { type: 'rejected', error: m.bodyTooShort(LIMITS.bodyMin) };
    const max = channelTextMax(ctx.channel);
    if (max !== null && length > max) return { type: 'rejected', error: m.bodyTooLong(max) };
    return { type: 'answered', set: { body: input.text }, notes: outOfScopeNotes(input.text, m) };
  },
};
