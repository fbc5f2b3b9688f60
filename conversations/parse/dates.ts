import { jakartaDate } from '../../core/working-days.js';
import { matchKey } from './text.js';

/**
 * Incident dates as citizens give them, in Indonesian or English: "hari ini",
 * "kemarin", "2 hari lalu", "seminggu lalu", "Senin", "12/8/2021", "16 November",
 * "12 Agustus 2021", "2021-08-12", "today", "3 days ago". Everything is relative to
 * the calendar day in Asia/Jakarta and nothing may lie in the future.
 */

/** The outcome of reading a date answer. */
export type DateResult =
  | { ok: true; date: string }
  /** The citizen does not know the date (the field is optional). */
  | { ok: true; date: null }
  | { ok: false; reason: 'unknown' | 'invalid' | 'future' | 'too_old' };

const MONTHS: Record<string, number> = {
  januari: 1, jan: 1, january: 1,
  februari: 2, pebruari: 2, feb: 2, peb: 2, february: 2,
  maret: 3, mar: 3, march: 3,
  april: 4, apr: 4,
  mei: 5, may: 5,
  juni: 6, jun: 6, june: 6,
  juli: 7, jul: 7, july: 7,
  agustus: 8, agu: 8, agt: 8, ags: 8, agus: 8, aug: 8, august: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, okt: 10, oct: 10, october: 10,
  november: 11, nov: 11, nopember: 11, nop: 11,
  desember: 12, des: 12, dec: 12, december: 12,
};

const WEEKDAYS: Record<string, number> = {
  minggu: 0, ahad: 0, sunday: 0,
  senin: 1, monday: 1,
  selasa: 2, tuesday: 2,
  rabu: 3, wednesday: 3,
  kamis: 4, thursday: 4,
  jumat: 5, 'jum at': 5, friday: 5,
  sabtu: 6, saturday: 6,
};

const NUMBER_WORDS: Record<string, number> = {
  se: 1, satu: 1, one: 1, a: 1, an: 1,
  dua: 2, two: 2, tiga: 3, three: 3, empat: 4, four: 4, lima: 5, five: 5,
  enam: 6, six: 6, tujuh: 7, seven: 7, delapan: 8, eight: 8, sembilan: 9, nine: 9,
  sepuluh: 10, ten: 10,
};

const UNIT_DAYS: Record<string, number> = {
  hari: 1, day: 1, days: 1,
  minggu: 7, pekan: 7, week: 7, weeks: 7,
};
const UNIT_MONTHS: Record<string, number> = { bulan: 1, month: 1, months: 1, tahun: 12, year: 12, years: 12 };

const TODAY = new Set(['hari ini', 'today', 'tadi', 'tadi pagi', 'tadi siang', 'tadi sore', 'barusan', 'sekarang', 'now', 'this morning', 'pagi ini', 'siang ini']);
const YESTERDAY = new Set(['kemarin', 'kemaren', 'kmrn', 'kmarin', 'yesterday', 'kemarin malam', 'kemarin pagi', 'kemarin sore', 'kemarin siang', 'semalam', 'tadi malam', 'last night']);
const DAY_BEFORE = new Set(['kemarin lusa', 'kemaren lusa', 'day before yesterday', 'the day before yesterday']);
const FUTURE = new Set(['besok', 'lusa', 'tomorrow', 'minggu depan', 'bulan depan', 'tahun depan', 'next week', 'next month', 'nanti']);
const UNKNOWN = new Set(['tidak tahu', 'tdk tahu', 'gak tahu', 'nggak tahu', 'ga tau', 'gak tau', 'tidak tau', 'lupa', 'tidak ingat', 'don t know', 'dont know', 'unknown', 'not sure', 'i don t know', 'no idea']);

const DAY_MS = 86_400_000;
const OLDEST_YEAR = 1950;

function ymd(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}

function shiftMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 - months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return ymd(target.getUTCFullYear(), target.getUTCMonth() + 1, Math.min(d, last))!;
}

function fullYear(raw: string, today: string): number {
  const n = Number(raw);
  if (raw.length > 2) return n;
  // Two-digit years: the most recent year with those digits that is not in the future.
  const current = Number(today.slice(0, 4));
  const candidate = Math.floor(current / 100) * 100 + n;
  return candidate > current ? candidate - 100 : candidate;
}

/** A day and month without a year: this year's, or last year's when this year's is still ahead. */
function withoutYear(day: number, month: number, today: string): string | null {
  const year = Number(today.slice(0, 4));
  const thisYear = ymd(year, month, day);
  if (thisYear && thisYear <= today) return thisYear;
  return ymd(year - 1, month, day) ?? thisYear;
}

