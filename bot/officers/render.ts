import type { Choice, Reply } from '../../conversations/contract.js';
import { LIFECYCLE, type LifecycleAction, type OfficerReportView, type OpenReportSummary } from '../../db/lifecycle/index.js';
import type { OfficerRole } from '../../db/tables/officers.table.js';
import type { ReportStatus } from '../../db/tables/reports.table.js';
import { choiceValue, type DeskAction } from './commands.js';
import { day, dayTime, EXAMPLE_TICKET, KIND_LABEL, ROLE_LABEL, STATUS_LABEL } from './format.js';

/** The desk's replies that need no store: menus, lists, one report, prompts. */

/** The lifecycle action behind each desk action (lihat has none: it only reads). */
export const LIFECYCLE_OF: Record<Exclude<DeskAction, 'lihat'>, LifecycleAction> = {
  balas: 'reply_to_citizen',
  proses: 'mark_in_progress',
  selesai: 'resolve',
  verifikasi: 'verify_and_dispose',
  pindah: 'change_opd',
  tunda: 'postpone',
  bukan: 'not_authority',
  tolak: 'decline',
};

/** The command word an officer types for an action (`bukan` is typed `bukanwewenang`). */
export function commandWord(action: DeskAction): string {
  return action === 'bukan' ? 'bukanwewenang' : action;
}

const BUTTON_LABEL: Record<DeskAction, string> = {
  lihat: 'Lihat',
  balas: 'Balas pelapor',
  proses: 'Tandai diproses',
  selesai: 'Tandai selesai',
  verifikasi: 'Verifikasi & teruskan',
  pindah: 'Pindahkan ke OPD lain',
  tunda: 'Tunda',
  bukan: 'Bukan wewenang',
  tolak: 'Tolak',
};

/** How each action is typed, with an example. */
export function usage(action: DeskAction, ticket = EXAMPLE_TICKET): string {
  switch (action) {
    case 'lihat':
      return `/lihat ${ticket}`;
    case 'balas':
      return `/balas ${ticket} Terima kasih, petugas kami akan memeriksa lokasi besok.`;
    case 'proses':
      return `/proses ${ticket}`;
    case 'selesai':
      return `/selesai ${ticket} Jalan sudah ditambal pada 3 Desember.`;
    case 'verifikasi':
      return `/verifikasi ${ticket} (atau /verifikasi ${ticket} <kode OPD>)`;
    case 'pindah':
      return `/pindah ${ticket} <kode OPD>`;
    case 'tunda':
      return `/tunda ${ticket} Menunggu foto lokasi dari pelapor.`;
    case 'bukan':
      return `/bukanwewenang ${ticket} Jalan nasional, wewenang Kementerian PU.`;
    case 'tolak':
      return `/tolak ${ticket} Isi laporan tidak bisa dipahami.`;
  }
}

/** The menu for a role, with buttons (numbers on WhatsApp). */
export function menu(role: OfficerRole, heading = 'Menu petugas LAPOR!'): Reply {
  const lines =
    role === 'admin'
      ? [
          '/laporan - laporan yang menunggu verifikasi',
          '/lihat <tiket> - buka satu laporan',
          '/verifikasi <tiket> [kode OPD] - verifikasi dan teruskan ke OPD',
          '/pindah <tiket> <kode OPD> - pindahkan ke OPD lain',
          '/tunda <tiket> <alasan> - tunda verifikasi',
          '/bukanwewenang <tiket> <alasan> - bukan wewenang wilayah ini',
          '/tolak <tiket> <alasan> - tolak laporan yang tidak layak',
          '/rekap [YYYY-MM-DD YYYY-MM-DD] - rekap wilayah Anda (bawaan: bulan ini)',
        ]
      : [
          '/laporan - laporan unit Anda yang menunggu',
          '/lihat <tiket> - buka satu laporan',
          '/balas <tiket> <teks> - balas pelapor',
          '/proses <tiket> - tandai sedang diproses',
          '/selesai <tiket> <ringkasan> - tandai selesai',
        ];
  const example = role === 'admin' ? usage('tolak') : usage('balas');
  const text = [
    heading,
    `Anda terdaftar sebagai ${ROLE_LABEL[role]}.`,
    '',
    ...lines,
    '/batal - batalkan perintah yang belum selesai',
    '',
    `Contoh: ${example}`,
    'Garis miring (/) boleh tidak ditulis. Untuk membalas pelapor, Anda juga bisa membalas langsung pesan pemberitahuan laporan.',
  ].join('\n');
  const choices: Choice[] = [{ value: 'laporan', label: 'Laporan saya' }];
  if (role === 'admin') choices.push({ value: 'rekap', label: 'Rekap bulan ini' });
  choices.push({ value: 'bantuan', label: 'Bantuan' });
  return { text, choices };
}

/** How many reports `/laporan` lists with a button each. */
export const LIST_LIMIT = 20;

