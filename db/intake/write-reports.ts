import { sql } from 'kysely';
import type { SubmittedReport } from '../../worker/queues.js';
import type { Db } from '../database.js';
import { routingJoins } from './routing.js';

/** A validated report and the deadline the intake computed for it. */
export interface IntakeReport {
  report: SubmittedReport;
  /** End of the coordinating admin's verification window (working days). */
  verificationDueAt: Date;
}

/** What the routing store holds for a ticket after {@link writeReports}. */
export interface WrittenReport {
  ticket: string;
  reportId: string;
  opdCode: string | null;
  coordinatorOpdCode: string | null;
  verificationDueAt: Date | null;
  /** False when the ticket was already there (a re-run): nothing was written for it. */
  created: boolean;
}

interface ResultRow {
  ticket: string;
  id: string;
  opd_code: string | null;
  coordinator_opd_code: string | null;
  verification_due_at: Date | null;
  created: boolean;
}

/**
 * Writes a batch of submitted reports in one statement: upserts each reporter by
 * NIK, inserts each report routed by the rules ({@link routingJoins}), its
 * attachments, and its `submitted` and `routed` events. A ticket that already
 * exists is left untouched (`on conflict (ticket) do nothing`), which is what makes
 * re-running an intake job harmless. Returns one row per distinct ticket.
 *
 * Run it inside the caller's transaction when later steps must commit with it. A
 * constraint or data error (an unknown category, say) fails the whole statement;
 * the caller decides whether to isolate the culprit.
 */
