import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogues, type Lang } from './messages/index.js';

/**
 * Every rejected answer says what was wrong and gives an example of a good answer, in
 * the citizen's language, and every one is shown in a transcript. The texts are found
 * in the code, not listed by hand: each `{ type: 'rejected', error: m.… }` outcome
 * names the catalogue entries it can say, so a new rejection is checked the day it is
 * written.
 */

const root = dirname(fileURLToPath(import.meta.url));

// The engine's own source: tests and test support say nothing to citizens.
function sources(): [string, string][] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('testing'))
    .map((f) => [f, readFileSync(join(root, f), 'utf8')]);
}

/** Catalogue paths ("nikLength", "help.place") each rejected outcome can say, by where it is. */
function rejectionsInCode(): Map<string, string> {
  const found = new Map<string, string>();
  for (const [file, source] of sources()) {
    // Outcomes, not the type that declares them (`type: 'rejected'; error: string`).
    for (const match of source.matchAll(/type:\s*'rejected'(?!\s*;)/g)) {
      // The outcome runs to the end of its statement.
      const statement = source.slice(match.index, source.indexOf(';', match.index));
      const paths = [...statement.matchAll(/\bm\.((?:\w+\.)*\w+)/g)].map((p) => p[1]!);
      const line = source.slice(0, match.index).split('\n').length;
      // An error built some other way (a variable, a literal) could not be checked.
      expect(paths, `${file}:${line} rejects with a text that is not a catalogue entry`).not.toEqual([]);
      for (const path of paths) found.set(path, `${file}:${line}`);
    }
  }
  return found;
}

// Media the engine refuses itself, outside any step (engine.ts): the same rule holds.
const SAID_BY_THE_ENGINE = ['attachmentsFull', 'attachmentRejected', 'fileTooLarge'];

// Not a re-ask: the engine never hands follow_up's input to its step handler
// (follow-up/citizen-input.ts reads it), the handler only answers a direct call.
const NOT_SAID = new Set(['followUp.prompt', 'followUp.promptNoTicket']);

/** Every catalogue path said on a rejection, with where it is said. */
function rejections(): Map<string, string> {
  const all = rejectionsInCode();
  for (const path of SAID_BY_THE_ENGINE) all.set(path, 'engine.ts');
  for (const path of NOT_SAID) all.delete(path);
  return all;
}

// "contoh: …" / "misalnya: …" and "e.g. …" / "Example: …", followed by the example itself.
const EXAMPLE: Record<Lang, RegExp> = {
  id: /\b(?:contoh|misalnya)\b:?\s*\S/i,
  en: /(?:\be\.g\.|\bexample\b:?)\s*\S/i,
};

// Arguments stand out in the text, so the fixed words around them can be found in a transcript.
const ARG = (i: number) => `\u0001${i}\u0001`;

function text(lang: Lang, path: string): string {
  const value = path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], catalogues[lang]);
  if (typeof value === 'string') return value;
  if (typeof value === 'function') return (value as (...a: string[]) => string)(...Array.from({ length: value.length }, (_, i) => ARG(i)));
  throw new Error(`${lang}.${path} is not a catalogue text`);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function pattern(lang: Lang, path: string): RegExp {
  return new RegExp(escape(text(lang, path)).replace(/\u0001\d+\u0001/g, '[\\s\\S]*?'));
}

function transcriptReplies(): string[] {
  const dir = join(root, 'transcripts');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { turns: { bot?: string[] }[] }).turns.flatMap((t) => t.bot ?? []));
}

describe('rejections', () => {
  it('are found in the code', () => {
    // A scan that found nothing would pass everything below.
    const found = [...rejections().keys()];
    expect(found.length).toBeGreaterThan(25);
    expect(found).toEqual(expect.arrayContaining(['nikLength', 'bodyTooLong', 'dateTooOld', 'placeTooShort', 'pickFieldError', 'yesOrNo']));
  });

  for (const lang of ['id', 'en'] as const) {
    it(`${lang}: every rejection gives an example of a good answer`, () => {
      for (const [path, where] of rejections()) expect(text(lang, path), `${lang}.${path} (said in ${where}) has no example`).toMatch(EXAMPLE[lang]);
    });
  }

  it('every rejection is shown in a transcript', () => {
    const replies = transcriptReplies().join('\n\n');
    const missing = [...rejections().keys()].filter((path) => !(['id', 'en'] as const).some((lang) => pattern(lang, path).test(replies)));
    expect(missing, 'rejections no transcript shows: add cases to transcripts/').toEqual([]);
  });
});
