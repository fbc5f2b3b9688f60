import { randomBytes, randomInt } from 'node:crypto';
import type { Db } from '../../database.js';
import type { ReportStatus } from '../../tables/reports.table.js';

/**
 * Rows the reminder and recap tests write themselves. Each test file takes its own
 * province code from the unused `41`–`49` range, so files sharing the run's database
 * never see each other's OPDs, coordinators or reports.
 */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ticket-shaped random id (`LPR-` and 8 Crockford characters). */
export function randomTicket(): string {
  let s = 'LPR-';
  for (let i = 0; i < 8; i++) s += CROCKFORD[randomInt(32)];
  return s;
}

/** Inserts (idempotently) province `p` with regencies `p.71` and `p.72`, and the `uji` OPD kind. */
export async function insertRegions(db: Db, p: string): Promise<void> {
  await db
    .insertInto('regions')
    .values([
      { code: p, parent_code: null, level: 1, name: `Provinsi Uji ${p}` },
      { code: `${p}.71`, parent_code: p, level: 2, name: `Kota Uji ${p}` },
      { code: `${p}.72`, parent_code: p, level: 2, name: `Kota Lain ${p}` },
    ])
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  await db.insertInto('opd_kinds').values({ code: 'uji', name: 'Dinas Uji' }).onConflict((oc) => oc.column('code').doNothing()).execute();
}

/** Inserts an OPD of kind `uji`. */
export async function insertOpd(db: Db, code: string, regionCode: string, coordinator = false): Promise<void> {
  await db
    .insertInto('opd')
    .values({ code, name: `Dinas ${code}`, kind: 'uji', region_code: regionCode, is_coordinator: coordinator })
    .execute();
}

/** Inserts an active officer; returns its id. */
export async function insertOfficer(
  db: Db,
  opdCode: string,
  role: 'liaison' | 'admin',
  channel: 'telegram' | 'whatsapp' | 'sms',
): Promise<string> {
  const row = await db
    .insertInto('officers')
    .values({ opd_code: opdCode, role, channel, chat_ref: `chat-${randomBytes(6).toString('hex')}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

let reporterId: string | undefined;

/** What a fixture report may set; the rest gets harmless defaults. */
export interface FixtureReport {
  ticket?: string;
  kind?: 'pengaduan' | 'aspirasi' | 'permintaan_informasi';
  status: ReportStatus;
  regencyCode: string;
  opdCode?: string | null;
  coordinatorOpdCode?: string | null;
  submittedAt: Date | string;
  verificationDueAt?: Date | string | null;
  followupDueAt?: Date | string | null;
  closeDueAt?: Date | string | null;
  verifiedAt?: Date | string | null;
  disposedAt?: Date | string | null;
  answeredAt?: Date | string | null;
}

/** Inserts a report (and, once per file, a reporter); returns its ticket. */
export async function insertReport(db: Db, r: FixtureReport): Promise<string> {
  if (!reporterId) {
    const nik = `${randomInt(10 ** 7, 10 ** 8)}${randomInt(10 ** 7, 10 ** 8)}`;
    reporterId = (
      await db
        .insertInto('reporters')
        .values({ nik, name: 'Warga Uji', phone: '+6281200000000' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  const ticket = r.ticket ?? randomTicket();
  const province = r.regencyCode.split('.')[0]!;
  await db
    .insertInto('reports')
    .values({
      ticket,
      kind: r.kind ?? 'pengaduan',
      category: 'kesehatan',
      title: 'Laporan uji',
      body: 'Isi laporan uji yang cukup panjang.',
      province_code: province,
      regency_code: r.regencyCode,
      district_code: `${r.regencyCode}.01`,
      source_channel: 'telegram',
      chat_ref: 'citizen-chat',
      reporter_id: reporterId,
      status: r.status,
      opd_code: r.opdCode ?? null,
      coordinator_opd_code: r.coordinatorOpdCode ?? null,
      submitted_at: r.submittedAt,
      verification_due_at: r.verificationDueAt ?? null,
      followup_due_at: r.followupDueAt ?? null,
      close_due_at: r.closeDueAt ?? null,
      verified_at: r.verifiedAt ?? null,
      disposed_at: r.disposedAt ?? null,
      answered_at: r.answeredAt ?? null,
    })
    .execute();
  return ticket;
}
