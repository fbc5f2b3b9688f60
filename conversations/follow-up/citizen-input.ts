import { parseCommand } from '../commands.js';
import { lookup } from '../handle-command.js';
import { matchKey } from '../parse/text.js';
import type { EngineState } from '../state.js';
import type { Turn } from '../turn.js';
import { isNewReportRequest, parseFollowUpCommand, type FollowUpCommand } from './commands.js';
import { ratingChoices } from './updates.js';

/**
 * What the citizen's messages do about a report already sent. At the `follow_up` step
 * (no intake in progress) free text answers the OPD, a digit rates a resolved report,
 * "buka <alasan>" reopens it; greetings, "lapor" and `/start` open a new intake.
 * Explicit commands and the rating buttons work at any step. Effects carry the action
 * to the runtime, which replies with the engine's rendering of the store's outcome, so
 * the engine itself says nothing for them (no extra SMS).
 */

/** The session with the remembered report's flags changed (only when it is that report). */
function withFlags(s: EngineState, ticket: string, flags: { r?: true; b?: true }): EngineState {
  if (s.f?.t !== ticket) return s;
  const f = { ...s.f };
  delete f.r;
  delete f.b;
  return { ...s, f: { ...f, ...flags } };
}

/** Carries out a follow-up command: an effect for the runtime, or a question back. */
export function runFollowUpCommand(turn: Turn, cmd: FollowUpCommand): void {
  const { m, lang } = turn.env;
  const s = turn.s;
  const usage = () => turn.out.say(m.followUp.usage[cmd.type === 'usage' ? cmd.action : cmd.type]);
  if (cmd.type === 'usage') {
    usage();
    return;
  }
  const ticket = cmd.ticket ?? s.f?.t ?? null;
  if (ticket === null) {
    usage();
    return;
  }
  switch (cmd.type) {
    case 'respond':
      turn.effects.push({ type: 'respond_to_opd', ticket, text: cmd.text, language: lang });
      return;
    case 'rate':
      // Cleared now rather than after the outcome (the engine never sees it): a
      // refused rating leaves /nilai to try again.
      turn.state = withFlags(s, ticket, {});
      turn.effects.push({ type: 'rate_report', ticket, rating: cmd.rating, language: lang });
      return;
    case 'reopen':
      if (cmd.reason !== '') {
        turn.state = withFlags(s, ticket, {});
        turn.effects.push({ type: 'reopen_report', ticket, reason: cmd.reason, language: lang });
        return;
      }
      if (s.step !== 'follow_up') {
        // Mid-intake the next text answers the open question: the reason must come along.
        usage();
        return;
      }
      turn.state = { ...s, f: s.f?.t === ticket ? { ...s.f, b: true } : { t: ticket, b: true } };
      turn.out.say(m.followUp.reopenReasonQuestion(ticket));
      return;
  }
}

const CHOICE = /^(?:nilai:(LPR-[0-9A-Z]{6,12}):([1-5])|buka:(LPR-[0-9A-Z]{6,12}))$/;

/**
 * A rating or reopen button (its value names the ticket): carried out at any step, as
 * an explicit command. Returns false for any other value.
 */
export function followUpChoice(turn: Turn, value: string): boolean {
  if (!value.startsWith('nilai:') && !value.startsWith('buka:')) return false;
  const match = CHOICE.exec(value);
  if (!match) return false;
  if (match[1]) runFollowUpCommand(turn, { type: 'rate', ticket: match[1], rating: Number(match[2]) });
  else runFollowUpCommand(turn, { type: 'reopen', ticket: match[3]!, reason: '' });
  return true;
}

/** Asks what the follow_up step asks (after a word that did nothing else). */
function hint(turn: Turn): void {
  turn.ask();
}

/**
 * Text at the `follow_up` step. Returns `intake` when the citizen asked for a new
 * report: the engine then opens the intake, keeping the remembered report.
 */
export function followUpText(turn: Turn, cleaned: string): 'intake' | void {
  const { m } = turn.env;
  const s = turn.s;
  if (cleaned === '') {
    turn.out.say(m.emptyMessage);
    hint(turn);
    return;
  }
  const explicit = parseFollowUpCommand(cleaned, true);
  if (explicit) {
    runFollowUpCommand(turn, explicit);
    return;
  }
  const cmd = parseCommand(cleaned);
  switch (cmd?.type) {
    case 'status':
      lookup(turn, cmd.ticket);
      return;
    case 'language':
      turn.state = { ...s, lang: cmd.lang };
      turn.out.say(turn.env.m.languageSwitched);
      hint(turn);
      return;
    case 'help':
      turn.out.say(m.help.follow_up);
      return;
    case 'restart':
      return 'intake';
    case 'cancel':
    case 'back':
    case 'skip':
    case 'edit':
      turn.out.say(m.followUp.nothingInProgress);
      hint(turn);
      return;
  }
  if (isNewReportRequest(cleaned)) return 'intake';
  const f = s.f;
  if (!f) {
    hint(turn);
    return;
  }
  if (f.b) {
    runFollowUpCommand(turn, { type: 'reopen', ticket: f.t, reason: cleaned });
    return;
  }
  if (f.r) {
    // The resolution's choices, typed as their number or label ("5", "sangat baik", "6").
    const choices = ratingChoices(m, f.t);
    const number = /^\s*(\d)\s*[.)]?\s*$/.exec(cleaned);
    const key = matchKey(cleaned);
    const chosen = number ? choices[Number(number[1]) - 1] : choices.find((c) => matchKey(c.label) === key);
    if (chosen && followUpChoice(turn, chosen.value)) return;
  }
  runFollowUpCommand(turn, { type: 'respond', ticket: f.t, text: cleaned });
}
