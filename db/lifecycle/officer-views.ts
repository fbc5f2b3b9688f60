import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { ReportStatus } from '../tables/reports.table.js';
import { loadActingOfficer, refuse } from './engine.js';
import { inJurisdiction } from './jurisdiction.js';
import { visibleReporter, type VisibleReporter } from './redaction.js';
import type { Refusal } from './types.js';

/** One line of an officer's work list. Never carries the reporter's identity. */
export interface OpenReportSummary {
  ticket: string;
  kind: string;
  category: string;
  title: string;
  place: string | null;
  status: ReportStatus;
  /** The clock that matters now: verification (admin), follow-up or auto-close (liaison). */
  dueAt: Date | null;
  anonim: boolean;
}

/** An officer's work list, or a refusal for an unknown or disabled officer. */
export type OpenReportsResult = { ok: true; reports: OpenReportSummary[] } | Refusal;

/**
 * The reports waiting for an officer, soonest due first (no due date last):
 * for an admin, those awaiting verification (submitted, postponed) in their
 * jurisdiction by verification_due_at; for a liaison, their OPD's disposed, in
 * progress and answered reports by follow-up due date (auto-close date once answered).
 */
export async function listOpenReportsForOfficer(db: Db, officerId: string, limit = 200): Promise<OpenReportsResult> {
  const officer = await loadActingOfficer(db, officerId);
  if (!officer) return refuse('forbidden', 'unknown or disabled officer');
  const base = db
    .selectFrom('reports')
    .select(['ticket', 'kind', 'category', 'title', 'place', 'status', 'anonim'])
    .limit(limit);
  let query;
  if (officer.role === 'admin') {
    const region = officer.regionCode;
    const inside = `${region.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
    query = base
      .select('verification_due_at as due_at')
      .where('status', 'in', ['submitted', 'postponed'])
      // The same rule as inJurisdiction: any level of the report's place inside the region.
      .where((eb) =>
        eb.or([
          eb('province_code', '=', region),
          eb('regency_code', '=', region),
          eb('regency_code', 'like', inside),
          eb('district_code', '=', region),
          eb('district_code', 'like', inside),
          eb('village_code', '=', region),
          eb('village_code', 'like', inside),
        ]),
      )
      .orderBy(sql`verification_due_at asc nulls last`)
      .orderBy('id');
  } else {
    query = base
      .select(sql<Date | null>`case when status = 'answered' then close_due_at else followup_due_at end`.as('due_at'))
      .where('opd_code', '=', officer.opdCode)
      .where('status', 'in', ['disposed', 'in_progress', 'answered'])
      .orderBy(sql`case when status = 'answered' then close_due_at else followup_due_at end asc nulls last`)
      .orderBy('id');
  }
  const rows = await query.execute();
  return {
    ok: true,
    reports: rows.map(({ due_at, ...r }) => ({ ...r, dueAt: due_at })),
  };
}

/** A message of the conversation between the OPD and the citizen. */
export interface ConversationMessage {
  from: 'officer' | 'citizen';
  text: string;
  /** The OPD's name for officer messages. */
  signedBy: string | null;
  at: Date;
}

/** One report as an officer may see it. */
export interface OfficerReportView {
  ticket: string;
  kind: string;
  category: string;
  title: string;
  body: string;
  place: string | null;
  incidentDate: string | null;
  regionCodes: { province: string; regency: string; district: string; village: string | null };
  status: ReportStatus;
  anonim: boolean;
  rahasia: boolean;
  opdCode: string | null;
  submittedAt: Date;
  verificationDueAt: Date | null;
  followupDueAt: Date | null;
  closeDueAt: Date | null;
  rating: number | null;
  /** The channel the citizen reported through: the attachments' references are that channel's. */
  sourceChannel: string;
  /** Null when the viewer may not see who reported (see {@link visibleReporter}). */
  reporter: VisibleReporter | null;
  /** `sizeBytes`: null when the channel did not say (older reports, a failed download). */
  attachments: { kind: string; channelFileRef: string | null; storagePath: string | null; mimeType: string | null; sizeBytes: number | null }[];
  messages: ConversationMessage[];
}

/** A report view, or not_found / forbidden. */
export type OfficerReportResult = { ok: true; report: OfficerReportView } | Refusal;

/**
 * One report for an officer: an admin sees any report of their jurisdiction, a
 * liaison any report of their OPD. The reporter is redacted by {@link visibleReporter}.
 */
export async function getReportForOfficer(db: Db, officerId: string, ticket: string): Promise<OfficerReportResult> {
  const officer = await loadActingOfficer(db, officerId);
  if (!officer) return refuse('forbidden', 'unknown or disabled officer');
  const row = await db
    .selectFrom('reports as r')
    .innerJoin('reporters as p', 'p.id', 'r.reporter_id')
    .selectAll('r')
    .select(['p.name as reporter_name', 'p.phone as reporter_phone', 'p.nik as reporter_nik'])
    .where('r.ticket', '=', ticket)
    .executeTakeFirst();
  if (!row) return refuse('not_found');
  const allowed = officer.role === 'admin' ? inJurisdiction(officer.regionCode, row) : row.opd_code === officer.opdCode;
  if (!allowed) return refuse('forbidden', 'report outside the officer\'s OPD or jurisdiction');

  const [attachments, events] = await Promise.all([
    db
      .selectFrom('attachments')
      .select(['kind', 'channel_file_ref', 'storage_path', 'mime_type', 'size_bytes'])
      .where('report_id', '=', row.id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('report_events')
      .select(['type', 'data', 'created_at'])
      .where('report_id', '=', row.id)
      .where('type', 'in', ['officer_message', 'citizen_message'])
      .orderBy('id')
      .execute(),
  ]);
  return {
    ok: true,
    report: {
      ticket: row.ticket,
      kind: row.kind,
      category: row.category,
      title: row.title,
      body: row.body,
      place: row.place,
      incidentDate: row.incident_date,
      regionCodes: { province: row.province_code, regency: row.regency_code, district: row.district_code, village: row.village_code },
      status: row.status,
      anonim: row.anonim,
      rahasia: row.rahasia,
      opdCode: row.opd_code,
      submittedAt: row.submitted_at,
      verificationDueAt: row.verification_due_at,
      followupDueAt: row.followup_due_at,
      closeDueAt: row.close_due_at,
      rating: row.rating,
      sourceChannel: row.source_channel,
      reporter: visibleReporter(officer.role, row, { name: row.reporter_name, phone: row.reporter_phone, nik: row.reporter_nik }),
      attachments: attachments.map((a) => ({
        kind: a.kind,
        channelFileRef: a.channel_file_ref,
        storagePath: a.storage_path,
        mimeType: a.mime_type,
        // pg hands bigint over as a string; files are far below 2^53 bytes.
        sizeBytes: a.size_bytes === null ? null : Number(a.size_bytes),
      })),
      messages: events.map((e) => ({
        from: e.type === 'officer_message' ? 'officer' : 'citizen',
        text: String(e.data.text ?? ''),
        signedBy: e.type === 'officer_message' ? String(e.data.signed_by ?? '') : null,
        at: e.created_at,
      })),
    },
  };
}
