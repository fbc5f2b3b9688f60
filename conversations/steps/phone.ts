import { parsePhone } from '../parse/phone.js';
import { matchKey } from '../parse/text.js';
import { yesNo } from '../parse/words.js';
import type { Env, StepHandler } from './types.js';

const THIS_NUMBER = new Set([
  'pakai nomor ini', 'nomor ini', 'pakai ini', 'ini', 'nomor yang ini', 'sama', 'pakai nomor ini saja', 'nomor ini saja',
  'use this number', 'this number', 'this one', 'same', 'use this',
]);

// Only channels that reveal the number: WhatsApp chat ids and SMS senders are phone numbers.
function senderPhone({ ctx }: Env): string | null {
  if (ctx.channel !== 'whatsapp' && ctx.channel !== 'sms') return null;
  if (!ctx.senderPhone) return null;
  const parsed = parsePhone(ctx.senderPhone);
  return parsed.ok ? parsed.e164 : null;
}

/**
 * A reachable mobile number, stored as E.164. On WhatsApp and SMS the number the
 * citizen writes from is offered ("pakai nomor ini").
 *
 * @example bot: "Nomor HP yang bisa dihubungi? Pakai nomor ini (+6285211223344), atau ketik nomor lain." — citizen: "pakai nomor ini"
 * @example citizen: "0812-6677-8899" — stored: "+6281266778899"
 */
export const phoneStep: StepHandler = {
  prompt: (_s, env) => {
    const sender = senderPhone(env);
    return sender
      ? { text: env.m.phoneQuestionSender(sender), choices: [{ value: 'sender', label: env.m.choices.useThisNumber }] }
      : { text: env.m.phoneQuestion };
  },
  answer: (_s, input, env) => {
    const sender = senderPhone(env);
    if (sender && (input.value === 'sender' || THIS_NUMBER.has(matchKey(input.text)) || yesNo(input.text) === 'yes')) {
      return { type: 'answered', set: { phone: sender } };
    }
    const result = parsePhone(input.text);
    if (result.ok) return { type: 'answered', set: { phone: result.e164 } };
    return { type: 'rejected', error: result.reason === 'landline' ? env.m.phoneLandline : env.m.phoneInvalid };
  },
};
