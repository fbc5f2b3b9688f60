import { WORD_JOINER } from '../neutralize-markup.js';

/**
 * What WhatsApp may format in a text, as far as its rules are known, so tests can show
 * that a hostile text would be formatted before neutralizing and is not after. WhatsApp
 * publishes the marks (faq.whatsapp.com/539178204879377) but not the exact rules, so
 * three readings are checked and any formatting found by any of them counts:
 *
 * - `bridge`: the parser mautrix-whatsapp uses to turn WhatsApp text into HTML
 *   (pkg/msgconv/wa-text.go): an opening mark after a line start, a space or another
 *   mark; a closing mark before anything but an ASCII letter or digit; quotes and
 *   bullets at the very start of a line.
 * - `loose`: marks at any word edge (space, punctuation, symbol, emoji), content that
 *   neither starts nor ends with a space (as WAHA users saw WhatsApp do,
 *   devlikeapro/waha#1643), quotes and bullets also after indentation.
 * - `joiner-as-space`: `loose` by a client that takes the word joiner for a space.
 *
 * Numbered lists are left out: our choice lists are numbered lines on purpose. A client
 * that dropped invisible characters before parsing would defeat any invisible fix and
 * is not modelled.
 */
export function whatsAppStyles(text: string): string[] {
  return [
    ...stylesBy('bridge', BRIDGE, text),
    ...stylesBy('loose', LOOSE, text),
    ...stylesBy('joiner-as-space', { ...LOOSE, line: BRIDGE.line }, text.replaceAll(WORD_JOINER, ' ')),
  ];
}

interface Reading {
  inline: Record<string, RegExp>;
  line: RegExp;
}

const CODE_BLOCK = /```[\s\S]*?\S[\s\S]*?```/;

const BRIDGE: Reading = {
  inline: {
    italic: /(?:[\s>~*]|^)_.+?_(?:[^a-zA-Z\d]|$)/m,
    bold: /(?:[\s>_~]|^)\*.+?\*(?:[^a-zA-Z\d]|$)/m,
    strike: /(?:[\s>_*]|^)~.+?~(?:[^a-zA-Z\d]|$)/m,
    code: /(?:[\s>_*~]|^)`.+?`(?:[^a-zA-Z\d]|$)/m,
  },
  line: /^(?:[*-] |> )/m,
};

const loose = (mark: string) =>
  new RegExp(String.raw`(?<=^|[\s\p{P}\p{S}])${mark}\S(?:[^\n]*?\S)?${mark}(?=$|[^\p{L}\p{N}])`, 'mu');

const LOOSE: Reading = {
  inline: { italic: loose('_'), bold: loose(String.raw`\*`), strike: loose('~'), code: loose('`') },
  line: /^[ \t]*(?:[*-]|>)[ \t]/m,
};

function stylesBy(name: string, reading: Reading, text: string): string[] {
  const found = Object.entries(reading.inline)
    .filter(([, pattern]) => pattern.test(text))
    .map(([style]) => style);
  if (reading.line.test(text)) found.push('quote or bullet');
  if (CODE_BLOCK.test(text)) found.push('monospace');
  return found.map((style) => `${name}: ${style}`);
}
