import type { Reply } from '../../conversations/contract.js';
import { channelSchema, type Notification } from '../../worker/queues.js';
import type { OutgoingMessage } from '../delivery/outbox.js';
import { ChannelNotServedError, type NoticeDeps } from './deps.js';
import { activeOfficersOf, isCoordinatingUnit, opdNameOf, type OfficerRecipient } from './officer-recipients.js';
import { renderCitizenMessage, renderNewReportForAdmin, renderNewReportForLiaison } from './officer-texts.js';
import { loadNoticeDetails, loadReporterLabel } from './report-details.js';

/** The two notices meant for an OPD's officers. */
export type OpdNotification = Extract<Notification, { type: 'new_report_for_opd' | 'citizen_message' }>;

/** What {@link deliverOpdNotice} did. */
export interface OpdNoticeOutcome {
  /** Officers whose messages went to the outbox. */
  officers: number;
  /** Delivery ids queued (some may already have been queued by an earlier attempt). */
  deliveryIds: string[];
}

/**
 * Tells an OPD's active officers of a notice, each on their own channel:
 * - `new_report_for_opd`, role handler: the liaisons of `opdCode`;
 * - `new_report_for_opd`, role coordinator: the admins of the report's coordinating unit;
 * - `citizen_message`: the liaisons of `opdCode`, and its admins when it is a
 *   coordinating unit (a report not yet disposed lives there).
 *
 * Every message carries the ticket (outbound_messages records it, so an officer's
 * reply quoting the notice leads back to the report). Delivery ids are
 * `notify-<job id>-o<officer id>-<n>`, so a retried job sends nothing twice. No
 * enrolled officer is a warning, not a failure: the weekly reminders still reach the
 * unit's admins, and failing would only retry in vain.
 */
export async function deliverOpdNotice(deps: NoticeDeps, notice: OpdNotification, jobId: string): Promise<OpdNoticeOutcome> {
  const plan = await planOpdNotice(deps, notice);
  if (!plan) return { officers: 0, deliveryIds: [] };
  if (plan.officers.length === 0) {
    deps.logger.warn({ ticket: notice.ticket, opd: plan.opdCode, type: notice.type }, 'no enrolled officer to notify');
    return { officers: 0, deliveryIds: [] };
  }
  const messages: OutgoingMessage[] = [];
  const unserved: string[] = [];
  let officers = 0;
  for (const officer of plan.officers) {
    const channel = channelSchema.safeParse(officer.channel);
    const adapter = channel.success ? deps.adapters[channel.data] : undefined;
    if (!adapter) {
      unserved.push(officer.channel);
      continue;
    }
    officers += 1;
    adapter.render(officer.chatRef, [plan.reply]).forEach((m, i) => {
      messages.push({ ...m, ticket: notice.ticket, deliveryId: `notify-${jobId}-o${officer.id}-${i}` });
    });
  }
  const deliveryIds = await deps.outbox.enqueue(messages);
  // The served officers' messages are queued first; the retry re-queues the same ids
  // (a no-op) and reaches the rest once a process serving their channel takes the job.
  if (unserved.length > 0) {
    throw new ChannelNotServedError(`no ${[...new Set(unserved)].join(', ')} channel in this process for ${unserved.length} officer(s)`);
  }
  return { officers, deliveryIds };
}

interface Plan {
  opdCode: string;
  officers: OfficerRecipient[];
  reply: Reply;
}

async function planOpdNotice(deps: NoticeDeps, notice: OpdNotification): Promise<Plan | null> {
  const { db } = deps;
  if (notice.type === 'citizen_message') {
    const [label, coordinating] = await Promise.all([loadReporterLabel(db, notice.ticket), isCoordinatingUnit(db, notice.opdCode)]);
    if (!label.found) {
      deps.logger.warn({ ticket: notice.ticket }, 'citizen message for an unknown ticket: not relayed');
      return null;
    }
    const officers = await activeOfficersOf(db, notice.opdCode, coordinating ? ['liaison', 'admin'] : ['liaison']);
    const reply = renderCitizenMessage(notice.ticket, notice.text, label.name);
    return { opdCode: notice.opdCode, officers, reply };
  }
  const details = await loadNoticeDetails(db, notice.ticket);
  if (!details) {
    deps.logger.warn({ ticket: notice.ticket, opd: notice.opdCode }, 'new-report notice for an unknown ticket: not sent');
    return null;
  }
  if (notice.role === 'coordinator') {
    const opdCode = details.coordinatorOpdCode ?? notice.opdCode;
    const [officers, name] = await Promise.all([activeOfficersOf(db, opdCode, ['admin']), opdNameOf(db, opdCode)]);
    const reply = renderNewReportForAdmin(details, name);
    return { opdCode, officers, reply };
  }
  const [officers, name] = await Promise.all([activeOfficersOf(db, notice.opdCode, ['liaison']), opdNameOf(db, notice.opdCode)]);
  const reply = renderNewReportForLiaison(details, name);
  return { opdCode: notice.opdCode, officers, reply };
}
