import { matchKey } from './parse/text.js';

/**
 * Matters LAPOR! does not handle (shared/DOMAIN.md): court cases, the legislature,
 * criminal matters. Detection only adds a note saying where to go; the citizen may
 * still go on, because many such stories are also about a public service (a police
 * officer asking for illegal fees is maladministration, and in scope).
 */

/** Which out-of-scope area a text seems to be about. */
export type OutOfScope = 'court' | 'legislature' | 'criminal';

const PHRASES: Record<OutOfScope, readonly string[]> = {
  court: ['pengadilan', 'putusan hakim', 'hakim', 'gugatan', 'perkara perdata', 'sidang perkara', 'banding', 'kasasi', 'court case', 'lawsuit', 'judge', 'verdict'],
  legislature: ['dpr', 'dprd', 'anggota dewan', 'wakil rakyat', 'legislatif', 'parliament', 'legislature'],
  criminal: ['pencurian', 'dicuri', 'maling', 'perampokan', 'dirampok', 'begal', 'dibegal', 'penipuan', 'ditipu', 'pembunuhan', 'dibunuh', 'pemerkosaan', 'penganiayaan', 'dianiaya', 'narkoba', 'sabu', 'kdrt', 'theft', 'stolen', 'robbery', 'robbed', 'fraud', 'scam', 'murder', 'assault', 'rape'],
};

/** The first out-of-scope area the text mentions, or null. */
export function detectOutOfScope(text: string): OutOfScope | null {
  const haystack = ` ${matchKey(text)} `;
  for (const area of ['court', 'legislature', 'criminal'] as const) {
    if (PHRASES[area].some((p) => haystack.includes(` ${p} `))) return area;
  }
  return null;
}