export async function writeReports(db: Db, batch: readonly IntakeReport[]): Promise<WrittenReport[]> {
  if (batch.length === 0) return [];
  const seen = new Set<string>();
  const unique = batch.filter(({ report }) => !seen.has(report.ticket) && seen.add(report.ticket));
  const rows = unique.map(({ report: r, verificationDueAt }, ord) => ({
    ord,
    ticket: r.ticket,
    kind: r.kind,
    category: r.category,
    title: r.title,
    body: r.body,
    incident_date: r.incidentDate,
    place: r.place,
    province_code: r.region.provinceCode,
    regency_code: r.region.regencyCode,
    district_code: r.region.districtCode,
    village_code: r.region.villageCode,
    latitude: r.location?.latitude ?? null,
    longitude: r.location?.longitude ?? null,
    anonim: r.privacy.anonim,
    rahasia: r.privacy.rahasia,
    language: r.language,
    source_channel: r.channel,
    chat_ref: r.chatRef,
    submitted_at: r.submittedAt,
    verification_due_at: verificationDueAt.toISOString(),
    nik: r.reporter.nik,
    reporter_name: r.reporter.name,
    phone: r.reporter.phone,
    address: r.reporter.address,
  }));
  const attachments = unique.flatMap(({ report: r }) =>
    r.attachments.map((a, position) => ({
      ticket: r.ticket,
      position,
      kind: a.kind,
      channel_file_ref: a.channelFileRef,
      storage_path: a.storagePath,
      mime_type: a.mimeType,
      size_bytes: a.sizeBytes,
    })),
  );

  const { rows: result } = await sql<ResultRow>`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as i(
        ord int, ticket text, kind text, category text, title text, body text, incident_date date,
        place text, province_code text, regency_code text, district_code text, village_code text,
        latitude float8, longitude float8, anonim boolean, rahasia boolean, language text,
        source_channel text, chat_ref text, submitted_at timestamptz, verification_due_at timestamptz,
        nik text, reporter_name text, phone text, address text)
    ),
    -- One row per NIK (ON CONFLICT DO UPDATE may touch a row only once per statement),
    -- carrying the identity from that citizen's newest report in the batch.
    reporter_rows as (
      select distinct on (nik) nik, reporter_name, phone, address, submitted_at
      from input order by nik, submitted_at desc
    ),
    upserted as (
      insert into reporters as r (nik, name, phone, address, updated_at)
      -- NIK order: concurrent batches then lock shared reporters in the same order
      -- and cannot deadlock each other.
      select nik, reporter_name, phone, address, submitted_at from reporter_rows order by nik
      on conflict (nik) do update set
        -- A retried old report must not overwrite what a newer one said: updated_at
        -- is the submission time of the data the row holds.
        name = case when excluded.updated_at >= r.updated_at then excluded.name else r.name end,
        phone = case when excluded.updated_at >= r.updated_at then excluded.phone else r.phone end,
        address = case when excluded.updated_at >= r.updated_at then coalesce(excluded.address, r.address) else r.address end,
        updated_at = greatest(r.updated_at, excluded.updated_at)
      returning id, nik
    ),
    routed as (
      select i.*, u.id as reporter_id, rule.rule_opd_code, rule.rule_prefix, coord.coordinator_code
      from input i
      join upserted u on u.nik = i.nik
      ${routingJoins('i')}
    ),
    inserted as (
      insert into reports (
        ticket, kind, category, title, body, incident_date, place,
        province_code, regency_code, district_code, village_code, latitude, longitude,
        anonim, rahasia, language, source_channel, chat_ref, reporter_id, status,
        opd_code, coordinator_opd_code, submitted_at, verification_due_at)
      select
        ticket, kind, category, title, body, incident_date, place,
        province_code, regency_code, district_code, village_code, latitude, longitude,
        anonim, rahasia, language, source_channel, chat_ref, reporter_id, 'submitted',
        coalesce(rule_opd_code, coordinator_code), coordinator_code, submitted_at, verification_due_at
      from routed order by ord
      on conflict (ticket) do nothing
      returning id, ticket, opd_code, coordinator_opd_code, verification_due_at
    ),
    events as (
      insert into report_events (report_id, type, actor_kind, actor_ref, channel, data, created_at)
      select report_id, type, actor_kind, actor_ref, channel, data, created_at from (
        select n.id as report_id, 1 as seq, 'submitted' as type, 'citizen' as actor_kind,
               r.reporter_id::text as actor_ref, r.source_channel as channel,
               jsonb_build_object('kind', r.kind, 'category', r.category) as data,
               r.submitted_at as created_at
        from inserted n join routed r using (ticket)
        union all
        select n.id, 2, 'routed', 'system', null, null,
               jsonb_build_object('opd_code', n.opd_code, 'coordinator_opd_code', n.coordinator_opd_code,
                                  'rule_prefix', r.rule_prefix),
               now()
        from inserted n join routed r using (ticket)
      ) e
      -- ids follow this order, so a report's history reads submitted, then routed.
      order by report_id, seq
    ),
    attached as (
      insert into attachments (report_id, kind, channel_file_ref, storage_path, mime_type, size_bytes)
      select n.id, a.kind, a.channel_file_ref, a.storage_path, a.mime_type, a.size_bytes
      from jsonb_to_recordset(${JSON.stringify(attachments)}::jsonb) as a(
        ticket text, position int, kind text, channel_file_ref text, storage_path text,
        mime_type text, size_bytes bigint)
      join inserted n using (ticket)
      order by n.id, a.position
    )
    select ticket, id, opd_code, coordinator_opd_code, verification_due_at, true as created from inserted
    union all
    select ticket, id, opd_code, coordinator_opd_code, verification_due_at, false
    from reports where ticket in (select ticket from input) and ticket not in (select ticket from inserted)
  `.execute(db);

  // The statement's snapshot predates it, so a ticket committed by a concurrent run of
  // the same job (a stalled job picked up twice) is skipped by ON CONFLICT yet not
  // visible above; a fresh statement sees it.
  const found = new Set(result.map((r) => r.ticket));
  const missing = unique.map((u) => u.report.ticket).filter((t) => !found.has(t));
  if (missing.length > 0) {
    const { rows: late } = await sql<ResultRow>`
      select ticket, id, opd_code, coordinator_opd_code, verification_due_at, false as created
      from reports where ticket = any(${missing}::text[])`.execute(db);
    result.push(...late);
  }
  return result.map((r) => ({
    ticket: r.ticket,
    reportId: r.id,
    opdCode: r.opd_code,
    coordinatorOpdCode: r.coordinator_opd_code,
    verificationDueAt: r.verification_due_at,
    created: r.created,
  }));
}
