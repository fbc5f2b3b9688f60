/** Longest text an officer or citizen may attach to an action (a few chat messages). */
export const MAX_TEXT_LENGTH = 4000;

/** The trimmed text, or null when it is empty, too long, or not a string at all. */
export function cleanText(text: unknown, max = MAX_TEXT_LENGTH): string | null {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim();
  return trimmed.length === 0 || trimmed.length > max ? null : trimmed;
}
