/**
 * WhatsApp reads markup in plain message text: `*bold*`, `_italic_`, `~strike~`,
 * ```` ```monospace``` ```` and `` `inline code` `` anywhere, and `> ` (quote), `- ` or
 * `* ` (bullets) at the start of a line. It has no escape character and no way to turn
 * this off, so a citizen's `*URGENT*` echoed back in a summary would come out bold,
 * without its asterisks.
 *
 * A span needs an opening mark that touches the text after it and sits at the edge of a
 * word (start, space or punctuation before it), and a closing mark that mirrors it. A
 * WORD JOINER (U+2060) on both sides of such a mark breaks that: before an opening mark
 * it is neither a space nor punctuation, and a client that took it for a space would see
 * a span starting with one. (A client counting any non-letter as a word edge would still
 * format; no parser we know of does.) The joiner is invisible and, unlike U+200B, adds no
 * place where a line may break; unlike U+200D it cannot glue neighbouring emoji together.
 *
 * Only marks that could take part in formatting are touched: `2*3`, `RT_05` and
 * `budi_santoso@mail.com` stay exactly as typed, and so do links and e-mail addresses
 * (an invisible character inside one would break tapping or copying it).
 */

/** U+2060 WORD JOINER, the invisible character set around each neutralized mark. */
export const WORD_JOINER = '\u2060';

const INLINE_MARKS = new Set(['*', '_', '~', '`']);
// "1. " is left alone: WhatsApp shows a numbered list with the same digits, and our own
// choice lists are written that way on purpose.
const LINE_MARKS = new Set(['>', '-', '*']);
const ANY_MARK = /[*_~`>-]/;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const SPACE = /\s/u;
// U+FE0F / U+20E3 after `*` make the keycap emoji *️⃣: a joiner after it would split the
// emoji, so that star only gets the one before it, enough to keep it from opening a span.
const EMOJI_TAIL = /^[\uFE0F\u20E3]/u;
const LINKS_AND_ADDRESSES =
  /(?:https?:\/\/|www\.)\S+|[\p{L}\p{N}](?:[\p{L}\p{N}._%+-]*[\p{L}\p{N}])?@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/giu;

/**
 * The text as WhatsApp should show it: every mark that could start or end formatting is
 * wrapped in word joiners, nothing visible changes. Idempotent. Only for what is sent:
 * what the citizen wrote is stored as written.
 *
 * @example neutralizeMarkup('Judul: *URGENT*') // 'Judul: \u2060*\u2060URGENT\u2060*\u2060'
 * @example neutralizeMarkup('2*3, budi_santoso@mail.com') // unchanged
 */
export function neutralizeMarkup(text: string): string {
  if (!ANY_MARK.test(text)) return text;
  const untouchable = [...text.matchAll(LINKS_AND_ADDRESSES)].map((m) => [m.index, m.index + m[0].length] as const);
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    const inLink = untouchable.some(([start, end]) => i >= start && i < end);
    if (inLink || !isLiveMark(text, i)) {
      out += char;
      continue;
    }
    if (!out.endsWith(WORD_JOINER)) out += WORD_JOINER;
    out += char;
    const after = text[i + 1] ?? '';
    if (after !== WORD_JOINER && !(char === '*' && EMOJI_TAIL.test(after))) out += WORD_JOINER;
  }
  return out;
}

function isLiveMark(text: string, i: number): boolean {
  const char = text[i]!;
  const before = charBefore(text, i);
  const after = charAfter(text, i);
  if (LINE_MARKS.has(char) && atLineStart(text, i) && (after === ' ' || after === '\t')) return true;
  if (!INLINE_MARKS.has(char)) return false;
  // Three backticks make a code block even inside a word.
  if (char === '`' && backtickRun(text, i) >= 3) return true;
  const edge = (c: string) => c === '' || !WORD_CHAR.test(c);
  const touches = (c: string) => c !== '' && !SPACE.test(c);
  // Could open a span (word edge before, text after) or close one (the mirror image).
  return (edge(before) && touches(after)) || (touches(before) && edge(after));
}

function charBefore(text: string, i: number): string {
  if (i === 0) return '';
  // A whole astral character (emoji, rare letter), not its second half.
  const pair = i >= 2 && /[\ud800-\udbff][\udc00-\udfff]/.test(text.slice(i - 2, i));
  return String.fromCodePoint(text.codePointAt(pair ? i - 2 : i - 1)!);
}

function charAfter(text: string, i: number): string {
  return i + 1 < text.length ? String.fromCodePoint(text.codePointAt(i + 1)!) : '';
}

function atLineStart(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j -= 1;
  return j < 0 || text[j] === '\n';
}

function backtickRun(text: string, i: number): number {
  let start = i;
  let end = i;
  while (text[start - 1] === '`') start -= 1;
  while (text[end + 1] === '`') end += 1;
  return end - start + 1;
}