function relative(key: string, today: string): string | null | undefined {
  if (TODAY.has(key)) return today;
  if (YESTERDAY.has(key)) return shiftDays(today, 1);
  if (DAY_BEFORE.has(key)) return shiftDays(today, 2);
  const ago = /^(?:sejak\s+)?(\d{1,3}|[a-z]+)\s*(hari|minggu|pekan|bulan|tahun|days?|weeks?|months?|years?)\s+(?:yang\s+|yg\s+)?(?:lalu|lampau|kemarin|ago|yang lalu)$/.exec(key)
    ?? /^(se)(hari|minggu|pekan|bulan|tahun)\s+(?:yang\s+|yg\s+)?(?:lalu|kemarin)$/.exec(key);
  if (ago) {
    const count = /^\d+$/.test(ago[1]!) ? Number(ago[1]) : NUMBER_WORDS[ago[1]!];
    if (count === undefined) return undefined;
    const unit = ago[2]!;
    if (unit in UNIT_DAYS) return shiftDays(today, count * UNIT_DAYS[unit]!);
    return shiftMonths(today, count * UNIT_MONTHS[unit]!);
  }
  if (/^(minggu|pekan) lalu$|^last week$/.test(key)) return shiftDays(today, 7);
  const weekday = /^(?:hari\s+|last\s+|on\s+)?([a-z ]+?)(?:\s+(?:lalu|kemarin|kemaren))?$/.exec(key);
  if (weekday && weekday[1]! in WEEKDAYS) {
    const back = (new Date(`${today}T00:00:00Z`).getUTCDay() - WEEKDAYS[weekday[1]!]! + 7) % 7;
    // "Senin lalu" on a Monday means a week ago, plain "Senin" means today.
    return shiftDays(today, back === 0 && /lalu|kemarin|kemaren|last/.test(key) ? 7 : back);
  }
  return undefined;
}

function absolute(key: string, today: string): string | null | undefined {
  let m = /^(\d{4}) (\d{1,2}) (\d{1,2})$/.exec(key);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(?:tanggal |tgl |tg )?(\d{1,2}) (\d{1,2})(?: (\d{2}|\d{4}))?$/.exec(key);
  if (m) {
    const [day, month] = [Number(m[1]), Number(m[2])];
    return m[3] ? ymd(fullYear(m[3], today), month, day) : withoutYear(day, month, today);
  }
  m = /^(?:tanggal |tgl |tg |on )?(\d{1,2}) ([a-z]+)(?: (\d{2}|\d{4}))?$/.exec(key)
    ?? /^(?:on )?()([a-z]+) (\d{1,2})(?: (\d{4}))?$/.exec(key);
  if (m) {
    // The second pattern is English order ("November 16 2025"): shuffle into place.
    const [day, name, year] = m[1] === '' ? [Number(m[3]), m[2]!, m[4]] : [Number(m[1]), m[2]!, m[3]];
    const month = MONTHS[name];
    if (month === undefined) return undefined;
    return year ? ymd(fullYear(year, today), month, day) : withoutYear(day, month, today);
  }
  return undefined;
}

/**
 * Reads a date answer relative to `now` (its calendar day in Jakarta).
 *
 * @example parseIncidentDate('2 hari lalu', new Date('2026-11-20T10:00:00+07:00')) // { ok: true, date: '2026-11-18' }
 * @example parseIncidentDate('16 November', now) // { ok: true, date: '2026-11-16' }
 * @example parseIncidentDate('12/8/2021', now) // { ok: true, date: '2021-08-12' }
 */
export function parseIncidentDate(input: string, now: Date): DateResult {
  const today = jakartaDate(now);
  // "12/8/2021" and "12-08-2021" become "12 8 2021"; "jum'at" becomes "jum at".
  const key = matchKey(input).replace(/\b(?:sekitar|kira kira|kurang lebih|pada|sejak|mulai|around|about|since)\s+/g, '').trim();
  if (key === '') return { ok: false, reason: 'unknown' };
  if (UNKNOWN.has(key)) return { ok: true, date: null };
  if (FUTURE.has(key)) return { ok: false, reason: 'future' };
  const found = relative(key, today) ?? absolute(key, today);
  if (found === undefined) return { ok: false, reason: 'unknown' };
  if (found === null) return { ok: false, reason: 'invalid' };
  if (found > today) return { ok: false, reason: 'future' };
  if (Number(found.slice(0, 4)) < OLDEST_YEAR) return { ok: false, reason: 'too_old' };
  return { ok: true, date: found };
}

/**
 * Finds a date phrase inside a longer text (a first message telling the whole story):
 * "…mati semua sejak kemarin malam…" gives yesterday. Only unambiguous phrases count.
 */
export function findIncidentDate(text: string, now: Date): string | null {
  const key = matchKey(text);
  const patterns = [
    /\b(?:hari ini|tadi pagi|tadi siang|tadi sore|today)\b/,
    /\bkemarin lusa\b/,
    /\b(?:kemarin|kemaren|yesterday|tadi malam|semalam)\b/,
    /\b(?:\d{1,3}|se|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh) ?(?:hari|minggu|pekan|bulan) (?:yang |yg )?lalu\b/,
    /\b\d{1,2} (?:januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember)(?: \d{4})?\b/,
  ];
  for (const pattern of patterns) {
    const m = pattern.exec(key);
    if (!m) continue;
    const result = parseIncidentDate(m[0], now);
    if (result.ok && result.date) return result.date;
  }
  return null;
}
