import { parseNik } from '../parse/nik.js';
import type { StepHandler } from './types.js';

/**
 * The reporter's NIK. Spaces, dots and dashes are fine; the birth date inside must
 * exist (women's day + 40); a region code that no longer exists is only a note.
 *
 * @example bot: "Berapa NIK Anda? (16 angka di KTP)" — citizen: "2104 0252 0885 0001" — stored: "2104025208850001"
 * @example citizen: "210402520885001" — bot: "NIK harus 16 angka, yang Anda kirim 15 angka. Contoh: 2171 0512 9001 0003"
 */
export const nikStep: StepHandler = {
  prompt: (_s, { m }) => ({ text: m.nikQuestion }),
  answer: (_s, input, { m, data }) => {
    const result = parseNik(input.text, (code) => data.gazetteer.get(code) !== undefined);
    if (result.ok) {
      return { type: 'answered', set: { nik: result.nik }, notes: result.unknownRegion ? [m.nikUnknownRegion] : [] };
    }
    switch (result.reason) {
      case 'not_digits':
        return { type: 'rejected', error: m.nikNotDigits };
      case 'length':
        return { type: 'rejected', error: m.nikLength(result.digits) };
      case 'birth_date':
        return { type: 'rejected', error: m.nikBirthDate };
      case 'serial':
        return { type: 'rejected', error: m.nikSerial };
    }
  },
};
