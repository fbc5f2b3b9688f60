import type { OutboundMessage } from '../../bot/channels/channel.js';
import type { OverdueKind } from '../../db/reminders/overdue.js';
import type { JurisdictionSummary, OpdReminder } from '../../db/reminders/weekly-reminders.js';
import type { Channel } from '../queues.js';

/**
 * The reminder texts, in Indonesian (officers work in it). Telegram gets one button per
 * listed ticket (`lihat:<ticket>`, answered by the officer commands); channels without
 * buttons get a line saying what to type (`LIHAT <tiket>`).
 */

const KIND_LABEL: Record<OverdueKind, string> = {
  verification: 'belum diverifikasi',
  followup: 'belum ditindaklanjuti',
  response: 'tanggapan warga belum dijawab',
};

/** How many OPDs a coordinator's ranking lists before "and N more". */
export const SUMMARY_LIMIT = 15;

/** Callback data of the button that opens a report in the officer menu. */
export function openReportCallback(ticket: string): string {
  return `lihat:${ticket}`;
}

/** One OPD's weekly reminder for one officer's chat. */
export function renderOpdReminder(reminder: OpdReminder, to: { channel: Channel; chatRef: string }): OutboundMessage {
  const kinds = (Object.keys(KIND_LABEL) as OverdueKind[])
    .filter((k) => reminder.byKind[k] > 0)
    .map((k) => `- ${reminder.byKind[k]} ${KIND_LABEL[k]}`);
  const lines = [
    `Pengingat mingguan LAPOR! untuk ${reminder.opdName}`,
    `${reminder.total} laporan melewati batas waktu:`,
    ...kinds,
    '',
    'Paling lama:',
    ...reminder.oldest.map(
      (r, i) => `${i + 1}. ${r.ticket} - terlambat ${r.workingDaysOverdue} hari kerja (${KIND_LABEL[r.kind]})`,
    ),
  ];
  if (to.channel === 'telegram') {
    lines.push('', 'Ketuk nomor tiket di bawah untuk membukanya.');
    return {
      ...to,
      text: lines.join('\n'),
      buttons: reminder.oldest.map((r) => [{ label: `Lihat ${r.ticket}`, data: openReportCallback(r.ticket) }]),
    };
  }
  const first = reminder.oldest[0]?.ticket ?? 'LPR-XXXXXX';
  lines.push('', `Ketik LIHAT <tiket> untuk membukanya, mis. LIHAT ${first}`);
  return { ...to, text: lines.join('\n') };
}

const pct = (rate: number | null): string => (rate === null ? '-' : `${Math.round(rate * 100)}%`);

/** A coordinating admin's weekly ranking of its jurisdiction's lagging OPDs. */
export function renderSummary(summary: JurisdictionSummary, to: { channel: Channel; chatRef: string }): OutboundMessage {
  const shown = summary.ranking.slice(0, SUMMARY_LIMIT);
  const lines = [
    `Rekap mingguan LAPOR! wilayah ${summary.regionCode} (${summary.coordinatorName})`,
    `${summary.ranking.length} OPD punya laporan melewati batas waktu, terbanyak dulu`,
    '(terlambat / persentase selesai 12 bulan terakhir):',
    ...shown.map((o, i) => `${i + 1}. ${o.opdName}: ${o.overdue} terlambat, selesai ${pct(o.resolution.rate)}`),
  ];
  if (summary.ranking.length > shown.length) lines.push(`... dan ${summary.ranking.length - shown.length} OPD lainnya`);
  return { ...to, text: lines.join('\n') };
}
