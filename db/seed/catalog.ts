import type { Db } from '../database.js';
import type { ReportKindsTable } from '../tables/catalog.table.js';
import { CATEGORIES } from './categories.js';
import { OPD_KINDS } from './opd-kinds.js';

/** The three kinds of LAPOR! report, with the names citizens see in each language. */
export const REPORT_KINDS: readonly ReportKindsTable[] = [
  { code: 'pengaduan', name_id: 'Pengaduan', name_en: 'Complaint' },
  { code: 'aspirasi', name_id: 'Aspirasi', name_en: 'Suggestion' },
  { code: 'permintaan_informasi', name_id: 'Permintaan Informasi', name_en: 'Request for information' },
];

/**
 * Inserts the report kinds, OPD kinds and categories that are missing. Rows already
 * present are left as they are (ON CONFLICT DO NOTHING): a deployment that renamed a
 * category or tuned its keywords keeps its edits across restarts.
 */
export async function seedCatalog(db: Db): Promise<void> {
  await db
    .insertInto('report_kinds')
    .values([...REPORT_KINDS])
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  await db
    .insertInto('opd_kinds')
    .values([...OPD_KINDS])
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  // After opd_kinds: categories.default_opd_kind references them.
  await db
    .insertInto('categories')
    .values([...CATEGORIES])
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}
