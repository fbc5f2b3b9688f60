import type { Choice, Reply } from '../contract.js';
import { SMS_SEGMENT_GSM7, gsm7Length, toGsm7 } from './gsm7.js';

/**
 * How replies look on channels without buttons (SMS, WhatsApp): choices as numbered
 * lines under the text. The citizen answers with the number or the words.
 */

/**
 * The text of a reply with its choices as numbered lines.
 *
 * @example renderNumbered({ text: 'Setuju?', choices: [{ value: 'yes', label: 'Setuju' }] }) // 'Setuju?\n1. Setuju'
 */
export function renderNumbered(reply: Reply): string {
  const lines = (reply.choices ?? []).map((c, i) => `${i + 1}. ${c.label}`);
  return [reply.text, ...lines].filter((l) => l !== '').join('\n');
}

function fits(text: string): boolean {
  const n = gsm7Length(text);
  return n !== null && n <= SMS_SEGMENT_GSM7;
}

// Splits one over-long block at line ends, then word ends, then anywhere.
function split(block: string): string[] {
  if (fits(block)) return [block];
  const out: string[] = [];
  let current = '';
  const push = (piece: string, joiner: string) => {
    const candidate = current === '' ? piece : current + joiner + piece;
    if (fits(candidate)) current = candidate;
    else {
      if (current !== '') out.push(current);
      current = piece;
    }
  };
  for (const line of block.split('\n')) {
    if (fits(line)) {
      push(line, '\n');
      continue;
    }
    for (const word of line.split(' ')) {
      let rest = word;
      while (!fits(rest)) {
        // A "word" longer than an SMS (a pasted URL): cut it hard, escapes counted.
        let cut = SMS_SEGMENT_GSM7;
        while (!fits(rest.slice(0, cut))) cut -= 1;
        push(rest.slice(0, cut), ' ');
        rest = rest.slice(cut);
      }
      push(rest, ' ');
    }
  }
  if (current !== '') out.push(current);
  return out;
}

/**
 * Packs blocks of text and a final set of choices into as few SMS as possible, each
 * a single GSM-7 segment once its choices are rendered as numbered lines. Text is
 * first rewritten into the GSM-7 alphabet (a citizen's emoji would otherwise turn
 * the SMS into UCS-2 and cut it to 70 characters).
 */
export function packForSms(blocks: readonly string[], choices: readonly Choice[] | undefined): Reply[] {
  const safeChoices = choices?.map((c) => ({ value: c.value, label: toGsm7(c.label) }));
  const pieces = blocks.flatMap((b) => split(toGsm7(b)));
  const texts: string[] = [];
  for (const piece of pieces) {
    const last = texts.length - 1;
    if (last >= 0 && fits(`${texts[last]}\n${piece}`)) texts[last] = `${texts[last]}\n${piece}`;
    else texts.push(piece);
  }
  const replies: Reply[] = texts.map((text) => ({ text }));
  if (safeChoices && safeChoices.length > 0) {
    const last = replies[replies.length - 1];
    if (last && fits(renderNumbered({ text: last.text, choices: safeChoices }))) last.choices = safeChoices;
    else replies.push({ text: '', choices: safeChoices });
  }
  return replies;
}
