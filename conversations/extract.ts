import { LIMITS } from './data.js';
import { findIncidentDate } from './parse/dates.js';
import { parseName } from './parse/name.js';
import { parseNik } from './parse/nik.js';
import { parsePhone } from './parse/phone.js';
import { charLength, matchKey } from './parse/text.js';
import type { Gazetteer, Region } from './regions/gazetteer.js';
import { matchRegion } from './regions/match.js';
import { regionKey, type RegencyType } from './regions/normalize.js';
import type { Answers, Field } from './state.js';

/**
 * Reading a first message that tells everything at once ("Nama saya Budi Santoso
 * NIK 2171… HP 0812…, tinggal di kelurahan Tanjung Piayu kec. Sei Beduk kota Batam.
 * Saya mau mengadukan lampu jalan … sejak kemarin malam"). Only what is stated
 * unambiguously is taken; the citizen confirms it before the flow goes on, and the
 * flow then asks only for what is still missing.
 */

/** What a first message gave. */
export interface Extraction {
  /** Answers taken from the message. */
  set: Partial<Answers>;
  /** Of those, the ones the citizen must confirm (everything but a `LAPOR` story). */
  fields: Field[];
  /** The message started with `LAPOR`: the rest is the story by the citizen's own word. */
  lapor: boolean;
}

