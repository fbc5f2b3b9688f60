/**
 * Masks personal numbers in free text before it is written anywhere an operator
 * reads (logs, error messages). NIKs keep their first four digits (the region, useful
 * when debugging routing) and Indonesian mobile numbers their last three.
 *
 * @example maskPersonalNumbers('nik 2171070512900003 hp +6281266778899')
 * // 'nik 2171************ hp +62812******899'
 */
export function maskPersonalNumbers(text: string): string {
  return text
    .replace(NIK_PATTERN, (nik) => `${nik.slice(0, 4)}${'*'.repeat(12)}`)
    .replace(PHONE_PATTERN, (_m, prefix: string, digits: string) => {
      const shown = digits.slice(-3);
      return `${prefix}${'*'.repeat(Math.max(digits.length - 3, 0))}${shown}`;
    });
}

// 16 digits, optionally grouped by spaces, dots or dashes the way citizens type them.
const NIK_PATTERN = /(?<![\d])\d{4}[ .-]?\d{4}[ .-]?\d{4}[ .-]?\d{4}(?![\d])/g;
// 08…, 628…, +628… with 7–11 more digits, optionally grouped; keeps the operator prefix.
const PHONE_PATTERN = /(?<![\d])((?:\+?62|0)8\d{2})[ .-]?(\d{3,4}[ .-]?\d{3,5})(?![\d])/g;
