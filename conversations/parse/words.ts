import { matchKey } from './text.js';

/**
 * Yes and no as citizens write them in chat, Indonesian and English ("iya",
 * "ya, kirim", "gak", "nope"). The first word decides, so "tidak setuju" is a no
 * and "ya benar" a yes.
 */

const YES = new Set([
  'ya', 'y', 'iya', 'iyaa', 'iye', 'yaa', 'yes', 'yup', 'yep', 'yeah', 'ok', 'oke', 'okay', 'okey', 'okeh', 'setuju',
  'agree', 'benar', 'betul', 'bener', 'sip', 'siap', 'boleh', 'lanjut', 'lanjutkan', 'continue', 'kirim', 'send',
  'correct', 'right', 'sure', 'confirm',
]);
const NO = new Set([
  'tidak', 'tdk', 'gak', 'ga', 'gk', 'nggak', 'ngga', 'enggak', 'engga', 'ndak', 'no', 'nope', 'nah', 'tolak',
  'salah', 'bukan', 'jangan', 'disagree', 'don', 'not', 'wrong', 'incorrect', 'cancel', 'batal',
]);

/** `yes`, `no`, or null when the answer is neither. */
export function yesNo(text: string): 'yes' | 'no' | null {
  const words = matchKey(text).split(' ');
  const first = words[0] ?? '';
  if (NO.has(first)) return 'no';
  if (YES.has(first)) return 'yes';
  return null;
}
