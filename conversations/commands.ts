import { findTicket, parseTicket } from '../core/ticket.js';
import type { EditTarget } from './flow.js';
import { matchKey } from './parse/text.js';

/**
 * Words that work at any step, in both languages. A command is the whole message
 * ("batal", "change district"), never a word inside an answer, so a story that says
 * "pembangunan dibatalkan" is still a story.
 */

/** A command the citizen gave instead of an answer. */
export type Command =
  | { type: 'help' }
  | { type: 'back' }
  | { type: 'cancel' }
  | { type: 'restart' }
  | { type: 'skip' }
  | { type: 'language'; lang: 'id' | 'en' }
  | { type: 'status'; ticket: string | null }
  /** "ubah" alone (target null) or "ubah kecamatan". */
  | { type: 'edit'; target: EditTarget | null };

const WORDS: Record<string, Command> = {};
const add = (type: 'help' | 'back' | 'cancel' | 'restart' | 'skip', words: string[]) => {
  for (const w of words) WORDS[w] = { type };
};
add('help', ['bantuan', 'bantu', 'help', 'tolong', 'panduan', 'menu', 'help me', 'tolong bantu']);
add('back', ['kembali', 'back', 'balik', 'sebelumnya', 'mundur', 'previous', 'go back', 'undo']);
add('cancel', ['batal', 'batalkan', 'cancel', 'stop', 'berhenti', 'quit', 'exit', 'keluar']);
add('restart', ['ulang', 'ulangi', 'mulai lagi', 'mulai ulang', 'mulai dari awal', 'restart', 'start over', 'reset']);
add('skip', ['lewati', 'lewat', 'skip', 'lompati', 'next']);
for (const w of ['english', 'inggris', 'bahasa inggris', 'in english', 'english please', 'en']) WORDS[w] = { type: 'language', lang: 'en' };
for (const w of ['indonesia', 'bahasa indonesia', 'indonesian', 'bahasa', 'in indonesian', 'id']) WORDS[w] = { type: 'language', lang: 'id' };

const STATUS_WORDS = new Set(['status', 'cek status', 'check status', 'cek', 'check', 'lacak', 'track', 'status laporan', 'cek laporan']);

const EDIT_VERBS = new Set(['ubah', 'ganti', 'koreksi', 'perbaiki', 'edit', 'change', 'fix', 'correct', 'update']);

const EDIT_TARGETS: Record<string, EditTarget> = {};
const target = (t: EditTarget, words: string[]) => {
  for (const w of words) EDIT_TARGETS[w] = t;
};
target('kind', ['jenis', 'jenis laporan', 'kind', 'type']);
target('name', ['nama', 'name', 'nama lengkap']);
target('nik', ['nik', 'ktp']);
target('phone', ['hp', 'nomor', 'nomor hp', 'no hp', 'telepon', 'telp', 'wa', 'phone', 'phone number', 'number', 'mobile']);
target('privacy', ['privasi', 'privacy', 'anonim']);
target('address', ['alamat', 'address']);
target('province', ['provinsi', 'province', 'prov']);
target('regency', ['kabupaten', 'kota', 'kab', 'kabupaten kota', 'regency', 'city']);
target('district', ['kecamatan', 'kec', 'district']);
target('village', ['kelurahan', 'desa', 'kel', 'kelurahan desa', 'village']);
target('body', ['cerita', 'isi', 'isi laporan', 'kronologi', 'body', 'story', 'description', 'text']);
target('category', ['topik', 'kategori', 'category', 'topic']);
target('title', ['judul', 'title']);
target('incident_date', ['tanggal', 'tgl', 'waktu', 'kapan', 'date', 'tanggal kejadian']);
target('place', ['tempat', 'lokasi', 'tempat kejadian', 'lokasi kejadian', 'place', 'location']);
target('attachments', ['lampiran', 'foto', 'dokumen', 'attachments', 'attachment', 'photos', 'photo', 'files']);

/** Looks up an edit target by name in either language ("kecamatan", "district"). */
export function editTarget(text: string): EditTarget | null {
  return EDIT_TARGETS[matchKey(text)] ?? null;
}

/**
 * Reads a message as a command, or null when it is an answer. `/start`, `/help`
 * and friends work too: Telegram sends them from its menu.
 *
 * @example parseCommand('change district') // { type: 'edit', target: 'district' }
 * @example parseCommand('/status LPR-7K3QX9M') // { type: 'status', ticket: 'LPR-7K3QX9M' } when valid
 * @example parseCommand('lpr7k3qx9m') // the same: a valid ticket alone is a status question
 */
export function parseCommand(text: string): Command | null {
  const raw = text.trim();
  // Commands are a few words; a long message can only be a status question.
  if (raw.length > 60 && !/lpr/i.test(raw)) return null;
  if (raw === '?') return { type: 'help' };
  const key = matchKey(raw.startsWith('/') ? raw.slice(1) : raw);
  if (raw.startsWith('/') && key === 'start') return { type: 'restart' };
  const word = WORDS[key];
  if (word) return word;
  if (/^(?:cek status|check status|status|cek|check|lacak|track)\b/.test(key)) {
    const ticket = findTicket(raw);
    // Without a ticket only the bare word or a mistyped ticket counts: "cek
    // kesehatan gratis…" is a story, "status LPR-7K3QX9N" a ticket that fails its check.
    if (ticket || STATUS_WORDS.has(key) || /\blpr[\s-]?[0-9a-z]/i.test(raw)) return { type: 'status', ticket };
  }
  // A ticket alone, however typed: "LPR-1TK2HK6", "lpr 1tk2 hk6", or "lpr1tk2hk6" with
  // no word break after "lpr". An answer that only starts with those letters stays an
  // answer: parseTicket wants exactly seven ticket characters after them and a matching
  // check character (no Indonesian word or name starts with "lpr" anyway).
  if (/^lpr/i.test(raw)) {
    const ticket = parseTicket(raw);
    if (ticket) return { type: 'status', ticket };
  }
  const [verb, ...rest] = key.split(' ');
  if (verb && EDIT_VERBS.has(verb)) {
    if (rest.length === 0) return { type: 'edit', target: null };
    const t = EDIT_TARGETS[rest.join(' ')];
    if (t) return { type: 'edit', target: t };
  }
  return null;
}
