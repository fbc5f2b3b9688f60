import type { NewCategory } from '../tables/catalog.table.js';

/**
 * The thirteen LAPOR! topics (shared/DOMAIN.md), each with the OPD kind that handles it
 * by default and the words that suggest it. Keywords are lower case, as citizens type
 * them in chat: everyday words, common abbreviations (rsud, ppdb, ktp) and programme
 * names (bpjs, kip, dana bos). Ambiguous words ("sakit", "surat", "bantuan") are left
 * out on purpose: a wrong suggestion costs the citizen a correction, a missing one only
 * a choice from the list.
 */
export const CATEGORIES: readonly NewCategory[] = [
  {
    code: 'kesehatan',
    name_id: 'Kesehatan',
    name_en: 'Health',
    default_opd_kind: 'dinkes',
    keywords: [
      'puskesmas', 'pustu', 'rumah sakit', 'rsud', 'klinik', 'posyandu', 'igd', 'ugd',
      'dokter', 'perawat', 'bidan', 'pasien', 'rawat inap', 'rawat jalan', 'rujukan',
      'ambulans', 'ambulan', 'obat', 'apotek', 'bpjs kesehatan', 'kartu indonesia sehat', 'jkn',
      'imunisasi', 'vaksin', 'stunting', 'gizi buruk', 'demam berdarah', 'dbd',
      'fogging', 'jentik', 'diare', 'tbc', 'malaria', 'persalinan', 'ibu hamil',
    ],
  },
  {
    code: 'pendidikan',
    name_id: 'Pendidikan',
    name_en: 'Education',
    default_opd_kind: 'disdik',
    keywords: [
      'sekolah', 'sekolah dasar', 'smp', 'sma', 'smk', 'paud', 'taman kanak-kanak',
      'guru', 'kepala sekolah', 'murid', 'siswa', 'pelajar', 'ppdb', 'zonasi',
      'beasiswa', 'kartu indonesia pintar', 'kip kuliah', 'pip', 'dana bos', 'komite sekolah', 'pungutan sekolah',
      'uang gedung', 'seragam', 'buku pelajaran', 'ijazah', 'rapor', 'ruang kelas',
      'guru honorer', 'ujian', 'les tambahan',
    ],
  },
  {
    code: 'administrasi kependudukan',
    name_id: 'Administrasi Kependudukan',
    name_en: 'Civil registration',
    default_opd_kind: 'disdukcapil',
    keywords: [
      'ktp', 'e-ktp', 'ktp-el', 'kartu keluarga', 'kk', 'akta kelahiran', 'akta kematian',
      'akta lahir', 'akta perkawinan', 'akta perceraian', 'dukcapil', 'capil',
      'blanko', 'perekaman', 'pindah domisili', 'surat pindah', 'kartu identitas anak',
      'data kependudukan', 'nik ganda', 'nik tidak terdaftar',
    ],
  },
  {
    code: 'perizinan',
    name_id: 'Perizinan',
    name_en: 'Permits and licensing',
    default_opd_kind: 'dpmptsp',
    keywords: [
      'izin', 'perizinan', 'pbg', 'izin mendirikan bangunan', 'nib', 'oss',
      'siup', 'izin usaha', 'izin lokasi', 'izin reklame', 'reklame', 'izin keramaian',
      'sertifikat laik fungsi', 'slf', 'amdal', 'tdp', 'ptsp', 'mal pelayanan publik',
      'investasi', 'penanaman modal', 'izin gangguan',
    ],
  },
  {
    code: 'infrastruktur',
    name_id: 'Infrastruktur',
    name_en: 'Infrastructure',
    default_opd_kind: 'pupr',
    keywords: [
      'jalan', 'jalan rusak', 'berlubang', 'lubang', 'aspal', 'jembatan', 'trotoar',
      'lampu jalan', 'pju', 'penerangan jalan', 'drainase', 'selokan', 'got mampet', 'gorong-gorong',
      'parit', 'saluran air', 'banjir', 'genangan', 'tergenang', 'longsor', 'turap',
      'tanggul', 'irigasi', 'pdam', 'air bersih', 'air mati', 'rumah tidak layak huni',
      'rtlh', 'tata ruang', 'bangunan liar', 'pembangunan jalan', 'saluran mampet',
    ],
  },
  {
    code: 'transportasi',
    name_id: 'Transportasi',
    name_en: 'Transport',
    default_opd_kind: 'dishub',
    keywords: [
      'angkot', 'angkutan umum', 'bus kota', 'halte', 'terminal', 'pelabuhan',
      'kapal', 'ferry', 'feri', 'pompong', 'speedboat', 'ojek', 'ojol', 'taksi',
      'parkir', 'parkir liar', 'juru parkir', 'jukir', 'lampu lalu lintas', 'traffic light',
      'rambu lalu lintas', 'lalu lintas', 'macet', 'kemacetan', 'uji kir', 'truk odol',
      'zebra cross', 'penyeberangan', 'dishub',
    ],
  },
  {
    code: 'lingkungan hidup',
    name_id: 'Lingkungan Hidup',
    name_en: 'Environment',
    default_opd_kind: 'dlh',
    keywords: [
      'sampah', 'tumpukan sampah', 'tps', 'tpa', 'truk sampah', 'bank sampah',
      'pencemaran', 'limbah', 'limbah b3', 'bau busuk', 'bau menyengat', 'asap', 'polusi',
      'pembakaran sampah', 'kebisingan', 'bising', 'sungai tercemar', 'air tercemar',
      'penebangan pohon', 'pohon tumbang', 'ruang terbuka hijau', 'rth', 'taman kota',
      'mangrove', 'bakau', 'tambang pasir', 'galian c', 'reklamasi', 'abrasi',
    ],
  },
  {
    code: 'pariwisata',
    name_id: 'Pariwisata',
    name_en: 'Tourism',
    default_opd_kind: 'dispar',
    keywords: [
      'wisata', 'pariwisata', 'objek wisata', 'tempat wisata', 'destinasi', 'pantai',
      'wisatawan', 'turis', 'tiket masuk', 'retribusi wisata', 'homestay', 'hotel',
      'penginapan', 'pemandu wisata', 'festival', 'cagar budaya',
      'desa wisata',
    ],
  },
  {
    code: 'pembangunan daerah',
    name_id: 'Pembangunan Daerah',
    name_en: 'Regional development',
    // No single dinas owns this: the coordinating admin reads it and disposes it.
    default_opd_kind: null,
    keywords: [
      'pembangunan daerah', 'musrenbang', 'rencana pembangunan', 'apbd', 'anggaran daerah',
      'program pemerintah daerah', 'proyek mangkrak', 'mangkrak', 'pokir', 'usulan pembangunan',
      'pemerataan pembangunan', 'bappeda', 'rpjmd', 'pembangunan kawasan',
    ],
  },
  {
    code: 'dana desa',
    name_id: 'Dana Desa',
    name_en: 'Village funds',
    default_opd_kind: 'dpmd',
    keywords: [
      'dana desa', 'alokasi dana desa', 'apbdes', 'apbdesa', 'kepala desa', 'kades',
      'perangkat desa', 'aparat desa', 'sekdes', 'bumdes', 'blt dana desa', 'blt-dd',
      'bpd', 'musdes', 'musyawarah desa', 'kantor desa', 'balai desa', 'penyelewengan dana',
      'siltap', 'padat karya',
    ],
  },
  {
    code: 'ketenagakerjaan',
    name_id: 'Ketenagakerjaan',
    name_en: 'Employment',
    default_opd_kind: 'disnaker',
    keywords: [
      'gaji', 'upah', 'ump', 'umk', 'upah minimum', 'gaji tidak dibayar', 'thr', 'lembur',
      'phk', 'pesangon', 'dipecat', 'karyawan', 'buruh', 'pekerja', 'kontrak kerja',
      'outsourcing', 'alih daya', 'bpjs ketenagakerjaan', 'jamsostek', 'kecelakaan kerja',
      'lowongan kerja', 'loker', 'pencari kerja', 'kartu kuning', 'ak1', 'pekerja migran', 'tki',
      'pelatihan kerja', 'blk',
    ],
  },
  {
    code: 'komunikasi & informatika',
    name_id: 'Komunikasi & Informatika',
    name_en: 'Communications and IT',
    default_opd_kind: 'diskominfo',
    keywords: [
      'internet', 'sinyal', 'jaringan', 'wifi', 'wi-fi', 'blank spot', 'tidak ada sinyal',
      'bts', 'menara telekomunikasi', 'tower', 'website pemda', 'situs', 'aplikasi',
      'hoaks', 'hoax', 'informasi publik', 'ppid', 'data pribadi', 'kebocoran data',
      'cctv', 'command center', 'media sosial', 'kominfo', 'diskominfo',
    ],
  },
  {
    code: 'ketenteraman & ketertiban umum',
    name_id: 'Ketenteraman & Ketertiban Umum',
    name_en: 'Public order',
    default_opd_kind: 'satpolpp',
    keywords: [
      'satpol pp', 'satpol', 'pkl', 'pedagang kaki lima', 'lapak liar', 'bangunan tanpa izin',
      'gelandangan', 'pengemis', 'anak jalanan', 'pengamen', 'preman',
      'balap liar', 'miras', 'minuman keras', 'keributan', 'ribut', 'mabuk', 'judi',
      'tempat hiburan ilegal', 'ketertiban', 'ketenteraman', 'penertiban', 'perda',
      'spanduk liar', 'baliho liar', 'pemadam kebakaran', 'kebakaran', 'damkar',
    ],
  },
];