/** An officer's work list, soonest due first. */
export function reportList(role: OfficerRole, reports: OpenReportSummary[]): Reply {
  if (reports.length === 0) {
    return {
      text: role === 'admin' ? 'Tidak ada laporan yang menunggu verifikasi di wilayah Anda.' : 'Tidak ada laporan yang menunggu unit Anda.',
      choices: [{ value: 'bantuan', label: 'Menu' }],
    };
  }
  const shown = reports.slice(0, LIST_LIMIT);
  const due = role === 'admin' ? 'batas verifikasi' : 'batas waktu';
  const lines = [
    role === 'admin' ? `Laporan menunggu verifikasi (${reports.length}):` : `Laporan unit Anda (${reports.length}):`,
    ...shown.map((r, i) => `${i + 1}. ${r.ticket} - ${r.title} (${STATUS_LABEL[r.status]}, ${due} ${day(r.dueAt)})`),
  ];
  if (reports.length > shown.length) lines.push(`… dan ${reports.length - shown.length} laporan lainnya.`);
  lines.push('', 'Pilih laporan untuk membukanya, atau ketik /lihat <tiket>.');
  return { text: lines.join('\n'), choices: shown.map((r) => ({ value: choiceValue('lihat', r.ticket), label: `Lihat ${r.ticket}` })) };
}

/** The desk actions a role may take on a report in this status (from the lifecycle table). */
export function actionsFor(role: OfficerRole, status: ReportStatus): DeskAction[] {
  return (Object.keys(LIFECYCLE_OF) as Exclude<DeskAction, 'lihat'>[]).filter((action) => {
    const rule = LIFECYCLE[LIFECYCLE_OF[action]];
    return rule.by === role && rule.from.includes(status);
  });
}

/**
 * One report as the store's view gives it (the reporter already redacted there), with
 * its actions. `attachmentsLine` says what becomes of its files (attachments.ts), null
 * when it has none.
 */
export function reportView(role: OfficerRole, report: OfficerReportView, attachmentsLine: string | null): Reply {
  const r = report;
  const region = [r.regionCodes.village ?? r.regionCodes.district, r.regionCodes.regency, r.regionCodes.province].join(' / ');
  const lines = [
    `${r.ticket} - ${KIND_LABEL[r.kind] ?? r.kind}`,
    `Status: ${STATUS_LABEL[r.status]}`,
    `Judul: ${r.title}`,
    `Kategori: ${r.category}`,
    `Isi: ${r.body}`,
    `Tempat: ${r.place ?? '-'}`,
    `Wilayah: ${region}`,
    `Tanggal kejadian: ${r.incidentDate ?? '-'}`,
    `Dikirim: ${dayTime(r.submittedAt)}`,
    `OPD: ${r.opdCode ?? '(belum ada)'}`,
  ];
  if (r.verificationDueAt && (r.status === 'submitted' || r.status === 'postponed')) lines.push(`Batas verifikasi: ${day(r.verificationDueAt)}`);
  if (r.followupDueAt && (r.status === 'disposed' || r.status === 'in_progress')) lines.push(`Batas tindak lanjut: ${day(r.followupDueAt)}`);
  if (r.closeDueAt && r.status === 'answered') lines.push(`Ditutup otomatis jika pelapor tidak menanggapi: ${day(r.closeDueAt)}`);
  const privacy = [r.anonim ? 'anonim' : null, r.rahasia ? 'rahasia (isi tidak untuk umum)' : null].filter(Boolean);
  if (privacy.length > 0) lines.push(`Privasi: ${privacy.join(', ')}`);
  if (r.reporter) {
    lines.push(`Pelapor: ${r.reporter.name}, ${r.reporter.phone}${r.reporter.nik ? `, NIK ${r.reporter.nik}` : ''}`);
  } else {
    lines.push('Pelapor: disembunyikan (laporan anonim). Balasan Anda tetap sampai ke pelapor lewat bot.');
  }
  if (r.rating !== null) lines.push(`Penilaian pelapor: ${r.rating}/5`);
  if (attachmentsLine) lines.push(attachmentsLine);
  if (r.messages.length > 0) {
    lines.push('', 'Percakapan:');
    for (const m of r.messages) {
      const who = m.from === 'officer' ? (m.signedBy ?? 'OPD') : 'Pelapor';
      lines.push(`- ${dayTime(m.at)} ${who}: ${m.text}`);
    }
  }
  const actions = actionsFor(role, r.status);
  if (actions.length === 0) lines.push('', 'Tidak ada tindakan yang bisa Anda lakukan pada laporan ini sekarang.');
  return {
    text: lines.join('\n'),
    choices: actions.map((a) => ({ value: choiceValue(a, r.ticket), label: BUTTON_LABEL[a] })),
  };
}

/** What a text-needing action asks for. */
export function promptFor(action: DeskAction, ticket: string): string {
  const cancel = 'Ketik batal untuk membatalkan.';
  switch (action) {
    case 'balas':
      return `Tulis balasan untuk pelapor ${ticket}. Balasan dikirim atas nama unit Anda. ${cancel}`;
    case 'selesai':
      return `Tulis ringkasan penyelesaian ${ticket} (akan dikirim ke pelapor). ${cancel}`;
    case 'tunda':
      return `Tulis alasan penundaan ${ticket} (akan dikirim ke pelapor). ${cancel}`;
    case 'bukan':
      return `Tulis alasan ${ticket} bukan wewenang wilayah ini, dan ke mana pelapor sebaiknya melapor. ${cancel}`;
    case 'tolak':
      return `Tulis alasan penolakan ${ticket} (akan dikirim ke pelapor). ${cancel}`;
    case 'pindah':
    case 'verifikasi':
      return `Ketik kode OPD tujuan untuk ${ticket}, atau pilih dari daftar. ${cancel}`;
    default:
      return cancel;
  }
}
