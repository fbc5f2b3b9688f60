import { randomBytes, randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { ticketFromSerial, MAX_TICKET_SERIAL } from '../../core/ticket.js';
import type { Db } from '../database.js';
import type { Officer, OfficerRole } from '../tables/officers.table.js';
import type { Report, ReportStatus } from '../tables/reports.table.js';
import { createInvite, enrolOfficer } from './invites.js';

/**
 * Rows the officer and lifecycle tests build for themselves, without adding regions:
 * the seed tests count the Kemendagri regions and each regency's units, so a scene
 * hangs its own units below the regency level of a randomly picked seeded district
 * (the district stands for a "province", two of its villages for two "cities").
 * Units at village level are invisible to those counts, and each test file gets its
 * own district, so files sharing the run's database do not see each other's reports.
 */

/** A jurisdiction with two sub-regions, their coordinators and service units. */
export interface Scene {
  /** The wider jurisdiction (a seeded district). */
  province: string;
  /** Two regions inside it (seeded villages). */
  city: string;
  otherCity: string;
  /** Coordinating unit of `province` (jurisdiction: both cities). */
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
  // Outside province 21 (Kepulauan Riau), which other suites use by name.
  const { rows } = await sql<{ district: string; villages: string[] }>`
    select d.code as district, (array_agg(v.code order by v.code))[1:2] as villages
    from regions d join regions v on v.parent_code = d.code
    where d.level = 3 and d.code not like '21.%'
    group by d.code having count(*) >= 2
    order by random() limit 1`.execute(db);
  const picked = rows[0];
  if (!picked) throw new Error('the seeded regions have no district with two villages');
  const p = picked.district;
  const [city, otherCity] = picked.villages as [string, string];
  // A random tag keeps unit codes unique even if two files pick the same district.
  const tag = randomBytes(3).toString('hex');
  await db.insertInto('opd_kinds').values({ code: 'uji-lifecycle', name: 'Dinas Uji' }).onConflict((oc) => oc.column('code').doNothing()).execute();
  const scene: Scene = {
    province: p,
    city,
    otherCity,
    provinceAdminOpd: `${p}-admin-${tag}`,
    cityAdminOpd: `${city}-admin-${tag}`,
    otherCityAdminOpd: `${otherCity}-admin-${tag}`,
    pupr: `${city}-pupr-${tag}`,
    dinkes: `${city}-dinkes-${tag}`,
    otherPupr: `${otherCity}-pupr-${tag}`,
    closedOpd: `${city}-tutup-${tag}`,
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
  /** The most specific region the report is about (a village, or a regency). */
  regionCode: string;
  opdCode: string | null;
  coordinatorOpdCode: string | null;
  status?: ReportStatus;
  anonim?: boolean;
  submittedAt?: Date;
  verificationDueAt?: Date | null;
  followupDueAt?: Date | null;
  closeDueAt?: Date | null;
  /** The channel the citizen reported through. @defaultValue `telegram` */
  sourceChannel?: string;
  /** The citizen's chat on it. @defaultValue a random `citizen-…` */
  chatRef?: string;
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
  const parts = options.regionCode.split('.');
  const submittedAt = options.submittedAt ?? new Date('2026-12-01T02:00:00Z');
  return db
    .insertInto('reports')
    .values({
      // The lower half of the space: the run's database is shared, and a bot runtime
      // started later re-seeds its ticket counter above the highest stored serial, so a
      // fixture drawn near the top would leave the other suites no tickets to give.
      ticket: ticketFromSerial(randomInt(0, Math.floor(MAX_TICKET_SERIAL / 2))),
      kind: 'pengaduan',
      category: category.code,
      title: 'Jalan berlubang',
      body: 'Jalan di depan sekolah berlubang sejak sebulan.',
      province_code: parts[0]!,
      regency_code: parts.slice(0, 2).join('.'),
      district_code: parts.length >= 3 ? parts.slice(0, 3).join('.') : `${parts.slice(0, 2).join('.')}.01`,
      village_code: parts.length === 4 ? options.regionCode : null,
      anonim: options.anonim ?? false,
      language: 'id',
      source_channel: options.sourceChannel ?? 'telegram',
      chat_ref: options.chatRef ?? `citizen-${randomBytes(6).toString('hex')}`,
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