// Words after which a period does not end a sentence ("kec. Sei Beduk", "Jl. Raya").
const ABBREVIATIONS = new Set(['kec', 'kel', 'kab', 'ds', 'jl', 'jln', 'prov', 'no', 'tj', 'tg', 'gg', 'rt', 'rw', 'kp', 'dr', 'h', 'hj', 'st', 'ir', 'sdn', 'smpn']);
const GREETING = /^(?:selamat (?:pagi|siang|sore|malam)|halo|hallo|hai|hi|hello|assalamu.?alaikum(?: wr\.? ?wb\.?)?|permisi|salam|good (?:morning|afternoon|evening)|pak|bu|min|admin)\b[\s,!.]*/i;
const ADDRESS_START = /\b(?:tinggal|berdomisili|domisili|beralamat|alamat(?:\s+saya)?|warga)\s+(?:di\s+)?/i;
const NAME = /\b(?:nama\s+(?:saya|aku|lengkap)|my\s+name\s+is)\s*(?:adalah|:)?\s*((?:[\p{L}][\p{L}'.-]*\s*){1,5})/iu;
const NAME_STOP = new Set(['nik', 'hp', 'no', 'nomor', 'tinggal', 'alamat', 'dari', 'umur', 'usia', 'dan', 'warga', 'yang', 'ktp', 'wa', 'telp', 'telepon', 'domisili', 'beralamat', 'berdomisili', 'mau', 'ingin', 'saya', 'asal', 'and', 'from', 'phone', 'i']);
const PLACE = /\b(?:di|depan|dekat|sepanjang|at|on)\s+((?:[Jj]ln?\.?|[Jj]alan|[Gg]g\.?|[Gg]ang)\s+[\p{Lu}\d][\p{L}\d.'-]*(?:\s+[\p{Lu}\d][\p{L}\d.'-]*){0,5})/u;

const LEVEL_MARKERS: Record<string, 'village' | 'district' | 'regency' | 'province'> = {
  kelurahan: 'village', kel: 'village', desa: 'village', ds: 'village',
  kecamatan: 'district', kec: 'district',
  kota: 'regency', kabupaten: 'regency', kab: 'regency', kotamadya: 'regency',
  provinsi: 'province', prov: 'province',
};

function sentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const re = /[.!?\n]+(?=\s|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = /([\p{L}]+)$/u.exec(text.slice(start, m.index))?.[1]?.toLowerCase();
    if (m[0] === '.' && before && ABBREVIATIONS.has(before)) continue;
    out.push(text.slice(start, m.index + m[0].length).trim());
    start = m.index + m[0].length;
  }
  out.push(text.slice(start).trim());
  return out.filter((s) => s !== '');
}

function findNik(text: string, g: Gazetteer): string | null {
  for (const m of text.matchAll(/\d[\d .-]{14,24}\d/g)) {
    const result = parseNik(m[0], (code) => g.get(code) !== undefined);
    if (result.ok) return result.nik;
  }
  return null;
}

function findPhone(text: string, nik: string | null): string | null {
  for (const m of text.matchAll(/(?:\+?62|0)[\s-]?8[\d .-]{7,16}\d/g)) {
    if (nik && m[0].replace(/\D/g, '').includes(nik)) continue;
    const result = parsePhone(m[0]);
    if (result.ok) return result.e164;
  }
  return null;
}

function findName(text: string): string | null {
  const m = NAME.exec(text);
  if (!m) return null;
  const words: string[] = [];
  for (const w of m[1]!.trim().split(/\s+/)) {
    if (NAME_STOP.has(w.toLowerCase().replace(/[.,]/g, ''))) break;
    words.push(w.replace(/[.,]+$/, ''));
    if (/[.,]$/.test(w)) break;
  }
  return words.length > 0 ? parseName(words.join(' '), LIMITS.nameMax, LIMITS.nameMaxBytes) : null;
}

interface AddressParts {
  labelled: Partial<Record<'village' | 'district' | 'regency' | 'province', string>>;
  regencyType: RegencyType | null;
  unlabelled: string[];
}

// "kelurahan Tanjung Piayu kec. Sei Beduk kota Batam" -> labelled parts; "Sei Beduk, Batam" -> unlabelled.
function addressParts(segment: string): AddressParts {
  const parts: AddressParts = { labelled: {}, regencyType: null, unlabelled: [] };
  for (const chunk of segment.split(/[,;]/)) {
    let level: keyof AddressParts['labelled'] | null = null;
    let words: string[] = [];
    const flush = () => {
      if (words.length === 0) return;
      if (level) parts.labelled[level] ??= words.join(' ');
      else parts.unlabelled.push(words.join(' '));
      words = [];
    };
    for (const raw of chunk.trim().split(/\s+/)) {
      const word = matchKey(raw);
      const marker = LEVEL_MARKERS[word];
      if (marker) {
        flush();
        level = marker;
        if (marker === 'regency') parts.regencyType = word === 'kota' || word === 'kotamadya' ? 'kota' : 'kab';
        continue;
      }
      if (word !== '' && !['rt', 'rw'].includes(word) && !/^\d+$/.test(word)) words.push(raw.replace(/[.]+$/, ''));
    }
    flush();
  }
  return parts;
}

function unique(regions: readonly Region[]): Region | null {
  return regions.length === 1 ? regions[0]! : null;
}

function resolveAddress(parts: AddressParts, g: Gazetteer): Partial<Answers> {
  const loose = [...parts.unlabelled];
  let regency: Region | null = null;
  if (parts.labelled.regency) {
    const named = g.regenciesNamed(regionKey(parts.labelled.regency).key);
    regency = unique(parts.regencyType ? named.filter((r) => r.type === parts.regencyType) : named);
  }
  // Unlabelled words: the regency is usually last ("Sei Beduk Batam"), so try suffixes.
  for (let i = 0; !regency && i < loose.length; i += 1) {
    const words = loose[i]!.split(' ');
    for (let cut = 0; cut < words.length && !regency; cut += 1) {
      regency = unique(g.regenciesNamed(regionKey(words.slice(cut).join(' ')).key));
      if (regency) loose[i] = words.slice(0, cut).join(' ');
    }
  }
  let district: Region | null = null;
  const districtName = parts.labelled.district;
  if (regency) {
    const candidates = [districtName, ...loose].filter((x): x is string => Boolean(x));
    for (const name of candidates) {
      const m = matchRegion(name, g.children(regency.code));
      if (m.type === 'found') {
        district = m.region;
        break;
      }
    }
  } else if (districtName) {
    district = unique(g.districtsNamed(regionKey(districtName).key));
    if (district) regency = g.get(district.code.slice(0, 5)) ?? null;
  }
  let village: Region | null = null;
  if (district) {
    for (const name of [parts.labelled.village, ...loose].filter((x): x is string => Boolean(x))) {
      const m = matchRegion(name, g.children(district.code));
      if (m.type === 'found' && m.region.keys[0] === regionKey(name).key) {
        village = m.region;
        break;
      }
    }
  }
  if (!regency) return {};
  const set: Partial<Answers> = { province: regency.code.slice(0, 2), regency: regency.code };
  if (district) set.district = district.code;
  if (village) set.village = village.code;
  return set;
}

/**
 * Extracts name, NIK, phone, address, story, date and place from a first message.
 * A message starting with `LAPOR` (the familiar SMS format) is a story by definition.
 *
 * @example extractFirstMessage('LAPOR mau tanya syarat akta kelahiran anak', g, now)
 * // { set: { body: 'mau tanya syarat akta kelahiran anak' }, fields: [], lapor: true }
 */
export function extractFirstMessage(text: string, g: Gazetteer, now: Date): Extraction {
  const laporMatch = /^lapor\b[\s:,.-]*/i.exec(text);
  const lapor = laporMatch !== null;
  const message = lapor ? text.slice(laporMatch[0].length) : text;
  const set: Partial<Answers> = {};

  const nik = findNik(message, g);
  if (nik) set.nik = nik;
  const phone = findPhone(message, nik);
  if (phone) set.phone = phone;
  const name = findName(message);
  if (name) set.name = name;

  // Clauses that carry identity or address are not part of the story.
  const story: string[] = [];
  for (const sentence of sentences(message)) {
    const clauses = sentence.replace(GREETING, '').split(/,\s+/);
    const kept: string[] = [];
    for (const clause of clauses) {
      const digits = clause.replace(/\D/g, '');
      const identity =
        (nik !== null && digits.includes(nik)) ||
        (phone !== null && digits.length >= 9 && phone.endsWith(digits.slice(-9))) ||
        NAME.test(clause);
      const address = ADDRESS_START.exec(clause);
      if (address) Object.assign(set, resolveAddress(addressParts(clause.slice(address.index + address[0].length).replace(/[.!?]+$/, '')), g));
      if (!identity && !address && clause.trim() !== '') kept.push(clause.trim());
    }
    if (kept.length > 0) story.push(kept.join(', '));
  }
  const body = story.join(' ').trim();
  const enough = lapor ? charLength(body) >= LIMITS.bodyMin : charLength(body) >= 40 && body.split(/\s+/).length >= 6;
  if (enough) {
    set.body = body;
    const date = findIncidentDate(body, now);
    if (date) set.incident_date = date;
    const place = PLACE.exec(body)?.[1];
    if (place) set.place = place.replace(/[.,]+$/, '');
  }
  const fields = (Object.keys(set) as Field[]).filter((f) => !(lapor && f === 'body'));
  return { set, fields, lapor };
}
