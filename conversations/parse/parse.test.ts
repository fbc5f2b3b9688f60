import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIncidentDate } from './dates.js';
import { parseName } from './name.js';
import { parseNik } from './nik.js';
import { parsePhone } from './phone.js';
import { cleanText, matchKey } from './text.js';
import { yesNo } from './words.js';

const NOW = new Date('2026-11-20T10:00:00+07:00'); // a Friday
const known = (code: string) => ['21', '21.71', '21.71.07', '21.04', '21.04.02'].includes(code);

describe('parseNik', () => {
  it.each([
    ['2171070512900003', { ok: true, nik: '2171070512900003', female: false, birthDay: 5, birthMonth: 12, unknownRegion: false }],
    ['2104 0252 0885 0001', { ok: true, nik: '2104025208850001', female: true, birthDay: 12, birthMonth: 8 }],
    ['2171.0705.1290.0003', { ok: true, nik: '2171070512900003' }],
    ['NIK: 2171-0705-1290-0003', { ok: true, nik: '2171070512900003' }],
    ['9999051205900003', { ok: true, unknownRegion: true }],
    ['210402520885001', { ok: false, reason: 'length', digits: 15 }],
    ['21710705129000031', { ok: false, reason: 'length', digits: 17 }],
    ['2104023208850001', { ok: false, reason: 'birth_date', day: 32, month: 8 }],
    ['2104027208850001', { ok: false, reason: 'birth_date', day: 72, month: 8 }],
    ['2104023102850001', { ok: false, reason: 'birth_date', day: 31, month: 2 }],
    ['2104022913850001', { ok: false, reason: 'birth_date', day: 29, month: 13 }],
    ['2104026902850001', { ok: true, female: true, birthDay: 29, birthMonth: 2 }],
    ['2104021302850000', { ok: false, reason: 'serial' }],
    ['21710705129OOOO3', { ok: false, reason: 'not_digits' }],
    ['', { ok: false, reason: 'not_digits' }],
  ])('%s', (input, expected) => expect(parseNik(input, known)).toMatchObject(expected));
});

describe('parsePhone', () => {
  it.each([
    ['0812-6677-8899', '+6281266778899'],
    ['+62 823 1100 2200', '+6282311002200'],
    ['6285211223344', '+6285211223344'],
    ['(0812) 667 788 99', '+6281266778899'],
    ['HP: 0813 1234 5678', '+6281312345678'],
    ['+60 12-345 6789', '+60123456789'],
  ])('%s -> %s', (input, e164) => expect(parsePhone(input)).toEqual({ ok: true, e164 }));
  it.each([
    ['021 5551234', 'landline'],
    ['0812', 'invalid'],
    ['08123456789012', 'invalid'],
    ['nomor saya rahasia', 'not_a_number'],
    ['812 6677 8899', 'invalid'],
  ])('%s is refused (%s)', (input, reason) => expect(parsePhone(input)).toEqual({ ok: false, reason }));
});

