import type { Db } from '../../db/database.js';
import { visibleReporter } from '../../db/lifecycle/redaction.js';
import type { ReportStatus } from '../../db/tables/reports.table.js';

/** What a pushed notice may say about a report. Never holds the reporter's NIK. */
export interface NoticeDetails {
  ticket: string;
  status: ReportStatus;
  /** The kind's Indonesian name (`Pengaduan`), or its code when the catalogue lacks it. */
  kind: string;
  /** The category's Indonesian name, or its code. */
  category: string;
  title: string;
  body: string;
  /** The citizen's own description of the place, if any. */
  place: string | null;
  /** Village, district and regency names, most specific first (codes the table lacks are left out). */
  regionNames: string[];
  /** Attachments by kind, e.g. `{ photo: 2, document: 1 }`. */
  attachments: Partial<Record<'photo' | 'document' | 'video' | 'audio' | 'location', number>>;
  anonim: boolean;
  opdCode: string | null;
  coordinatorOpdCode: string | null;
  verificationDueAt: Date | null;
  followupDueAt: Date | null;
  closeDueAt: Date | null;
  /** Name and phone, only for a report that is not anonim. */
  reporter: { name: string; phone: string } | null;
}

/**
 * Loads a report for a notice, or null for an unknown ticket.
 *
 * Why the liaison's view of the reporter for every recipient, admins included: a
 * notice leaves our systems (Telegram, WhatsApp) and its text is kept in
 * outbound_messages, so an anonim reporter's identity is never pushed to anyone;
 * coordinating admins still see it when they open the report (`lihat`). The NIK is
 * not even read here.
 */
export async function loadNoticeDetails(db: Db, ticket: string): Promise<NoticeDetails | null> {
  const row = await db
    .selectFrom('reports as r')
    .innerJoin('reporters as p', 'p.id', 'r.reporter_id')
    .leftJoin('report_kinds as k', 'k.code', 'r.kind')
    .leftJoin('categories as c', 'c.code', 'r.category')
    .leftJoin('regions as v', 'v.code', 'r.village_code')
    .leftJoin('regions as d', 'd.code', 'r.district_code')
    .leftJoin('regions as g', 'g.code', 'r.regency_code')
    .select([
      'r.id',
      'r.ticket',
      'r.status',
      'r.kind',
      'k.name_id as kind_name',
      'r.category',
      'c.name_id as category_name',
      'r.title',
      'r.body',
      'r.place',
      'v.name as village_name',
      'd.name as district_name',
      'g.name as regency_name',
      'r.anonim',
      'r.opd_code',
      'r.coordinator_opd_code',
      'r.verification_due_at',
      'r.followup_due_at',
      'r.close_due_at',
      'p.name as reporter_name',
      'p.phone as reporter_phone',
    ])
    .where('r.ticket', '=', ticket)
    .executeTakeFirst();
  if (!row) return null;
  const counted = await db
    .selectFrom('attachments')
    .select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
    .where('report_id', '=', row.id)
    .groupBy('kind')
    .execute();
  const attachments: NoticeDetails['attachments'] = {};
  for (const a of counted) attachments[a.kind] = Number(a.n);
  const seen = visibleReporter('liaison', row, { name: row.reporter_name, phone: row.reporter_phone, nik: '' });
  return {
    ticket: row.ticket,
    status: row.status,
    kind: row.kind_name ?? row.kind,
    category: row.category_name ?? row.category,
    title: row.title,
    body: row.body,
    place: row.place,
    regionNames: [row.village_name, row.district_name, row.regency_name].filter((n): n is string => !!n),
    attachments,
    anonim: row.anonim,
    opdCode: row.opd_code,
    coordinatorOpdCode: row.coordinator_opd_code,
    verificationDueAt: row.verification_due_at,
    followupDueAt: row.followup_due_at,
    closeDueAt: row.close_due_at,
    reporter: seen ? { name: seen.name, phone: seen.phone } : null,
  };
}

/** The reporter's name for a relayed message, or null for an anonim report (or an unknown ticket). */
export async function loadReporterLabel(db: Db, ticket: string): Promise<{ found: boolean; name: string | null }> {
  const row = await db
    .selectFrom('reports as r')
    .innerJoin('reporters as p', 'p.id', 'r.reporter_id')
    .select(['r.anonim', 'p.name', 'p.phone'])
    .where('r.ticket', '=', ticket)
    .executeTakeFirst();
  if (!row) return { found: false, name: null };
  const seen = visibleReporter('liaison', row, { name: row.name, phone: row.phone, nik: '' });
  return { found: true, name: seen?.name ?? null };
}
