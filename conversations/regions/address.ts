import type { Gazetteer } from './gazetteer.js';

/** The region codes of an address, as far as known. */
export interface AddressCodes {
  province?: string | undefined;
  regency?: string | undefined;
  district?: string | undefined;
  village?: string | null | undefined;
}

/**
 * An address as one line, smallest place first:
 * `Tanjung Piayu, Sei Beduk, Kota Batam, Kepulauan Riau`.
 */
export function describeAddress(g: Gazetteer, codes: AddressCodes): string {
  return [codes.village, codes.district, codes.regency, codes.province]
    .map((code) => (code ? g.get(code)?.name : undefined))
    .filter((n): n is string => Boolean(n))
    .join(', ');
}
