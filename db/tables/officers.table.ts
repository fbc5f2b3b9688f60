import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** An officer's role: the OPD's liaison (Pejabat Penghubung) or a coordinating admin. */
export type OfficerRole = 'liaison' | 'admin';

/** A person acting for an OPD through the bot, identified by their chat. */
export interface OfficersTable {
  id: Generated<string>;
  opd_code: string;
  role: OfficerRole;
  channel: string;
  chat_ref: string;
  display_name: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
}
export type Officer = Selectable<OfficersTable>;

/** A single-use enrolment code (stored hashed), valid until `expires_at`. */
export interface OfficerInvitesTable {
  code_hash: string;
  opd_code: string;
  role: OfficerRole;
  created_by: string;
  created_at: CreatedAt;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  used_by_officer_id: string | null;
}

/** Append-only trail of administrative actions that concern no single report. */
export interface AdminEventsTable {
  id: Generated<string>;
  action: string;
  actor: string;
  data: JSONColumnType<Record<string, unknown>, string | undefined, never>;
  created_at: CreatedAt;
}
