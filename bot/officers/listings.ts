import type { Reply } from '../../conversations/contract.js';
import { jakartaDate } from '../../core/working-days.js';
import { listOpenReportsForOfficer } from '../../db/lifecycle/index.js';
import { computeRecap } from '../../db/recap/recap.js';
import { formatRecapText } from '../../db/recap/format.js';
import { parseRecapRange } from './commands.js';
import type { DeskContext } from './context.js';
import { reportList } from './render.js';

/** The read-only commands: the work list and the admins' recap. */

/** `/laporan`: the officer's open reports, soonest due first. */
export async function listReports(ctx: DeskContext): Promise<Reply> {
  const result = await listOpenReportsForOfficer(ctx.db, ctx.officer.id);
  if (!result.ok) return { text: 'Akun petugas Anda sudah tidak aktif. Hubungi admin untuk kode pendaftaran baru.' };
  return reportList(ctx.officer.role, result.reports);
}

/** The current month in Jakarta, first to last day. */
export function currentMonth(now: Date): { from: string; to: string } {
  const today = jakartaDate(now);
  const [year, month] = today.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}

/** `/rekap [dari sampai]`: the recap of the admin's own region (their unit's region). */
export async function recap(ctx: DeskContext, args: string[]): Promise<Reply> {
  if (ctx.officer.role !== 'admin') {
    return { text: 'Rekap hanya untuk admin koordinator. Ketik /laporan untuk melihat laporan unit Anda.' };
  }
  const example = 'Contoh: /rekap 2026-11-01 2026-11-30, atau /rekap saja untuk bulan ini.';
  const range = args.length === 0 ? currentMonth(ctx.now) : parseRecapRange(args);
  if (!range) return { text: `Tanggalnya tidak terbaca. Tulis dua tanggal YYYY-MM-DD. ${example}` };
  if (range.from > range.to) return { text: `Tanggal awal harus sebelum tanggal akhir. ${example}` };
  const own = await ctx.db.selectFrom('opd').select('region_code').where('code', '=', ctx.officer.opd_code).executeTakeFirst();
  if (!own) return { text: 'Unit Anda tidak ditemukan. Hubungi admin sistem.' };
  const figures = await computeRecap(ctx.db, { from: range.from, to: range.to, region: own.region_code });
  return { text: formatRecapText(figures).trimEnd() };
}
