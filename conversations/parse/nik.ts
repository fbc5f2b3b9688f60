/**
 * NIK (Nomor Induk Kependudukan) reading: 16 digits = province (2) + regency (2) +
 * district (2) + birth date DDMMYY (women: day + 40) + serial (4, from 0001).
 * There is no check digit, so the birth date and serial are all that can be checked.
 */

/** Why a NIK was refused. */
export type NikError =
  | { reason: 'not_digits' }
  | { reason: 'length'; digits: number }
  | { reason: 'birth_date'; day: number; month: number }
  | { reason: 'serial' };

/** A NIK that passed, with what it says about its holder. */
export interface ValidNik {
  nik: string;
  female: boolean;
  /** Day of birth (1–31) and month (1–12); the year's century is not in the NIK. */
  birthDay: number;
  birthMonth: number;
  /**
   * The region part names a place the current list does not know. Not a refusal:
   * old NIKs keep the codes of regions that were split or renamed since.
   */
  unknownRegion: boolean;
}

/** The outcome of reading a NIK answer. */
export type NikResult = ({ ok: true } & ValidNik) | ({ ok: false } & NikError);

// February gets 29: the century is unknown, so a leap year cannot be ruled out.
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Strips what people put around and inside a NIK: a `NIK` label, spaces, dots, dashes. */
export function nikDigits(input: string): string {
  return input.replace(/^\s*nik\b\s*[:.]?/i, '').replace(/[\s.\-_/]/g, '');
}

/**
 * Reads a NIK as typed ("2171 0512 9001 0003", "2171.0512.9001.0003"). `regionKnown`
 * says whether a region code (`21`, `21.71`, `21.71.07`) exists today.
 *
 * @example parseNik('2104 0252 0885 0001', known) // ok, female, born 12 Feb
 * @example parseNik('2104023208850001', known) // { ok: false, reason: 'birth_date', day: 32, month: 8 }
 */
export function parseNik(input: string, regionKnown: (code: string) => boolean): NikResult {
  const digits = nikDigits(input);
  if (!/^\d*$/.test(digits) || digits.length === 0) return { ok: false, reason: 'not_digits' };
  if (digits.length !== 16) return { ok: false, reason: 'length', digits: digits.length };
  const rawDay = Number(digits.slice(6, 8));
  const month = Number(digits.slice(8, 10));
  const female = rawDay > 40;
  const day = female ? rawDay - 40 : rawDay;
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) {
    return { ok: false, reason: 'birth_date', day: rawDay, month };
  }
  if (digits.slice(12) === '0000') return { ok: false, reason: 'serial' };
  const province = digits.slice(0, 2);
  const regency = `${province}.${digits.slice(2, 4)}`;
  const district = `${regency}.${digits.slice(4, 6)}`;
  const unknownRegion = !regionKnown(province) || !regionKnown(regency) || !regionKnown(district);
  return { ok: true, nik: digits, female, birthDay: day, birthMonth: month, unknownRegion };
}
