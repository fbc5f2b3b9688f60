import type { ReportStatus } from '../../db/tables/reports.table.js';
import type { OfficerRole } from '../../db/tables/officers.table.js';

/** Small Indonesian wordings shared by the desk's texts. */

/** A ticket in examples, when the officer has not named one. */
export const EXAMPLE_TICKET = 'LPR-7K3QX9M';

/** Status names as officers say them. */
export const STATUS_LABEL: Record<ReportStatus, string> = {
  submitted: 'menunggu verifikasi',
  postponed: 'ditunda',
  disposed: 'sudah diteruskan ke OPD',
  in_progress: 'sedang diproses',
  answered: 'sudah dijawab',
  resolved: 'selesai',
  closed: 'ditutup',
  declined: 'ditolak (tidak layak)',
  not_authority: 'bukan wewenang',
};

/** The roles as officers know them. */
export const ROLE_LABEL: Record<OfficerRole, string> = {
  liaison: 'pejabat penghubung OPD',
  admin: 'admin koordinator',
};

/** Report kinds as written on LAPOR!. */
export const KIND_LABEL: Record<string, string> = {
  pengaduan: 'Pengaduan',
  aspirasi: 'Aspirasi',
  permintaan_informasi: 'Permintaan informasi',
};

const DAY = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' });
const DAY_TIME = new Intl.DateTimeFormat('id-ID', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Asia/Jakarta',
});

/** A date as a Jakarta calendar day, e.g. `3 Desember 2026`; `-` for none. Notices and the desk share it. */
export function day(at: Date | null): string {
  return at === null ? '-' : DAY.format(at);
}

/** A moment in Jakarta time, e.g. `3 Des 2026 10.00 WIB`. */
export function dayTime(at: Date): string {
  return `${DAY_TIME.format(at).replace(',', '')} WIB`;
}
