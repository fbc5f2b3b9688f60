import { randomBytes, randomInt } from 'node:crypto';
import { ticketFromSerial, MAX_TICKET_SERIAL } from '../../core/ticket.js';
import type { Db } from '../database.js';
import type { Officer, OfficerRole } from '../tables/officers.table.js';
import type { Report, ReportStatus } from '../tables/reports.table.js';
import { createInvite, enrolOfficer } from './invites.js';

/**
 * Rows the officer and lifecycle tests build for themselves. Each scene gets its own
 * made-up province code (`t` + hex, never a real Kemendagri code), so test files
 * sharing the run's database never see each other's reports or jurisdictions.
 */

/** A province with two cities, their coordinators and two service units in the first city. */
export interface Scene {
  province: string;
  city: string;
  otherCity: string;
  /** Coordinating unit of the province (jurisdiction: the whole province). */
  provinceAdminOpd: string;
  /** Coordinating unit of `city`. */
  cityAdminOpd: string;
  /** Coordinating unit of `otherCity`. */
  otherCityAdminOpd: string;
  /** Service units of `city`. */
  pupr: string;
  dinkes: string;
  /** A service unit of `otherCity`. */
  otherPupr: string;
  /** An inactive unit of `city`. */
  closedOpd: string;
}

/** Builds a {@link Scene}. */
export async function createScene(db: Db): Promise<Scene> {
  const p = `t${randomBytes(4).toString('hex')}`;
  const city = `${p}.71`;
  const otherCity = `${p}.72`;
  await db
    .insertInto('regions')
    .values([
      { code: p, parent_code: null, level: 1, name: `Provinsi ${p}` },
      { code: city, parent_code: p, level: 2, name: `Kota ${p} A` },
      { code: otherCity, parent_code: p, level: 2, name: `Kota ${p} B` },
    ])
    .execute();
  await db.insertInto('opd_kinds').values({ code: 'uji-lifecycle', name: 'Dinas Uji' }).onConflict((oc) => oc.column('code').doNothing()).execute();
  const scene: Scene = {
    province: p,
    city,
    otherCity,
    provinceAdminOpd: `${p}-admin`,
    cityAdminOpd: `${city}-admin`,
    otherCityAdminOpd: `${otherCity}-admin`,
    pupr: `${city}-pupr`,
    dinkes: `${city}-dinkes`,
    otherPupr: `${otherCity}-pupr`,
    closedOpd: `${city}-tutup`,
  };
  const opd = (code: string, region: string, coordinator: boolean, active = true) => ({
    code,
    name: `Dinas ${code}`,
    kind: 'uji-lifecycle',
    region_code: region,
    is_coordinator: coordinator,
    active,
  });
  await db
    .insertInto('opd')
    .values([
      opd(scene.provinceAdminOpd, p, true),
      opd(scene.cityAdminOpd, city, true),
      opd(scene.otherCityAdminOpd, otherCity, true),
      opd(scene.pupr, city, false),
      opd(scene.dinkes, city, false),
      opd(scene.otherPupr, otherCity, false),
      opd(scene.closedOpd, city, false, false),
    ])
    .execute();
  return scene;
}

/** Enrols an officer through a real invite, on a fresh Telegram chat. */
export async function enrolTestOfficer(db: Db, opdCode: string, role: OfficerRole, now = new Date()): Promise<Officer> {
  const invite = await createInvite(db, { opdCode, role, createdBy: 'test', now });
  if (!invite.ok) throw new Error(`invite refused: ${invite.reason}`);
  const enrolled = await enrolOfficer(db, {
    code: invite.code,
    channel: 'telegram',
    chatRef: `officer-${randomBytes(6).toString('hex')}`,
    displayName: `Petugas ${opdCode}`,
    now,
  });
  if (!enrolled.ok) throw new Error(`enrolment refused: ${enrolled.reason}`);
  return enrolled.officer;
}

/** Options of {@link insertTestReport}. */
export interface TestReportOptions {
  /** The city the report is about. */
  regencyCode: string;
  opdCode: string | null;
  coordinatorOpdCode: string | null;
  status?: ReportStatus;
  anonim?: boolean;
  submittedAt?: Date;
  verificationDueAt?: Date | null;
  followupDueAt?: Date | null;
  closeDueAt?: Date | null;
}

/** A report row as the intake would have written it (plus any state), with a fresh citizen. */
export async function insertTestReport(db: Db, options: TestReportOptions): Promise<Report> {
  // 16 digits from two draws: randomInt's range stops at 2^48.
  const nik = `${randomInt(10_000_000, 99_999_999)}${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
  const reporter = await db
    .insertInto('reporters')
    .values({ nik, name: 'Siti Aminah', phone: `+62812${String(randomInt(0, 10 ** 8)).padStart(8, '0')}`, address: 'Jl. Uji 1' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const category = await db.selectFrom('categories').select('code').orderBy('code').executeTakeFirstOrThrow();
  const submittedAt = options.submittedAt ?? new Date('2026-12-01T02:00:00Z');
  return db
    .insertInto('reports')
    .values({
      ticket: ticketFromSerial(randomInt(0, MAX_TICKET_SERIAL)),
      kind: 'pengaduan',
      category: category.code,
      title: 'Jalan berlubang',
      body: 'Jalan di depan sekolah berlubang sejak sebulan.',
      province_code: options.regencyCode.split('.')[0]!,
      regency_code: options.regencyCode,
      district_code: `${options.regencyCode}.01`,
      anonim: options.anonim ?? false,
      language: 'id',
      source_channel: 'telegram',
      chat_ref: `citizen-${randomBytes(6).toString('hex')}`,
      reporter_id: reporter.id,
      status: options.status ?? 'submitted',
      opd_code: options.opdCode,
      coordinator_opd_code: options.coordinatorOpdCode,
      submitted_at: submittedAt,
      verification_due_at: options.verificationDueAt === undefined ? new Date(submittedAt.getTime() + 3 * 86_400_000) : options.verificationDueAt,
      followup_due_at: options.followupDueAt ?? null,
      close_due_at: options.closeDueAt ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
