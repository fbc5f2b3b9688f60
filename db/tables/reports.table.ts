import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable } from 'kysely';
import type { CitizenNotice, OpdNotice } from '../lifecycle/types.js';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** bigint ids come back from pg as strings; keep them so to avoid precision loss. */
type BigId = Generated<string>;

/** A citizen as on their KTP. One row per NIK; later reports update name, phone and address. */
export interface ReportersTable {
  id: BigId;
  nik: string;
  name: string;
  /** E.164, e.g. `+6281266778899`. */
  phone: string;
  address: string | null;
  province_code: string | null;
  regency_code: string | null;
  district_code: string | null;
  village_code: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export type Reporter = Selectable<ReportersTable>;

/** Where a report is in the SP4N-LAPOR! lifecycle (see shared/DOMAIN.md). */
export type ReportStatus =
  | 'submitted'
  | 'postponed'
  | 'disposed'
  | 'in_progress'
  | 'answered'
  | 'resolved'
  | 'closed'
  | 'declined'
  | 'not_authority';

/** A report as the citizen confirmed it, with its routing and clocks. */
export interface ReportsTable {
  id: BigId;
  /** What the citizen keeps, e.g. `LPR-7K3QX9`; also the intake job id. */
  ticket: string;
  kind: string;
  category: string;
  title: string;
  body: string;
  incident_date: ColumnType<string | null, string | null | undefined, string | null>;
  place: string | null;
  province_code: string;
  regency_code: string;
  district_code: string;
  village_code: string | null;
  latitude: number | null;
  longitude: number | null;
  anonim: Generated<boolean>;
  rahasia: Generated<boolean>;
  language: Generated<string>;
  source_channel: string;
  /** The channel's id for the citizen's chat, so replies go back the same way. */
  chat_ref: string;
  reporter_id: string;
  status: ColumnType<ReportStatus, ReportStatus | undefined, ReportStatus>;
  opd_code: string | null;
  coordinator_opd_code: string | null;
  submitted_at: ColumnType<Date, Date | string, Date | string>;
  created_at: CreatedAt;
  verification_due_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  followup_due_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  close_due_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  verified_at: Timestamp;
  disposed_at: Timestamp;
  answered_at: Timestamp;
  resolved_at: Timestamp;
  closed_at: Timestamp;
  /** The citizen's 1–5 rating of the answer. */
  rating: number | null;
  /** A citizen may reopen a resolved report once. */
  reopen_count: Generated<number>;
}
export type Report = Selectable<ReportsTable>;
export type NewReport = Insertable<ReportsTable>;

/** A photo, document or shared location sent with a report. */
export interface AttachmentsTable {
  id: BigId;
  report_id: string;
  kind: 'photo' | 'document' | 'video' | 'audio' | 'location';
  /** The channel's own id for the file (Telegram file_id, WhatsApp media key…). */
  channel_file_ref: string | null;
  /** Where the downloaded, metadata-stripped copy lives, once fetched. */
  storage_path: string | null;
  mime_type: string | null;
  size_bytes: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  created_at: CreatedAt;
}
export type Attachment = Selectable<AttachmentsTable>;

/** Append-only audit trail: who did what to a report, when, from which channel. */
export interface ReportEventsTable {
  id: BigId;
  report_id: string;
  /** e.g. `submitted`, `routed`, `verified`, `disposed`, `answered`, `message_sent`. */
  type: string;
  actor_kind: 'citizen' | 'officer' | 'admin' | 'system';
  actor_ref: string | null;
  channel: string | null;
  data: JSONColumnType<Record<string, unknown>, string | undefined, never>;
  /**
   * What the transition said to tell, stored with it so a crash before the queueing
   * delays the notice instead of losing it (worker/maintenance sweeps it). Null when
   * it tells nobody. Holds the citizen's chat ref: never shown to officers, never logged.
   */
  notices: JSONColumnType<EventNotices | null, string | null | undefined, never>;
  created_at: CreatedAt;
}

/** A lifecycle event's notices, as notifications-queue payloads. */
export interface EventNotices {
  citizen?: CitizenNotice;
  opd?: OpdNotice;
}
export type ReportEvent = Selectable<ReportEventsTable>;
