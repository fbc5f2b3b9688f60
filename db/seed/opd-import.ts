/**
 * Replaces the OPD list with a deployment's own: `npm run seed -- --opd file.csv`.
 *
 * The CSV (UTF-8, comma-separated, header line first, columns in any order):
 *
 * | column           | required | meaning                                                               |
 * |------------------|----------|-----------------------------------------------------------------------|
 * | `code`           | yes      | stable unit code, letters/digits/`.`/`-`/`_`, e.g. `21.71-dinkes`; reports keep pointing at it |
 * | `name`           | yes      | e.g. `Dinas Kesehatan Kota Batam`                                     |
 * | `kind`           | yes      | an OPD kind: admin, dinkes, disdik, disdukcapil, dpmptsp, pupr, dishub, dlh, dispar, dpmd, disnaker, diskominfo, satpolpp, bappeda |
 * | `region_code`    | yes      | its jurisdiction, a Kemendagri code at any level: `21`, `21.71`, `21.71.07` |
 * | `is_coordinator` | no       | `true`/`false` (also `ya`/`tidak`, `yes`/`no`, `1`/`0`; empty = false): the region's coordinating admin, at most one per region |
 * | `categories`     | no       | `;`-separated category codes the unit handles in its region, e.g. `infrastruktur;dana desa`; each becomes the routing rule (category, region_code) -> code |
 *
 * ```csv
 * code,name,kind,region_code,is_coordinator,categories
 * 21.71-admin,Admin Koordinator SP4N-LAPOR! Kota Batam,admin,21.71,true,pembangunan daerah
 * 21.71-pupr,Dinas Bina Marga dan Sumber Daya Air Kota Batam,pupr,21.71,false,infrastruktur
 * ```
 *
 * All or nothing: every row is checked first (shape, known kind/region/category,
 * duplicate codes, two coordinators for a region, a category routed twice in a region)
 * and any problem is reported with its line number while nothing is written. On success,
 * in one transaction: listed units are inserted or updated and active; units not in the
 * file are marked inactive and lose their coordinator flag (never deleted: old reports
 * still reference them); the routing rules are replaced by the file's. A (category,
 * region) with no rule routes to the region's coordinator.
 */
import { Transaction } from 'kysely';
import type { Database, Db } from '../database.js';
import type { NewOpd, NewRoutingRule } from '../tables/opd.table.js';
import { batches } from './batches.js';
import { lockReferenceData } from './lock.js';
import { checkOpdRows, parseOpdCsv, type OpdCsvError, type OpdCsvRow } from './opd-csv.js';

/** What a successful import changed. */
export interface OpdImportSummary {
  /** Units in the file (all now active). */
  opds: number;
  /** Of those, units the store did not have before. */
  created: number;
  /** Previously active units not in the file, now inactive. */
  deactivated: number;
  /** Routing rules now in force (all from the file). */
  rules: number;
  /** Not errors, but worth a look, e.g. a region with units and no coordinator. */
  warnings: string[];
}

/** The outcome of {@link importOpdCsv}: a bad file is an answer, not an exception. */
export type OpdImportResult = { ok: true; summary: OpdImportSummary } | { ok: false; errors: OpdCsvError[] };

/**
 * Validates an OPD CSV (see the module comment for its columns) and, if it has no
 * error, makes it the store's OPD list and routing rules. Takes the database or a
 * transaction: given a transaction it works inside it (the caller owns commit and
 * rollback), otherwise it opens its own. Regions and categories must be seeded first.
 */
export async function importOpdCsv(db: Db, csv: string): Promise<OpdImportResult> {
  if (db instanceof Transaction) return importInside(db, csv);
  return db.transaction().execute((trx) => importInside(trx, csv));
}

async function importInside(db: Transaction<Database>, csv: string): Promise<OpdImportResult> {
  // Before reading: the kinds and categories checked against must be the ones written against.
  await lockReferenceData(db);
  const parsed = parseOpdCsv(csv);
  const regionCodes = [...new Set(parsed.rows.map((r) => r.region_code))];
  const [kinds, categories, regions] = await Promise.all([
    db.selectFrom('opd_kinds').select('code').execute(),
    db.selectFrom('categories').select('code').execute(),
    regionCodes.length === 0
      ? Promise.resolve([])
      : db.selectFrom('regions').select('code').where('code', 'in', regionCodes).execute(),
  ]);
  const errors = [
    ...parsed.errors,
    ...checkOpdRows(parsed.rows, {
      kinds: new Set(kinds.map((k) => k.code)),
      categories: new Set(categories.map((c) => c.code)),
      regions: new Set(regions.map((r) => r.code)),
    }),
  ].sort((a, b) => a.line - b.line);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, summary: await replaceOpds(db, parsed.rows) };
}

async function replaceOpds(db: Db, rows: OpdCsvRow[]): Promise<OpdImportSummary> {
  const listed = new Set(rows.map((r) => r.code));
  const before = await db.selectFrom('opd').select(['code', 'active']).execute();
  const existing = new Set(before.map((o) => o.code));

  // Everything off first, so the one-coordinator-per-region index never sees an old
  // coordinator and its replacement at once; the upsert turns the listed ones back on.
  await db.updateTable('opd').set({ active: false, is_coordinator: false }).execute();
  const opds: NewOpd[] = rows.map((r) => ({
    code: r.code,
    name: r.name,
    kind: r.kind,
    region_code: r.region_code,
    is_coordinator: r.is_coordinator,
    active: true,
  }));
  for (const batch of batches(opds)) {
    await db
      .insertInto('opd')
      .values(batch)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          kind: eb.ref('excluded.kind'),
          region_code: eb.ref('excluded.region_code'),
          is_coordinator: eb.ref('excluded.is_coordinator'),
          active: true,
        })),
      )
      .execute();
  }

  const rules: NewRoutingRule[] = rows.flatMap((r) =>
    r.categories.map((category) => ({ category, region_prefix: r.region_code, opd_code: r.code })),
  );
  await db.deleteFrom('routing_rules').execute();
  for (const batch of batches(rules)) await db.insertInto('routing_rules').values(batch).execute();

  return {
    opds: rows.length,
    created: rows.filter((r) => !existing.has(r.code)).length,
    deactivated: before.filter((o) => o.active && !listed.has(o.code)).length,
    rules: rules.length,
    warnings: regionsWithoutCoordinator(rows).map(
      (region) => `region ${region} has units but no coordinator: reports there that no rule matches have nowhere to go`,
    ),
  };
}

/**
 * Provinces and regencies whose units have no coordinator in the file. Units of a
 * district or village count towards their regency, because that is where the intake
 * worker looks for the fallback coordinator.
 */
function regionsWithoutCoordinator(rows: OpdCsvRow[]): string[] {
  const scope = (code: string) => code.slice(0, 5); // `21` stays `21`, `21.71.07` -> `21.71`
  const uncovered = new Set(rows.map((r) => scope(r.region_code)));
  for (const r of rows) if (r.is_coordinator) uncovered.delete(r.region_code);
  return [...uncovered].sort();
}
