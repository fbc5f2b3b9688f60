import type { Reply } from '../../conversations/contract.js';
import { day, STATUS_LABEL } from '../officers/format.js';
import type { NoticeDetails } from './report-details.js';

/**
 * The officers' notices, in Indonesian (officers work in it), as channel-neutral
 * replies: plain text, never markup, so a title a citizen typed with `*` or `<b>` is
 * shown as typed. Choice values follow the officer commands' `<action>:<ticket>`
 * convention (bot/officers); Telegram shows them as buttons, WhatsApp as a numbered list.
 */

const ATTACHMENT_LABEL = { photo: 'foto', document: 'dokumen', video: 'video', audio: 'rekaman suara', location: 'lokasi peta' } as const;

// A long body would drown the buttons; the whole text is one tap away (`lihat`).
const BODY_MAX = 1500;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function choice(action: string, label: string, ticket: string) {
  return { value: `${action}:${ticket}`, label };
}

/** The lines every new-report notice shares: what, where, attachments, reporter. */
function reportLines(d: NoticeDetails): string[] {
  const where = [d.place, ...d.regionNames].filter((p): p is string => !!p && p.trim() !== '');
  const attached = (Object.keys(ATTACHMENT_LABEL) as (keyof typeof ATTACHMENT_LABEL)[])
    .filter((k) => (d.attachments[k] ?? 0) > 0)
    .map((k) => `${d.attachments[k]} ${ATTACHMENT_LABEL[k]}`);
  return [
    `Tiket: ${d.ticket}`,
    `Jenis: ${d.kind}`,
    `Kategori: ${d.category}`,
    `Lokasi: ${where.length > 0 ? where.join(', ') : '-'}`,
    `Judul: ${d.title}`,
    `Isi: ${clip(d.body, BODY_MAX)}`,
    `Lampiran: ${attached.length > 0 ? attached.join(', ') : 'tidak ada'}`,
    // The reporter is named only when not anonim; the notice never carries a NIK.
    d.reporter ? `Pelapor: ${d.reporter.name}, ${d.reporter.phone}` : 'Pelapor: anonim (identitas dirahasiakan)',
  ];
}

const AWAITING_VERIFICATION = new Set(['submitted', 'postponed']);
const FOLLOWING_UP = new Set(['disposed', 'in_progress', 'answered']);

/**
 * A new report for an OPD's liaison officers. While the report still waits for the
 * coordinator's verification the liaisons can only look at it (the lifecycle refuses
 * a reply or "in progress" before disposition), so only `lihat` is offered then.
 */
export function renderNewReportForLiaison(d: NoticeDetails, opdName: string): Reply {
  const awaiting = AWAITING_VERIFICATION.has(d.status);
  const due = awaiting ? d.verificationDueAt : d.status === 'answered' ? d.closeDueAt : d.followupDueAt ?? d.verificationDueAt;
  const dueLabel = awaiting ? 'Batas verifikasi koordinator' : d.status === 'answered' ? 'Selesai otomatis' : 'Batas tindak lanjut';
  const lines = [
    awaiting ? `Laporan baru untuk ${opdName} (menunggu verifikasi koordinator)` : `Laporan baru untuk ${opdName}`,
    '',
    ...reportLines(d),
    `${dueLabel}: ${day(due)}`,
  ];
  const choices = FOLLOWING_UP.has(d.status)
    ? [choice('lihat', 'Lihat', d.ticket), choice('balas', 'Balas pelapor', d.ticket), choice('proses', 'Proses', d.ticket)]
    : [choice('lihat', 'Lihat', d.ticket)];
  return { text: lines.join('\n'), choices };
}

/**
 * A report waiting for the coordinating admins' verification. The verification
 * actions are offered only while the lifecycle allows them (postpone only once,
 * from submitted); a report already verified gets `lihat` alone.
 */
export function renderNewReportForAdmin(d: NoticeDetails, opdName: string): Reply {
  const lines = [
    `Laporan menunggu verifikasi - ${opdName}`,
    '',
    ...reportLines(d),
    `Batas verifikasi: ${day(d.verificationDueAt)}`,
  ];
  if (!AWAITING_VERIFICATION.has(d.status)) lines.push(`Status sekarang: ${STATUS_LABEL[d.status]}`);
  const choices = AWAITING_VERIFICATION.has(d.status)
    ? [
        choice('verifikasi', 'Verifikasi', d.ticket),
        ...(d.status === 'submitted' ? [choice('tunda', 'Tunda', d.ticket)] : []),
        choice('bukan', 'Bukan wewenang', d.ticket),
        choice('tolak', 'Tolak', d.ticket),
        choice('lihat', 'Lihat', d.ticket),
      ]
    : [choice('lihat', 'Lihat', d.ticket)];
  return { text: lines.join('\n'), choices };
}

/** A citizen's message relayed to an OPD's officers; `reporterName` null for an anonim report. */
export function renderCitizenMessage(ticket: string, text: string, reporterName: string | null): Reply {
  const from = reporterName ? ` dari ${reporterName}` : '';
  return {
    text: [
      `Tanggapan pelapor${from} untuk ${ticket}:`,
      text,
      '',
      'Balas pesan ini (fitur balas/reply) untuk menjawab pelapor, atau pilih Balas.',
    ].join('\n'),
    choices: [choice('balas', 'Balas', ticket)],
  };
}
