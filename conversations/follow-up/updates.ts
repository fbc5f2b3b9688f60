import type { Choice, ReportUpdate } from '../contract.js';
import type { Messages } from '../messages/index.js';
import { followUpState, type EngineState, type FollowUp } from '../state.js';
import type { Turn } from '../turn.js';

/**
 * News about a submitted report, worded for the citizen: one short paragraph per
 * lifecycle status, the officer's or admin's own words as their own paragraph (so
 * SMS packing can split a long one without cutting the bot's sentence), and what the
 * citizen can do next. The session remembers the ticket, so a plain reply answers it.
 *
 * @example bot: "Laporan LPR-7K3QX9M sudah diverifikasi dan diteruskan ke Dinas PUPR Kota Batam. Tindak lanjut paling lambat 5 hari kerja."
 */

const DEFAULT_FOLLOW_UP_DAYS = 5;
const TICKET = /^LPR-[0-9A-Z]{6,12}$/;

/** The buttons under a resolution: a rating 1–5 (button n is rating n) and "reopen". */
export function ratingChoices(m: Messages, ticket: string): Choice[] {
  // The ticket travels in the value, so an old button still rates the right report.
  const choices = m.followUp.ratingLabels.map((label, i) => ({ value: `nilai:${ticket}:${i + 1}`, label }));
  return [...choices, { value: `buka:${ticket}`, label: m.followUp.reopenChoice }];
}

function sayMessage(turn: Turn, message: NonNullable<ReportUpdate['message']>): void {
  turn.out.say(message.text, turn.env.m.followUp.signature(message.signedBy));
}

function sayStatus(turn: Turn, u: ReportUpdate): void {
  const { m } = turn.env;
  const f = m.followUp;
  const t = u.ticket;
  const opd = u.opdName ?? f.someOffice;
  // Reasons are required by the store for these statuses; '-' only guards a hand-made notice.
  const reason = u.reason ?? '-';
  switch (u.status) {
    case 'disposed':
      turn.out.say(f.disposed(t, opd), f.deadline(turn.data.followUpWorkingDays ?? DEFAULT_FOLLOW_UP_DAYS));
      break;
    case 'in_progress':
      turn.out.say(f.inProgress(t, opd));
      break;
    case 'answered':
      turn.out.say(f.answered(t));
      if (u.message) sayMessage(turn, u.message);
      turn.out.say(f.howToAnswer(t));
      return;
    case 'postponed':
      turn.out.say(f.postponed(t), reason, f.postponedHint);
      break;
    case 'not_authority':
      turn.out.say(f.notAuthority(t), reason);
      break;
    case 'declined':
      turn.out.say(f.declined(t), reason, f.declinedHint);
      break;
    case 'resolved':
      turn.out.say(f.resolved(t, opd), reason, f.reopenHint(t));
      // Mid-intake a bare "5" answers the open question and its choices replace these
      // buttons: the rating is asked for as a command naming the ticket instead.
      if (turn.s.step === 'follow_up') turn.out.say(f.rateQuestion).offer(ratingChoices(m, t));
      else turn.out.say(f.rateByCommand(t));
      // A message with the resolution would push the rating buttons off the last paragraph.
      return;
    case 'closed':
      turn.out.say(f.closed(t));
      break;
    default:
      turn.out.say(m.status.found(t, m.status.labels[u.status] ?? u.status));
  }
  if (u.message) {
    turn.out.say(f.messageFrom(t));
    sayMessage(turn, u.message);
  }
}

/**
 * Tells the citizen about an update and remembers its ticket. `previous` is the
 * session's state (null: none, or unreadable — `lost` says the latter). An intake in
 * progress is kept untouched and its open question asked again after the news.
 */
export function reportUpdate(turn: Turn, u: ReportUpdate, previous: EngineState | null, lost: boolean): void {
  const before = previous?.f;
  // The same status again with a message: another reply from the OPD, shown as just that.
  const relayOnly = before?.t === u.ticket && before.s === u.status && u.message !== null;
  if (relayOnly) {
    turn.out.say(turn.env.m.followUp.messageFrom(u.ticket));
    sayMessage(turn, u.message!);
  } else {
    sayStatus(turn, u);
  }
  if (!TICKET.test(u.ticket)) return;
  const f: FollowUp = { t: u.ticket, s: u.status };
  // A rating stays awaited across further news about the same resolved report.
  if (u.status === 'resolved' || (relayOnly && before?.r)) f.r = true;
  const s = turn.s;
  turn.state = previous === null ? followUpState(s.lang, f) : { ...s, f };
  if (lost) turn.out.say(turn.env.m.followUp.intakeReset);
  else if (previous !== null && previous.step !== 'follow_up') {
    turn.out.say(turn.env.m.followUp.backToIntake);
    turn.ask();
  }
}
