import type { FollowUpEffect, FollowUpOutcome, Reply } from '../contract.js';
import { messages, type Lang } from '../messages/index.js';
import { fitsOneSms } from '../sms/gsm7.js';

/**
 * The reply to a follow-up action once the runtime carried it out: done (with the
 * unit that has the message or the report now) or refused in the citizen's terms.
 *
 * @example renderFollowUp('id', { type: 'rate_report', ticket, rating: 5, language: 'id' }, { ok: true, opdName: null }, 5)
 * // { text: 'Terima kasih atas penilaian Anda.' }
 */
export function renderFollowUp(lang: Lang, effect: FollowUpEffect, outcome: FollowUpOutcome, followUpDays: number): Reply {
  const f = messages(lang).followUp;
  if (!outcome.ok) {
    const refusal = f.refused[outcome.reason] ?? f.refused.unavailable;
    return { text: refusal(effect.ticket) };
  }
  const opd = outcome.opdName ?? f.someOffice;
  switch (effect.type) {
    case 'respond_to_opd':
      return { text: f.sent(opd) };
    case 'rate_report':
      return { text: f.rated };
    case 'reopen_report': {
      // The deadline only when both fit one SMS: a long unit name must not cost a second one.
      const both = `${f.reopened(effect.ticket, opd)} ${f.deadline(followUpDays)}`;
      return { text: fitsOneSms(both) ? both : f.reopened(effect.ticket, opd) };
    }
  }
}
