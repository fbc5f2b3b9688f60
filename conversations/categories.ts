import { matchKey } from './parse/text.js';

/**
 * The LAPOR! topics a report is filed under — a table, not an enum, so a deployment
 * can pass its own list to createEngine. Codes are what the intake queue stores.
 */

/** One topic with its labels and the everyday words that suggest it. */
export interface Category {
  /** Stored code, lower case as LAPOR! writes it: `administrasi kependudukan`. */
  code: string;
  label: { id: string; en: string };
  /** Lower-case words or phrases; a hit in the citizen's text suggests this topic. */
  keywords: readonly string[];
}

/** The thirteen topics of shared/DOMAIN.md. */
export const defaultCategories: readonly Category[] = [
  {
    code: 'kesehatan',
    label: { id: 'Kesehatan', en: 'Health' },
    keywords: ['kesehatan', 'health', 'puskesmas', 'rumah sakit', 'rsud', 'klinik', 'posyandu', 'dokter', 'bidan', 'perawat', 'obat', 'bpjs kesehatan', 'jkn', 'kis', 'imunisasi', 'vaksin', 'pasien', 'ambulans', 'demam', 'stunting', 'hospital', 'clinic', 'doctor'],
  },
  {
    code: 'pendidikan',
    label: { id: 'Pendidikan', en: 'Education' },
    keywords: ['pendidikan', 'education', 'sekolah', 'sd', 'smp', 'sma', 'smk', 'paud', 'guru', 'murid', 'siswa', 'ppdb', 'zonasi', 'beasiswa', 'kip', 'dana bos', 'ijazah', 'school', 'teacher', 'student', 'bus sekolah', 'school bus'],
  },
  {
    code: 'administrasi kependudukan',
    label: { id: 'Administrasi Kependudukan', en: 'Civil registration' },
    keywords: ['administrasi kependudukan', 'adminduk', 'ktp', 'e ktp', 'kartu keluarga', 'kk', 'akta', 'akta kelahiran', 'akta kematian', 'dukcapil', 'disdukcapil', 'capil', 'kia', 'pindah domisili', 'surat pindah', 'birth certificate', 'id card'],
  },
  {
    code: 'perizinan',
    label: { id: 'Perizinan', en: 'Permits' },
    keywords: ['perizinan', 'izin', 'ijin', 'permit', 'license', 'pbg', 'imb', 'nib', 'oss', 'siup', 'izin usaha', 'reklame', 'ptsp', 'dpmptsp', 'slf'],
  },
  {
    code: 'infrastruktur',
    label: { id: 'Infrastruktur', en: 'Infrastructure' },
    keywords: ['infrastruktur', 'infrastructure', 'jalan', 'jalan rusak', 'rusak', 'diperbaiki', 'perbaikan', 'berlubang', 'aspal', 'jembatan', 'drainase', 'selokan', 'gorong gorong', 'lampu jalan', 'pju', 'penerangan jalan', 'trotoar', 'banjir', 'air bersih', 'pdam', 'listrik', 'pln', 'road', 'pothole', 'bridge', 'street light'],
  },
  {
    code: 'transportasi',
    label: { id: 'Transportasi', en: 'Transport' },
    keywords: ['transportasi', 'transport', 'angkot', 'angkutan', 'bus', 'terminal', 'pelabuhan', 'kapal', 'feri', 'ojek', 'parkir', 'juru parkir', 'lalu lintas', 'macet', 'dishub', 'kir', 'bandara', 'traffic', 'parking'],
  },
  {
    code: 'lingkungan hidup',
    label: { id: 'Lingkungan Hidup', en: 'Environment' },
    keywords: ['lingkungan hidup', 'lingkungan', 'environment', 'sampah', 'tps', 'tpa', 'limbah', 'polusi', 'pencemaran', 'asap', 'bau', 'sungai kotor', 'pohon tumbang', 'penebangan', 'garbage', 'waste', 'pollution'],
  },
  {
    code: 'pariwisata',
    label: { id: 'Pariwisata', en: 'Tourism' },
    keywords: ['pariwisata', 'tourism', 'wisata', 'objek wisata', 'pantai', 'tiket masuk', 'retribusi wisata', 'hotel', 'homestay', 'turis', 'tourist', 'beach'],
  },
  {
    code: 'pembangunan daerah',
    label: { id: 'Pembangunan Daerah', en: 'Regional development' },
    keywords: ['pembangunan daerah', 'pembangunan', 'proyek', 'mangkrak', 'bappeda', 'musrenbang', 'tata ruang', 'pasar', 'development', 'project'],
  },
  {
    code: 'dana desa',
    label: { id: 'Dana Desa', en: 'Village funds' },
    keywords: ['dana desa', 'village fund', 'kepala desa', 'kades', 'perangkat desa', 'blt', 'blt dd', 'apbdes', 'bumdes', 'add', 'alokasi dana desa'],
  },
  {
    code: 'ketenagakerjaan',
    label: { id: 'Ketenagakerjaan', en: 'Employment' },
    keywords: ['ketenagakerjaan', 'employment', 'kerja', 'pekerja', 'buruh', 'gaji', 'upah', 'umr', 'ump', 'phk', 'pesangon', 'bpjs ketenagakerjaan', 'tka', 'pmi', 'tki', 'lowongan', 'disnaker', 'salary', 'wage', 'job'],
  },
  {
    code: 'komunikasi & informatika',
    label: { id: 'Komunikasi & Informatika', en: 'Communications & IT' },
    keywords: ['komunikasi & informatika', 'komunikasi dan informatika', 'kominfo', 'diskominfo', 'internet', 'sinyal', 'wifi', 'website', 'situs', 'aplikasi', 'hoaks', 'hoax', 'data pribadi', 'bts', 'signal'],
  },
  {
    code: 'ketenteraman & ketertiban umum',
    label: { id: 'Ketenteraman & Ketertiban Umum', en: 'Public order' },
    keywords: ['ketenteraman & ketertiban umum', 'ketertiban umum', 'ketertiban', 'trantibum', 'satpol pp', 'pkl', 'pedagang kaki lima', 'bangunan liar', 'preman', 'pungli', 'keributan', 'kebisingan', 'miras', 'public order', 'noise'],
  },
];

