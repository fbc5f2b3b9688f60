/**
 * GSM 03.38 (GSM-7) arithmetic for SMS: how many septets a text takes, whether it
 * fits one segment, and a lossy conversion for texts that must stay in GSM-7.
 *
 * One character outside the alphabet switches a whole SMS to UCS-2 (70 characters
 * instead of 160), so the bot keeps every prompt inside the alphabet.
 */

const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// The extension table: each costs an escape septet plus itself.
const EXTENDED = '€[]{}\\^~|\f';

const BASIC_SET = new Set(BASIC);
const EXTENDED_SET = new Set(EXTENDED);

/** Characters in one single-part GSM-7 SMS. */
export const SMS_SEGMENT_GSM7 = 160;

/**
 * Septets a text takes in GSM-7 (`€ [ ] { } \ ^ ~ |` count double), or null when
 * some character has no GSM-7 encoding and the message would go out as UCS-2.
 *
 * @example gsm7Length('Halo [1]') // 10
 * @example gsm7Length('Halo 😊') // null
 */
export function gsm7Length(text: string): number | null {
  let length = 0;
  for (const ch of text) {
    if (BASIC_SET.has(ch)) length += 1;
    else if (EXTENDED_SET.has(ch)) length += 2;
    else return null;
  }
  return length;
}

/** True when the text is pure GSM-7 and fits one 160-septet SMS. */
export function fitsOneSms(text: string): boolean {
  const length = gsm7Length(text);
  return length !== null && length <= SMS_SEGMENT_GSM7;
}

const REPLACEMENTS: Record<string, string> = {
  '‘': "'",
  '’': "'",
  '‚': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '–': '-',
  '—': '-',
  '…': '...',
  '•': '-',
  '\t': ' ',
  '\u00a0': ' ',
};

/**
 * Rewrites a text into the GSM-7 alphabet so that echoing a citizen's own words
 * (a title with a curly quote, a name with an accent) does not push an SMS into UCS-2:
 * typographic punctuation becomes ASCII, accents are dropped when the bare letter
 * exists, anything else (emoji, other scripts) becomes `?`.
 *
 * @example toGsm7('“Jalan” rusak – Dāik 😊') // '"Jalan" rusak - Daik ?'
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const ch of text) {
    if (BASIC_SET.has(ch) || EXTENDED_SET.has(ch)) {
      out += ch;
      continue;
    }
    const replacement = REPLACEMENTS[ch];
    if (replacement !== undefined) {
      out += replacement;
      continue;
    }
    const bare = ch.normalize('NFD').replace(/\p{M}/gu, '');
    out += bare.length > 0 && [...bare].every((c) => BASIC_SET.has(c)) ? bare : '?';
  }
  return out;
}
