import { parseTicket } from '../../core/ticket.js';
import { normalizeInviteCode } from '../../db/officers/index.js';

/**
 * Reading what an officer typed or pressed into a desk command. Commands are
 * Indonesian words, with or without a leading slash, in any case; tickets are read
 * loosely (`lpr-7k3qx9m`, `LPR 7K3QX9M`, `7K3QX9M`) by core/ticket's parseTicket.
 */

/** The per-report actions; also the first half of a button value `<action>:<ticket>`. */
export const DESK_ACTIONS = ['lihat', 'balas', 'proses', 'selesai', 'verifikasi', 'pindah', 'tunda', 'bukan', 'tolak'] as const;
/** A per-report action. */
export type DeskAction = (typeof DESK_ACTIONS)[number];

/** What an officer asked for. */
export type DeskCommand =
  | { kind: 'daftar'; code: string }
  | { kind: 'laporan' }
  | { kind: 'rekap'; args: string[] }
  | { kind: 'bantuan' }
  | { kind: 'batal' }
  /** `ticket` null when none was typed; `typedTicket` is what stood in its place. */
  | { kind: 'action'; action: DeskAction; ticket: string | null; typedTicket: string; text: string };

const ACTION_WORDS: Record<string, DeskAction> = {
  lihat: 'lihat',
  buka: 'lihat',
  balas: 'balas',
  jawab: 'balas',
  proses: 'proses',
  selesai: 'selesai',
  verifikasi: 'verifikasi',
  pindah: 'pindah',
  tunda: 'tunda',
  bukanwewenang: 'bukan',
  bukan: 'bukan',
  tolak: 'tolak',
};

const SIMPLE_WORDS: Record<string, DeskCommand> = {
  laporan: { kind: 'laporan' },
  bantuan: { kind: 'bantuan' },
  menu: { kind: 'bantuan' },
  help: { kind: 'bantuan' },
  start: { kind: 'bantuan' },
  batal: { kind: 'batal' },
};

/** Options of {@link parseCommand}. */
export interface ParseOptions {
  /**
   * Only slash commands (and a bare `batal`) count. Used while a text is expected
   * (a pending action, a quoted notification): "Selesai kami perbaiki…" is then the
   * officer's text, not the `selesai` command.
   */
  strict?: boolean;
}

/** The command in a text, or null when the text is not one. */
export function parseCommand(text: string, options: ParseOptions = {}): DeskCommand | null {
  const trimmed = text.trim();
  const slashed = trimmed.startsWith('/');
  if (options.strict && !slashed && trimmed.toLowerCase() !== 'batal') return null;
  const { word, rest } = takeWord(slashed ? trimmed.slice(1) : trimmed);
  // Telegram menus add the bot's name: `/lihat@LaporBot`.
  const name = word.toLowerCase().replace(/@\w+$/, '');
  if (name === 'daftar') return { kind: 'daftar', code: rest };
  if (name === 'rekap') return { kind: 'rekap', args: rest === '' ? [] : rest.split(/\s+/) };
  const simple = SIMPLE_WORDS[name];
  if (simple) return rest === '' || slashed ? simple : null;
  const action = ACTION_WORDS[name];
  if (!action) return null;
  const ticketPart = takeTicket(rest);
  return { kind: 'action', action, ...ticketPart };
}

/**
 * Whether a message is an enrolment attempt, checked for every citizen message
 * without any I/O. `/daftar …` always is; a plain `daftar …` only when the rest reads
 * as an invite code, so a citizen writing "daftar ulang KTP saya …" stays a citizen.
 */
export function isEnrolment(text: string): boolean {
  const first = text.trimStart().charCodeAt(0);
  // '/', 'd', 'D': everything else leaves at the first character.
  if (first !== 47 && first !== 100 && first !== 68) return false;
  const command = parseCommand(text);
  if (command?.kind !== 'daftar') return false;
  return text.trimStart().startsWith('/') || normalizeInviteCode(command.code) !== null;
}

/** A button value `<action>:<ticket>` read back, or null for any other value. */
export function parseChoiceValue(value: string): { action: DeskAction; ticket: string } | null {
  const at = value.indexOf(':');
  if (at < 0) return null;
  const action = value.slice(0, at) as DeskAction;
  if (!DESK_ACTIONS.includes(action)) return null;
  const ticket = parseTicket(value.slice(at + 1));
  return ticket ? { action, ticket } : null;
}

/** The button value of an action on a report. */
export function choiceValue(action: DeskAction, ticket: string): string {
  return `${action}:${ticket}`;
}

/** Parses `YYYY-MM-DD YYYY-MM-DD`, or null when the arguments are not two such dates. */
export function parseRecapRange(args: string[]): { from: string; to: string } | null {
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (args.length !== 2 || !args.every((a) => date.test(a) && !Number.isNaN(Date.parse(`${a}T00:00:00Z`)))) return null;
  return { from: args[0]!, to: args[1]! };
}

function takeWord(text: string): { word: string; rest: string } {
  const match = /^(\S*)\s*([\s\S]*)$/.exec(text)!;
  return { word: match[1]!, rest: match[2]!.trim() };
}

function takeTicket(rest: string): { ticket: string | null; typedTicket: string; text: string } {
  if (rest === '') return { ticket: null, typedTicket: '', text: '' };
  const first = takeWord(rest);
  // "LPR 7K3QX9M": the prefix typed as its own word.
  if (first.word.toLowerCase() === 'lpr' && first.rest !== '') {
    const second = takeWord(first.rest);
    const ticket = parseTicket(`LPR${second.word}`);
    if (ticket) return { ticket, typedTicket: `${first.word} ${second.word}`, text: second.rest };
  }
  return { ticket: parseTicket(first.word), typedTicket: first.word, text: first.rest };
}
