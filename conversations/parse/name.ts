import { charLength, oneLine, utf8Length } from './text.js';

/**
 * A person's name as on the KTP: letters of any script, spaces, and the `.`, `'`,
 * `-`, `,` that names and titles use ("Ni Luh Putu Ayu", "Ma'ruf", "Siti R.").
 */

const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .'\-,]*$/u;
const PREFIX = /^(?:nama\s+(?:saya|lengkap|aku)|nama\s*:|saya|my\s+name\s+is|name\s*:)\s*/i;

/**
 * Title-cases a name: first letter of each word and after a hyphen upper case, the
 * rest lower; letters after an apostrophe stay lower ("ma'ruf" -> "Ma'ruf").
 *
 * @example titleCase('siti RAHMAWATI') // 'Siti Rahmawati'
 */
export function titleCase(name: string): string {
  return name.toLocaleLowerCase('id').replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toLocaleUpperCase('id'));
}

/** The name in title case, or null when it is not a plausible name (or over `max` characters / `maxBytes` bytes). */
export function parseName(input: string, max: number, maxBytes: number): string | null {
  const text = oneLine(input).replace(PREFIX, '').replace(/\s+/g, ' ').trim();
  const letters = text.replace(/[^\p{L}]/gu, '').length;
  if (!NAME.test(text) || letters < 2 || charLength(text) > max || utf8Length(text) > maxBytes) return null;
  return titleCase(text);
}
