import { parseTicket } from '../../core/ticket.js';
import { matchKey } from '../parse/text.js';

/**
 * The citizen's words about a report already sent: answer the OPD, rate, reopen.
 * Both languages always work (`/balas` = `/reply`, `/nilai` = `/rate`, `/buka` =
 * `/reopen`; `jawab`, `tanggapi` and `answer` answer too). A slash form is always a
 * command, even mid-intake; a bare word is a command only with a ticket right after it
 * ("balas LPR-7K3QX9M …"), or at the `follow_up` step, so a story that starts with
 * "Buka …" mid-intake stays a story.
 */

/** Which follow-up action a command names. */
export type FollowUpAction = 'respond' | 'rate' | 'reopen';

/** A follow-up command; `ticket` null means "the report the session remembers". */
export type FollowUpCommand =
  | { type: 'respond'; ticket: string | null; text: string }
  | { type: 'rate'; ticket: string | null; rating: number }
  /** `reason` empty: the citizen still has to say why. */
  | { type: 'reopen'; ticket: string | null; reason: string }
  /** Recognisably a command, but malformed (no text, no 1–5, a mistyped ticket): show how. */
  | { type: 'usage'; action: FollowUpAction };

const VERBS: Readonly<Record<string, FollowUpAction>> = {
  balas: 'respond',
  jawab: 'respond',
  tanggapi: 'respond',
  reply: 'respond',
  answer: 'respond',
  nilai: 'rate',
  rate: 'rate',
  buka: 'reopen',
  reopen: 'reopen',
};

const FIRST_WORD = /^\s*\/?([a-z]{4,8})(?![a-z])/i;
// "/balas@LaporBot LPR-7K3QX9M teks": the verb, an optional bot name (Telegram menus), the rest.
const SHAPE = /^(\/)?([a-z]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i;
// A ticket as typed at the start of the rest: "LPR-7K3QX9M", "lpr 7k3q-x9m". No spaces
// inside the code: "LPR-7K3QX9M 4" must leave the 4 to the rating.
const TICKET_AT_START = /^lpr[\s-]*((?:[0-9a-z]-?){6,11}[0-9a-z])(?=\s|$)/i;

/**
 * Reads a message as a follow-up command, or null when it is something else.
 *
 * @example parseFollowUpCommand('/nilai LPR-7K3QX9M 5', false) // { type: 'rate', ticket: 'LPR-7K3QX9M', rating: 5 } when valid
 * @example parseFollowUpCommand('buka lubangnya muncul lagi', true) // { type: 'reopen', ticket: null, reason: 'lubangnya muncul lagi' }
 */
export function parseFollowUpCommand(text: string, atFollowUp: boolean): FollowUpCommand | null {
  // Cheap exit for the intake's answers, which run through here on every message:
  // look at the first word before anything else.
  const verb = FIRST_WORD.exec(text);
  if (!verb || !VERBS[verb[1]!.toLowerCase()]) return null;
  const shape = SHAPE.exec(text.trim());
  if (!shape) return null;
  const slash = shape[1] === '/';
  const action = VERBS[shape[2]!.toLowerCase()]!;
  let rest = (shape[3] ?? '').trim();
  let ticket: string | null = null;
  const typed = TICKET_AT_START.exec(rest);
  if (typed) {
    ticket = parseTicket(`LPR${typed[1]}`);
    // "balas LPR-…" with a mistyped ticket is still meant as a command.
    if (!ticket) return { type: 'usage', action };
    rest = rest.slice(typed[0].length).trim();
  }
  const explicit = slash || ticket !== null;
  if (!explicit && !atFollowUp) return null;
  switch (action) {
    case 'respond':
      return rest === '' ? { type: 'usage', action } : { type: 'respond', ticket, text: rest };
    case 'rate': {
      const rating = /^([1-5])(?:\s*(?:\/\s*5|bintang|stars?))?$/i.exec(rest);
      if (rating) return { type: 'rate', ticket, rating: Number(rating[1]) };
      // "nilai rapor anak saya…" at follow_up is a message for the OPD, not a bad rating.
      return explicit ? { type: 'usage', action } : null;
    }
    case 'reopen': {
      // "buka lagi karena…": the "again" belongs to the verb, not the reason.
      const reason = rest.replace(/^(?:lagi|kembali|again)\b[\s:,.-]*/i, '').trim();
      return { type: 'reopen', ticket, reason };
    }
  }
}

// Greetings and "new report" words: the citizen wants the intake, not the OPD.
const NEW_REPORT = new Set([
  'lapor', 'laporan', 'laporan baru', 'lapor baru', 'buat laporan', 'mau lapor', 'saya mau lapor', 'mengadu', 'pengaduan baru',
  'report', 'new report', 'new', 'baru', 'start', 'mulai',
  'halo', 'hallo', 'helo', 'hai', 'hi', 'hello', 'hey', 'pagi', 'siang', 'sore', 'malam', 'selamat pagi', 'selamat siang',
  'selamat sore', 'selamat malam', 'assalamualaikum', 'assalamu alaikum', 'permisi', 'good morning', 'good afternoon', 'good evening',
]);

/**
 * Whether a message at `follow_up` asks for a new report rather than talking to the
 * OPD: a greeting, "lapor", "laporan baru", or the one-message SMS format "LAPOR <text>".
 *
 * @example isNewReportRequest('Halo') // true
 * @example isNewReportRequest('LAPOR jalan rusak di depan SD 005') // true
 * @example isNewReportRequest('Lubangnya sudah ditambal, terima kasih') // false
 */
export function isNewReportRequest(text: string): boolean {
  if (text.length > 60) return /^lapor\s/i.test(text);
  const key = matchKey(text);
  return NEW_REPORT.has(key) || key.startsWith('lapor ');
}
