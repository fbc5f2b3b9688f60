import { SMS_SEGMENT_GSM7, gsm7Length, toGsm7 } from '../../../conversations/sms/gsm7.js';

/**
 * Text arithmetic for outgoing SMS: bring a text into GSM-7 where it can go, and cut
 * what does not fit one message into numbered parts that each do.
 *
 * Every part is sent as its own single SMS (not a concatenated one): a feature phone
 * that shows concatenated parts out of order or not at all still shows "(2/3) …".
 */

/** Characters in one single-part UCS-2 SMS (used when a non-GSM character remains). */
export const SMS_SEGMENT_UCS2 = 70;

// Emoji and their glue (skin tones, joiners, variation selectors, flags, keycaps, tags).
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0e\ufe0f\u20e3\u{e0020}-\u{e007f}]/u;

/**
 * Rewrites a text for SMS: emoji are dropped, typographic punctuation and accented
 * Latin letters become their GSM-7 forms (via {@link toGsm7}), and characters with no
 * GSM-7 form (another script) are kept — the message then goes out as UCS-2 rather
 * than losing the citizen's words to `?`.
 *
 * @example toSmsText('“Jalan” rusak – José 😊') // '"Jalan" rusak - Jose'
 */
export function toSmsText(text: string): string {
  let out = '';
  for (const ch of text) {
    if (EMOJI.test(ch)) continue;
    if (gsm7Length(ch) !== null) {
      out += ch;
      continue;
    }
    const converted = toGsm7(ch);
    out += converted === '?' ? ch : converted;
  }
  // A dropped emoji leaves its neighbouring spaces behind.
  return out
    .replace(/ {2,}/g, ' ')
    .replace(/ +\n/g, '\n')
    .trim();
}

/** How a text would be encoded in one SMS, and how much of that SMS it takes. */
export interface SmsSize {
  encoding: 'gsm7' | 'ucs2';
  /** Septets (GSM-7, extension characters count two) or UTF-16 code units (UCS-2). */
  units: number;
  /** What one single-part SMS holds in that encoding: 160 or 70. */
  limit: number;
}

/** The encoding and length of a text as one SMS. */
export function smsSize(text: string): SmsSize {
  const septets = gsm7Length(text);
  if (septets !== null) return { encoding: 'gsm7', units: septets, limit: SMS_SEGMENT_GSM7 };
  return { encoding: 'ucs2', units: text.length, limit: SMS_SEGMENT_UCS2 };
}

/** True when the text goes out as one single-part SMS. */
export function fitsOneSegment(text: string): boolean {
  const size = smsSize(text);
  return size.units <= size.limit;
}

/**
 * Splits a text into single-SMS messages: unchanged if it fits one, otherwise parts
 * cut at word boundaries (a word longer than a part is cut hard), each prefixed with
 * `(i/n) ` and fitting one SMS prefix included — 160 GSM-7 characters, or 70 when a
 * non-GSM character is in the part.
 *
 * @example splitForSms('kata '.repeat(40)) // ['(1/2) kata kata …', '(2/2) kata …']
 */
export function splitForSms(text: string): string[] {
  if (fitsOneSegment(text)) return [text];
  // The prefix grows with the part count ("(10/12) "); budget for the widest prefix
  // of d digits and widen only if the text needs more than 9, 99… parts.
  for (let digits = 1; ; digits += 1) {
    const widest = `(${'9'.repeat(digits)}/${'9'.repeat(digits)}) `;
    const parts = pack(text, (candidate) => fitsOneSegment(widest + candidate));
    if (String(parts.length).length <= digits) {
      return parts.map((part, i) => `(${i + 1}/${parts.length}) ${part}`);
    }
  }
}

function pack(text: string, fits: (candidate: string) => boolean): string[] {
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    const part = current.trim();
    if (part !== '') parts.push(part);
    current = '';
  };
  for (const token of text.split(/(\s+)/)) {
    if (token === '') continue;
    if (/^\s+$/.test(token)) {
      // Whitespace joins two words only if the next one fits too; a part never starts with it.
      if (current !== '') current += token;
      continue;
    }
    if (fits(current + token)) {
      current += token;
      continue;
    }
    flush();
    let rest = [...token];
    while (!fits(rest.join(''))) {
      // A "word" longer than a whole part (a pasted URL): cut by code points, so an
      // astral character is never split in half.
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut).join(''))) cut -= 1;
      parts.push(rest.slice(0, cut).join(''));
      rest = rest.slice(cut);
    }
    current = rest.join('');
  }
  flush();
  return parts;
}
