import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Mobile numbers as Indonesians write them: `0812-6677-8899`, `+62 812 6677 8899`,
 * `62812…`, `(0812) 667 788 99`. Stored as E.164 (`+6281266778899`).
 */

/** The outcome of reading a phone answer. */
export type PhoneResult =
  | { ok: true; e164: string }
  /** `landline`: a valid Indonesian number that is not a mobile (08…) one. */
  | { ok: false; reason: 'not_a_number' | 'landline' | 'invalid' };

/**
 * Reads a mobile number and returns it in E.164. Indonesian mobiles (`08…`, 10–13
 * digits with the leading 0) are the norm; a valid foreign number written with `+`
 * is accepted too, for citizens working abroad.
 *
 * @example parsePhone('0812-6677-8899') // { ok: true, e164: '+6281266778899' }
 */
export function parsePhone(input: string): PhoneResult {
  const text = input.replace(/^\s*(hp|no\.?|nomor|wa|telp\.?|telepon|phone)\b\s*[:.]?/i, '').trim();
  if (!/^[+\d\s().\-]{1,25}$/.test(text)) return { ok: false, reason: 'not_a_number' };
  const digits = text.replace(/\D/g, '');
  const international = text.startsWith('+') || digits.startsWith('62');
  const national = digits.startsWith('62') ? `0${digits.slice(2)}` : digits;
  if (!international || digits.startsWith('62')) {
    if (!national.startsWith('0')) return { ok: false, reason: 'invalid' };
    if (!national.startsWith('08')) return { ok: false, reason: 'landline' };
    if (national.length < 10 || national.length > 13) return { ok: false, reason: 'invalid' };
    const parsed = parsePhoneNumberFromString(national, 'ID');
    if (!parsed?.isPossible()) return { ok: false, reason: 'invalid' };
    return { ok: true, e164: parsed.number };
  }
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  if (!parsed?.isValid()) return { ok: false, reason: 'invalid' };
  return { ok: true, e164: parsed.number };
}