describe('parseIncidentDate (now: Friday 20 Nov 2026, Jakarta)', () => {
  it.each([
    ['hari ini', '2026-11-20'],
    ['today', '2026-11-20'],
    ['kemarin', '2026-11-19'],
    ['Kemarin malam', '2026-11-19'],
    ['yesterday', '2026-11-19'],
    ['kemarin lusa', '2026-11-18'],
    ['2 hari lalu', '2026-11-18'],
    ['dua hari yang lalu', '2026-11-18'],
    ['3 days ago', '2026-11-17'],
    ['seminggu lalu', '2026-11-13'],
    ['2 minggu lalu', '2026-11-06'],
    ['sebulan lalu', '2026-10-20'],
    ['senin', '2026-11-16'],
    ['Jumat lalu', '2026-11-13'],
    ['12/8/2021', '2021-08-12'],
    ['12-08-21', '2021-08-12'],
    ['2021-08-12', '2021-08-12'],
    ['16 November', '2026-11-16'],
    ['12 Agustus 2021', '2021-08-12'],
    ['tgl 5 agt', '2026-08-05'],
    ['November 16, 2025', '2025-11-16'],
    ['25 Desember', '2025-12-25'],
    ['sekitar tanggal 3 mei 2024', '2024-05-03'],
  ])('%s -> %s', (input, date) => expect(parseIncidentDate(input, NOW)).toEqual({ ok: true, date }));

  it('reads "hari ini" by the Jakarta calendar, not UTC', () => {
    expect(parseIncidentDate('hari ini', new Date('2026-11-20T18:30:00Z'))).toEqual({ ok: true, date: '2026-11-21' });
  });

  it.each([
    ['besok', 'future'],
    ['1 januari 2027', 'future'],
    ['21 November 2026', 'future'],
    ['31/2/2020', 'invalid'],
    ['1/1/1900', 'too_old'],
    ['waktu itu', 'unknown'],
    ['', 'unknown'],
  ])('%s is refused (%s)', (input, reason) => expect(parseIncidentDate(input, NOW)).toEqual({ ok: false, reason }));

  it.each(['tidak tahu', 'lupa', "don't know"])('%s means no date', (input) => expect(parseIncidentDate(input, NOW)).toEqual({ ok: true, date: null }));

  it('never returns a future date', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseIncidentDate(s, NOW);
        if (r.ok && r.date) expect(r.date <= '2026-11-20').toBe(true);
      }),
    );
  });
});

describe('parseName', () => {
  it.each([
    ['siti rahmawati', 'Siti Rahmawati'],
    ['BUDI SANTOSO', 'Budi Santoso'],
    ['nama saya dewi lestari', 'Dewi Lestari'],
    ["ma'ruf amin", "Ma'ruf Amin"],
    ['muhammad al-fatih', 'Muhammad Al-Fatih'],
    ['I Gusti Ngurah Rai', 'I Gusti Ngurah Rai'],
    ['محمد', 'محمد'],
  ])('%s -> %s', (input, name) => expect(parseName(input, 80, 160)).toBe(name));
  it.each(['B4di', 'x', '', '😊😊', '<b>Budi</b>', 'a'.repeat(81)])('%s is refused', (input) => expect(parseName(input, 80, 160)).toBeNull());
});

describe('cleanText', () => {
  it('strips control, zero-width and bidi characters and normalizes to NFC', () => {
    expect(cleanText('Bu\u200bdi\u202e San\u0007toso\u0000')).toBe('Budi Santoso');
    expect(cleanText('Jose\u0301')).toBe('José');
    expect(cleanText('a\r\n\r\n\r\n\r\nb')).toBe('a\n\nb');
    expect(cleanText('\ud800broken')).toBe('broken');
  });
  it('keeps Markdown, HTML and SQL as plain characters', () => {
    const text = "**x** <b>y</b> '; DROP TABLE reports; --";
    expect(cleanText(text)).toBe(text);
  });
  it('is idempotent and never leaves invisible characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const once = cleanText(s);
        expect(cleanText(once)).toBe(once);
        expect(/[\u200b-\u200f\u202a-\u202e\u0000-\u0008]/.test(once)).toBe(false);
      }),
    );
  });
});

describe('matchKey and yesNo', () => {
  it('compares names the way people write them', () => {
    expect(matchKey('  Kab. LINGGA!! ')).toBe('kab lingga');
    expect(matchKey('Jum’at')).toBe('jum at');
  });
  it.each([
    ['ya', 'yes'], ['Iya', 'yes'], ['ya, kirim', 'yes'], ['setuju', 'yes'], ['OK', 'yes'], ['agree', 'yes'],
    ['tidak', 'no'], ['tidak setuju', 'no'], ['gak', 'no'], ['no', 'no'], ['mungkin', null], ['', null],
  ])('%s -> %s', (input, answer) => expect(yesNo(input)).toBe(answer));
});
