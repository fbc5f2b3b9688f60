import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { NewRegion } from '../tables/regions.table.js';
import { batches } from './batches.js';
import { titleCaseRegionName } from './region-names.js';

/** The idn-area-data file behind each region level, and the column naming its parent. */
const LEVELS = [
  { level: 1, file: 'provinces.csv', parent: null },
  { level: 2, file: 'regencies.csv', parent: 'province_code' },
  { level: 3, file: 'districts.csv', parent: 'regency_code' },
  { level: 4, file: 'villages.csv', parent: 'district_code' },
] as const;

type Level = (typeof LEVELS)[number]['level'];

/** Folder holding idn-area-data's CSVs (`provinces.csv` … `villages.csv`). */
export const REGION_DATA_DIR = join(
  dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json')),
  'data',
);

function readCsv(file: string): Buffer {
  return readFileSync(join(REGION_DATA_DIR, file));
}

/** Newline-terminated lines in a buffer, plus a last line without one. */
function countLines(buf: Buffer): number {
  let lines = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
  return buf.length > 0 && buf[buf.length - 1] !== 10 ? lines + 1 : lines;
}

/**
 * Rows each CSV holds, by level, without parsing it: the files have one record per
 * line, so counting lines is enough for the start-up check and takes milliseconds.
 */
export function regionCsvCounts(): Record<Level, number> {
  const counts = {} as Record<Level, number>;
  for (const { level, file } of LEVELS) {
    counts[level] = countLines(readCsv(file)) - 1; // minus the header
  }
  return counts;
}

/**
 * Every region from idn-area-data, parents before children (the parent_code foreign
 * key needs that order). Province and regency names are title-cased ("Kota Batam").
 */
export function readRegionRows(): NewRegion[] {
  const rows: NewRegion[] = [];
  for (const { level, file, parent } of LEVELS) {
    // A few village names carry a stray `"` for an apostrophe (Soka"an): read quotes literally.
    const records: Record<string, string>[] = parse(readCsv(file), {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      relax_quotes: true,
    });
    for (const r of records) {
      const name = level <= 2 ? titleCaseRegionName(r.name!) : r.name!;
      rows.push({ code: r.code!, parent_code: parent ? r[parent]! : null, level, name });
    }
  }
  return rows;
}

/** Options for {@link seedRegions}. */
export interface SeedRegionsOptions {
  /** Progress lines ("regions: 91592 rows in 2.1 s"). @defaultValue no output */
  log?: (line: string) => void;
}

/**
 * Loads the Kemendagri region list when any level has fewer rows than idn-area-data
 * ships: a fresh database, or a package upgrade that added villages. Existing rows are
 * kept (ON CONFLICT DO NOTHING), so the call is cheap and harmless on every start.
 * Plain multi-row INSERTs rather than COPY, so it runs on PGlite as well as pg.
 * Run it inside a transaction: a crash half-way then leaves no partial list.
 * Returns the number of rows inserted.
 */
export async function seedRegions(db: Db, options: SeedRegionsOptions = {}): Promise<number> {
  const expected = regionCsvCounts();
  const present = await db
    .selectFrom('regions')
    .select(['level', sql<string>`count(*)`.as('n')])
    .groupBy('level')
    .execute();
  const have = new Map(present.map((r) => [Number(r.level), Number(r.n)]));
  if (LEVELS.every(({ level }) => (have.get(level) ?? 0) >= expected[level])) return 0;

  const started = performance.now();
  const rows = readRegionRows();
  let inserted = 0;
  for (const batch of batches(rows)) {
    const result = await db
      .insertInto('regions')
      .values(batch)
      .onConflict((oc) => oc.column('code').doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  options.log?.(`regions: ${inserted} of ${rows.length} rows inserted in ${seconds} s`);
  return inserted;
}
