import { allowedTypos, editDistance } from './fuzzy.js';
import type { Region } from './gazetteer.js';
import { regionKey } from './normalize.js';

/**
 * Tolerant matching of a typed place name against the children of one parent.
 * Scores: exact name 100, same letters without spaces 95, typo 80 − 10 per edit,
 * the name typed with extra words around it 60, the start of a longer name 55.
 * A kota/kabupaten word that contradicts the candidate costs 30.
 */

/** The outcome of matching one answer. */
export type RegionMatch =
  | { type: 'found'; region: Region }
  /** Several places fit about equally well: offer these, best first. */
  | { type: 'ambiguous'; candidates: Region[] }
  | { type: 'none' };

/** How many candidates are offered when a name is ambiguous. */
export const MAX_CANDIDATES = 4;

function score(region: Region, key: string, compact: string, words: readonly string[]): number {
  let best = 0;
  region.keys.forEach((k, i) => {
    const c = region.compacts[i]!;
    let s = 0;
    if (k === key) s = 100;
    else if (c === compact) s = 95;
    else {
      const max = allowedTypos(Math.min(c.length, compact.length));
      const d = max > 0 ? editDistance(compact, c, max) : max + 1;
      if (d <= max) s = 80 - 10 * d;
      else if (k.length >= 3 && ` ${key} `.includes(` ${k} `)) s = 60;
      else if (key.length >= 3 && k.startsWith(`${key} `)) s = 55;
      else if (words.length > 1 && words.every((w) => k.split(' ').some((kw) => kw === w || (w.length > 4 && editDistance(w, kw, 1) <= 1)))) s = 50;
    }
    if (s > best) best = s;
  });
  return best;
}

/**
 * Matches `input` among `candidates` (one parent's children). A single clear winner
 * is `found`; close scores give `ambiguous` with the best {@link MAX_CANDIDATES}.
 *
 * @example matchRegion('sei beduk', gazetteer.children('21.71')) // found: 21.71.07 Sei Beduk
 */
export function matchRegion(input: string, candidates: readonly Region[]): RegionMatch {
  const q = regionKey(input);
  if (q.compact.length === 0) return { type: 'none' };
  // Fast path: an exact name beats every fuzzy score by more than the margin, so
  // only other exact names (Kota and Kabupaten Bekasi) can compete with it.
  const exact = candidates.filter((r) => r.keys.includes(q.key));
  if (exact.length > 0) {
    const typed = q.type ? exact.filter((r) => r.type === null || r.type === q.type) : exact;
    const pool = typed.length > 0 ? typed : exact;
    return pool.length === 1 ? { type: 'found', region: pool[0]! } : { type: 'ambiguous', candidates: pool.slice(0, MAX_CANDIDATES) };
  }
  const words = q.key.split(' ');
  const scored: { region: Region; score: number }[] = [];
  for (const region of candidates) {
    let s = score(region, q.key, q.compact, words);
    if (s === 0) continue;
    if (q.type && region.type && q.type !== region.type) s -= 30;
    scored.push({ region, score: s });
  }
  if (scored.length === 0) return { type: 'none' };
  scored.sort((a, b) => b.score - a.score || (a.region.code < b.region.code ? -1 : 1));
  const [top, second] = scored;
  if (!second || second.score <= top!.score - 10) return { type: 'found', region: top!.region };
  const close = scored.filter((s) => s.score >= top!.score - 10).slice(0, MAX_CANDIDATES);
  return { type: 'ambiguous', candidates: close.map((s) => s.region) };
}
