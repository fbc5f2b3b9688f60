/**
 * Acronyms that stay upper case when a Kemendagri name is title-cased
 * ("DKI JAKARTA" -> "DKI Jakarta", not "Dki Jakarta").
 */
const ACRONYMS = new Set(['DKI']);

/**
 * Title-cases a province or regency name, which idn-area-data ships in upper case:
 * `KOTA BATAM` -> `Kota Batam`, `KABUPATEN KEPULAUAN ANAMBAS` -> `Kabupaten Kepulauan Anambas`.
 * Districts and villages already come in mixed case and are left alone.
 */
export function titleCaseRegionName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((word) =>
      ACRONYMS.has(word)
        ? word
        : word.toLowerCase().replace(/(^|[-'(])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase()),
    )
    .join(' ');
}
