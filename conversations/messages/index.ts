import { en } from './en.js';
import { id } from './id.js';

/** The shape of a message catalogue: the Indonesian one is the reference. */
export type Messages = typeof id;

/** The catalogue languages. */
export type Lang = 'id' | 'en';

/** The catalogue for a language. */
export function messages(lang: Lang): Messages {
  return lang === 'en' ? en : id;
}

/** Both catalogues, for tests that check every text. */
export const catalogues: Readonly<Record<Lang, Messages>> = { id, en };
