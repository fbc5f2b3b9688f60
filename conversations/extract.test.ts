import { describe, expect, it } from 'vitest';
import { defaultCategories, findCategory, suggestCategories } from './categories.js';
import { parseCommand } from './commands.js';
import { extractFirstMessage } from './extract.js';
import { detectOutOfScope } from './out-of-scope.js';
import { testGazetteer } from './testing/harness.js';

const g = testGazetteer();
const NOW = new Date('2026-11-20T10:00:00+07:00');

describe('extractFirstMessage', () => {
  it('reads everything from one long message (shared example 04)', () => {
    const x = extractFirstMessage(
      'Selamat siang. Nama saya Budi Santoso NIK 2171070512900003 HP 081266778899, tinggal di kelurahan Tanjung Piayu kec. Sei Beduk kota Batam. Saya mau mengadukan lampu jalan di Jl. Raya Tanjung Piayu mati semua sejak kemarin malam, jalan jadi gelap dan rawan.',
      g,
      NOW,
    );
    expect(x.set).toEqual({
      name: 'Budi Santoso',
      nik: '2171070512900003',
      phone: '+6281266778899',
      province: '21',
      regency: '21.71',
      district: '21.71.07',
      village: '21.71.07.1004',
      body: 'Saya mau mengadukan lampu jalan di Jl. Raya Tanjung Piayu mati semua sejak kemarin malam, jalan jadi gelap dan rawan.',
      incident_date: '2026-11-19',
      place: 'Jl. Raya Tanjung Piayu',
    });
    expect(x.lapor).toBe(false);
    expect(x.fields).toHaveLength(10);
  });

  it('reads the issue’s example with unlabelled places', () => {
    const x = extractFirstMessage('nama saya Budi, NIK 2171070512900003, tinggal di Sei Beduk Batam, jalan di depan SD 005 rusak sejak 3 bulan lalu', g, NOW);
    expect(x.set).toMatchObject({ name: 'Budi', nik: '2171070512900003', regency: '21.71', district: '21.71.07', incident_date: '2026-08-20' });
    expect(x.set.body).toBe('jalan di depan SD 005 rusak sejak 3 bulan lalu');
  });

  it('takes a LAPOR message as the story without asking to confirm it', () => {
    const x = extractFirstMessage('LAPOR mau tanya syarat bikin akta kelahiran anak di Balikpapan apa saja', g, NOW);
    expect(x).toEqual({ set: { body: 'mau tanya syarat bikin akta kelahiran anak di Balikpapan apa saja' }, fields: [], lapor: true });
  });

  it('takes nothing from a greeting', () => {
    expect(extractFirstMessage('halo, saya mau lapor', g, NOW).set).toEqual({});
    expect(extractFirstMessage('/start', g, NOW).set).toEqual({});
  });
});

describe('topics', () => {
  it('suggests by keywords, most hits first', () => {
    expect(suggestCategories('Puskesmas Daik tutup, tidak ada dokter', defaultCategories)[0]).toBe('kesehatan');
    expect(suggestCategories('mau tanya syarat akta kelahiran', defaultCategories)).toEqual(['administrasi kependudukan']);
    expect(suggestCategories('lampu jalan mati', defaultCategories)[0]).toBe('infrastruktur');
    expect(suggestCategories('', defaultCategories)).toEqual([]);
  });
  it('finds a topic by code, label in either language, keyword or prefix', () => {
    expect(findCategory('administrasi kependudukan', defaultCategories)).toBe('administrasi kependudukan');
    expect(findCategory('Health', defaultCategories)).toBe('kesehatan');
    expect(findCategory('puskesmas', defaultCategories)).toBe('kesehatan');
    expect(findCategory('lingkungan', defaultCategories)).toBe('lingkungan hidup');
    expect(findCategory('ketenteraman & ketertiban umum', defaultCategories)).toBe('ketenteraman & ketertiban umum');
    expect(findCategory('olahraga', defaultCategories)).toBeNull();
  });
  it('has the thirteen LAPOR! topics with choice-safe codes', () => {
    expect(defaultCategories.map((c) => c.code)).toEqual([
      'kesehatan', 'pendidikan', 'administrasi kependudukan', 'perizinan', 'infrastruktur', 'transportasi', 'lingkungan hidup',
      'pariwisata', 'pembangunan daerah', 'dana desa', 'ketenagakerjaan', 'komunikasi & informatika', 'ketenteraman & ketertiban umum',
    ]);
    for (const c of defaultCategories) expect(Buffer.byteLength(c.code)).toBeLessThanOrEqual(40);
  });
});

describe('commands', () => {
  it.each([
    ['bantuan', { type: 'help' }],
    ['HELP', { type: 'help' }],
    ['kembali', { type: 'back' }],
    ['batal', { type: 'cancel' }],
    ['mulai lagi', { type: 'restart' }],
    ['/start', { type: 'restart' }],
    ['english', { type: 'language', lang: 'en' }],
    ['Bahasa Indonesia', { type: 'language', lang: 'id' }],
    ['ubah kecamatan', { type: 'edit', target: 'district' }],
    ['change district', { type: 'edit', target: 'district' }],
    ['ubah alamat', { type: 'edit', target: 'address' }],
    ['ubah', { type: 'edit', target: null }],
    ['lewati', { type: 'skip' }],
    ['/status LPR-1TK2HK6', { type: 'status', ticket: 'LPR-1TK2HK6' }],
    ['lpr-1tk2-hk6', { type: 'status', ticket: 'LPR-1TK2HK6' }],
    ['status LPR-1TK2HK7', { type: 'status', ticket: null }],
    // A bare ticket, with or without separators, in any case.
    ['LPR1TK2HK6', { type: 'status', ticket: 'LPR-1TK2HK6' }],
    ['lpr1tk2hk6', { type: 'status', ticket: 'LPR-1TK2HK6' }],
    ['LPR-1TK2HK6', { type: 'status', ticket: 'LPR-1TK2HK6' }],
    ['lpr 1tk2 hk6', { type: 'status', ticket: 'LPR-1TK2HK6' }],
    ['status lpr1tk2hk6', { type: 'status', ticket: 'LPR-1TK2HK6' }],
  ])('%s', (input, command) => expect(parseCommand(input)).toEqual(command));

  it.each([
    'pembangunan dibatalkan', 'ganti rugi belum dibayar', 'cek kesehatan gratis tidak jalan', 'kembali lagi rusak', 'Manggar',
    // Starting with "lpr" is not enough: a mistyped check character, a word, a story.
    'LPR1TK2HK7', 'lprakarsa', 'LPRD rusak parah di depan sekolah',
  ])(
    '"%s" is an answer, not a command',
    (input) => expect(parseCommand(input)).toBeNull(),
  );
});

describe('out of scope', () => {
  it.each([
    ['Motor saya dicuri di parkiran', 'criminal'],
    ['Putusan hakim pengadilan negeri tidak adil', 'court'],
    ['Anggota DPRD tidak pernah reses', 'legislature'],
    ['Puskesmas tutup', null],
  ])('%s', (text, area) => expect(detectOutOfScope(text)).toBe(area));
});
