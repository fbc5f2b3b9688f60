import { matchKey } from '../parse/text.js';

/**
 * How place names are compared. Citizens and the Kemendagri list spell the same
 * place differently ("Sei Beduk" / "sungai beduk", "Tj. Uncang" / "Tanjung Uncang",
 * "kab. lingga" / "KABUPATEN LINGGA"), so both sides go through the same key: admin
 * words stripped, common abbreviations expanded.
 */

/** Regency kind, from the `KOTA` / `KABUPATEN` prefix of its name or the citizen's words. */
export type RegencyType = 'kota' | 'kab';

// Abbreviations of the generic words place names are built from. Only words whose
// expansion is unambiguous in place names are listed.
const EXPAND: Record<string, string> = {
  sei: 'sungai',
  sg: 'sungai',
  sgi: 'sungai',
  sng: 'sungai',
  tj: 'tanjung',
  tg: 'tanjung',
  tjg: 'tanjung',
  tanjong: 'tanjung',
  kp: 'kampung',
  kpg: 'kampung',
  kampong: 'kampung',
  psr: 'pasar',
  kep: 'kepulauan',
  kpl: 'kepulauan',
  pulo: 'pulau',
  ngr: 'nagari',
};

// Words that name the level rather than the place; stripped from the front.
const LEVEL_WORDS: Record<string, RegencyType | null> = {
  provinsi: null,
  propinsi: null,
  prov: null,
  province: null,
  kabupaten: 'kab',
  kab: 'kab',
  kabupatén: 'kab',
  regency: 'kab',
  kota: 'kota',
  kotamadya: 'kota',
  kodya: 'kota',
  kotamadia: 'kota',
  city: 'kota',
  kecamatan: null,
  kec: null,
  kecamatn: null,
  district: null,
  distrik: null,
  kelurahan: null,
  kel: null,
  kelurhan: null,
  desa: null,
  ds: null,
  village: null,
  administrasi: null,
  adm: null,
  di: null,
  daerah: null,
};

/** A normalized name: its word key, the same without spaces, and a kota/kabupaten hint. */
export interface RegionKey {
  key: string;
  compact: string;
  type: RegencyType | null;
}

/**
 * Normalizes a place name for matching. `daerah` is dropped too so "Daerah Istimewa
 * Yogyakarta" and "istimewa yogyakarta" meet; a name that is nothing but level words
 * keeps them ("Kota" is a real village name).
 *
 * @example regionKey('Kab. Lingga') // { key: 'lingga', compact: 'lingga', type: 'kab' }
 * @example regionKey('sei beduk') // { key: 'sungai beduk', compact: 'sungaibeduk', type: null }
 */
export function regionKey(name: string): RegionKey {
  const words = matchKey(name)
    .split(' ')
    .filter((w) => w.length > 0)
    .map((w) => EXPAND[w] ?? w);
  let type: RegencyType | null = null;
  let start = 0;
  while (start < words.length - 1 && words[start]! in LEVEL_WORDS) {
    type = LEVEL_WORDS[words[start]!] ?? type;
    start += 1;
  }
  const kept = words.slice(start);
  const key = kept.join(' ');
  return { key, compact: kept.join(''), type };
}

/**
 * Short names citizens use for provinces, by code. The official names are matched
 * anyway; these are the acronyms and everyday names that share no spelling with them.
 */
export const PROVINCE_ALIASES: Record<string, readonly string[]> = {
  '11': ['nad', 'nanggroe aceh darussalam'],
  '12': ['sumut'],
  '13': ['sumbar'],
  '16': ['sumsel'],
  '19': ['babel', 'bangka belitung', 'bangka', 'belitung'],
  '21': ['kepri'],
  '31': ['jakarta', 'dki'],
  '32': ['jabar'],
  '33': ['jateng'],
  '34': ['diy', 'jogja', 'jogjakarta', 'yogya', 'yogyakarta'],
  '35': ['jatim'],
  '52': ['ntb'],
  '53': ['ntt'],
  '61': ['kalbar'],
  '62': ['kalteng'],
  '63': ['kalsel'],
  '64': ['kaltim'],
  '65': ['kaltara'],
  '71': ['sulut'],
  '72': ['sulteng'],
  '73': ['sulsel'],
  '74': ['sultra'],
  '76': ['sulbar'],
  '82': ['malut'],
  '92': ['pabar'],
  '95': ['papua pegunungan tengah'],
  '96': ['pbd'],
};

/**
 * Title-cases an upper-case Kemendagri province or regency name for display:
 * `KOTA BATAM` -> `Kota Batam`; `DKI` stays as it is.
 */
export function displayName(upper: string): string {
  return upper
    .toLowerCase()
    .split(' ')
    .map((w) => (w === 'dki' ? 'DKI' : w.replace(/(^|[-'(])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase())))
    .join(' ');
}
