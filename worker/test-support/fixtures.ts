import { randomBytes } from 'node:crypto';
import { Job, type Queue } from 'bullmq';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/**
 * Rows the intake tests need, written by the tests themselves so they do not depend
 * on what the seed happens to contain. Each test file uses its own province code
 * from the unused `01`–`09` range, so files running in parallel never share a
 * coordinator (one per region) or a rule.
 */

/** A province with one regency (`<p>.71`), one district and two villages. */
export interface RegionTree {
  province: string;
  regency: string;
  district: string;
  village: string;
  otherVillage: string;
  /** A second regency of the province, for the province-coordinator fallback. */
  bareRegency: string;
  bareDistrict: string;
  bareVillage: string;
}

/** Inserts (idempotently) a small region tree under `provinceCode`. */
export async function insertRegionTree(db: Db, provinceCode: string): Promise<RegionTree> {
  const p = provinceCode;
  const tree: RegionTree = {
    province: p,
    regency: `${p}.71`,
    district: `${p}.71.01`,
    village: `${p}.71.01.1001`,
    otherVillage: `${p}.71.01.2002`,
    bareRegency: `${p}.02`,
    bareDistrict: `${p}.02.03`,
    bareVillage: `${p}.02.03.2001`,
  };
  const rows = [
    { code: tree.province, parent_code: null, level: 1 as const, name: `Provinsi Uji ${p}` },
    { code: tree.regency, parent_code: tree.province, level: 2 as const, name: `Kota Uji ${p}` },
    { code: tree.bareRegency, parent_code: tree.province, level: 2 as const, name: `Kabupaten Uji ${p}` },
    { code: tree.district, parent_code: tree.regency, level: 3 as const, name: 'Kecamatan Uji' },
    { code: tree.bareDistrict, parent_code: tree.bareRegency, level: 3 as const, name: 'Kecamatan Lain' },
    { code: tree.village, parent_code: tree.district, level: 4 as const, name: 'Kelurahan Uji' },
    { code: tree.otherVillage, parent_code: tree.district, level: 4 as const, name: 'Desa Uji' },
    { code: tree.bareVillage, parent_code: tree.bareDistrict, level: 4 as const, name: 'Desa Lain' },
  ];
  await db.insertInto('regions').values(rows).onConflict((oc) => oc.column('code').doNothing()).execute();
  await db.insertInto('opd_kinds').values({ code: 'uji', name: 'Dinas Uji' }).onConflict((oc) => oc.column('code').doNothing()).execute();
  return tree;
}

/** Inserts an OPD of kind `uji` (idempotently). */
export async function insertOpd(
  db: Db,
  opd: { code: string; regionCode: string; coordinator?: boolean; active?: boolean },
): Promise<void> {
  await db
    .insertInto('opd')
    .values({
      code: opd.code,
      name: `Unit ${opd.code}`,
      kind: 'uji',
      region_code: opd.regionCode,
      is_coordinator: opd.coordinator ?? false,
      active: opd.active ?? true,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

/** A category no other test uses. */
export async function insertCategory(db: Db, label: string): Promise<string> {
  const code = `uji ${label} ${randomBytes(3).toString('hex')}`;
  await db.insertInto('categories').values({ code, name_id: code, name_en: code, default_opd_kind: null }).execute();
  return code;
}

/** A routing rule (category, region prefix) -> OPD. */
export async function insertRule(db: Db, category: string, regionPrefix: string, opdCode: string): Promise<void> {
  await db.insertInto('routing_rules').values({ category, region_prefix: regionPrefix, opd_code: opdCode }).execute();
}

/** Serials for tickets no other test file or run uses. */
export function freshSerials(count: number): number[] {
  const base = randomBytes(4).readUInt32BE() % (2 ** 30 - count);
  return Array.from({ length: count }, (_, i) => base + i);
}

/** How many rows and `submitted` events the store holds for a ticket. */
export async function countStored(db: Db, ticket: string): Promise<{ reports: number; submitted: number; routed: number }> {
  const { rows } = await sql<{ reports: number; submitted: number; routed: number }>`
    select (select count(*) from reports where ticket = ${ticket})::int as reports,
           (select count(*) from report_events e join reports r on r.id = e.report_id
             where r.ticket = ${ticket} and e.type = 'submitted')::int as submitted,
           (select count(*) from report_events e join reports r on r.id = e.report_id
             where r.ticket = ${ticket} and e.type = 'routed')::int as routed`.execute(db);
  return rows[0]!;
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until a job reaches `state` and returns it fresh from Redis. */
export function jobIn(queue: Queue, jobId: string, state: 'completed' | 'failed', timeoutMs = 15_000): Promise<Job> {
  return eventually(
    async () => {
      // State first, then the job: its fields are written in the same step as the state.
      if ((await queue.getJobState(jobId)) !== state) return undefined;
      return Job.fromId(queue, jobId);
    },
    timeoutMs,
    `job ${jobId} to be ${state}`,
  );
}
