/**
 * Cleaning of whatever a citizen typed before the engine reads or stores it.
 * Text is stored as plain text: nothing here interprets Markdown, HTML or SQL — they
 * are just characters — but invisible and control characters are removed because
 * they hide content from officers (bidi overrides can make a text read backwards).
 */

// C0/C1 controls except newline; tabs and other separators become spaces below.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// Zero-width characters, bidi embeddings/overrides/isolates, BOM, soft hyphen,
// Mongolian vowel separator, interlinear annotation marks, tag characters.
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/g;
// Unpaired surrogates cannot be encoded in UTF-8 (Redis, PostgreSQL) at all.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * NFC-normalizes a text and strips control and invisible characters, keeping
 * newlines (at most one blank line in a row) and trimming each line's edges.
 *
 * @example cleanText('  Jalan\u200b rusak\r\n\r\n\r\nparah ') // 'Jalan rusak\n\nparah'
 */
export function cleanText(raw: string): string {
  // Most messages are one line of printable ASCII: nothing to strip but spaces.
  if (/^[\x20-\x7e]*$/.test(raw)) return raw.replace(/ {2,}/g, ' ').trim();
  return raw
    .replace(LONE_SURROGATE, '')
    .normalize('NFC')
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(/[\t\u000b\u000c]/g, ' ')
    .replace(CONTROL, '')
    .replace(INVISIBLE, '')
    .replace(/[\p{Zs}]+/gu, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A cleaned text on one line: for names, titles and places, which are shown inline. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * The key a free answer is compared by: lower case, accents and punctuation gone,
 * single spaces. "Kab. Lingga" and "kab lingga" give the same key.
 *
 * @example matchKey('  Kab. LINGGA!! ') // 'kab lingga'
 */
export function matchKey(text: string): string {
  // Most answers are plain ASCII: skip the costly decomposition for them.
  const bare = /^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFD').replace(/\p{M}/gu, '');
  return bare
    .toLowerCase()
    .replace(/[^\p{L}\p{N}&]+/gu, ' ')
    .trim();
}

/** Cuts a text to at most `max` characters (whole code points), marking the cut with `…`. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('').trimEnd()}…`;
}

/** Bytes the text takes in UTF-8, as it is stored in Redis and PostgreSQL. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Length in code points, so an emoji counts as one character as the citizen sees it. */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}