interface Prepared {
  code: string;
  names: readonly string[];
  keywordSet: ReadonlySet<string>;
}

interface PreparedList {
  categories: Prepared[];
  /** Keyword key -> indexes of the topics that list it. */
  byKeyword: Map<string, number[]>;
  /** The most words any keyword has: how long a phrase to look up. */
  longest: number;
}

// Keys are computed once per list: suggestions run on every category prompt, and a
// phrase lookup per word of the story is far cheaper than a search per keyword.
const preparedLists = new WeakMap<readonly Category[], PreparedList>();

function prepare(list: readonly Category[]): PreparedList {
  let prepared = preparedLists.get(list);
  if (!prepared) {
    const byKeyword = new Map<string, number[]>();
    let longest = 1;
    const categories = list.map((c, i) => {
      const keys = c.keywords.map((k) => matchKey(k));
      for (const k of keys) {
        const entry = byKeyword.get(k);
        if (entry) entry.push(i);
        else byKeyword.set(k, [i]);
        longest = Math.max(longest, k.split(' ').length);
      }
      return { code: c.code, names: [matchKey(c.code), matchKey(c.label.id), matchKey(c.label.en)], keywordSet: new Set(keys) };
    });
    prepared = { categories, byKeyword, longest };
    preparedLists.set(list, prepared);
  }
  return prepared;
}

/**
 * Topics whose keywords occur in the text, most hits first (ties in list order).
 *
 * @example suggestCategories('Jalan di depan SD berlubang', defaultCategories) // ['infrastruktur', 'pendidikan']
 */
export function suggestCategories(text: string, categories: readonly Category[], max = 3): string[] {
  const { categories: prepared, byKeyword, longest } = prepare(categories);
  const words = matchKey(text).split(' ');
  // A keyword counts once however often the story repeats it.
  const found = new Set<string>();
  for (let i = 0; i < words.length; i += 1) {
    let phrase = words[i]!;
    for (let n = 1; n <= longest && i + n <= words.length; n += 1) {
      if (n > 1) phrase += ` ${words[i + n - 1]}`;
      if (byKeyword.has(phrase)) found.add(phrase);
    }
  }
  const hits = new Array<number>(prepared.length).fill(0);
  for (const phrase of found) for (const index of byKeyword.get(phrase)!) hits[index]! += 1;
  return prepared
    .map((c, i) => ({ code: c.code, i, hits: hits[i]! }))
    .filter((x) => x.hits > 0)
    .sort((a, b) => b.hits - a.hits || a.i - b.i)
    .slice(0, max)
    .map((x) => x.code);
}

/**
 * The topic an answer names: its code or label in either language, or a keyword
 * when exactly one topic has it ("jalan" -> infrastruktur). Null when unclear.
 */
export function findCategory(answer: string, categories: readonly Category[]): string | null {
  const key = matchKey(answer);
  if (key === '') return null;
  const prepared = prepare(categories).categories;
  const named = prepared.find((c) => c.names.includes(key));
  if (named) return named.code;
  const byKeyword = prepared.filter((c) => c.keywordSet.has(key));
  if (byKeyword.length === 1) return byKeyword[0]!.code;
  // "adminduk", "lingkungan": the start of one topic's name is enough.
  const byPrefix = key.length >= 4 ? prepared.filter((c) => c.names.some((n) => n.startsWith(key))) : [];
  return byPrefix.length === 1 ? byPrefix[0]!.code : null;
}
