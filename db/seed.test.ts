import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/support.js';
import { openDatabase, type DatabaseHandle } from './connect.js';
import { migrateToLatest } from './migrate.js';
import { seedDatabase } from './seed.js';
import { CATEGORIES } from './seed/categories.js';
import { COORDINATOR_KIND, OPD_KINDS } from './seed/opd-kinds.js';
import { titleCaseRegionName } from './seed/region-names.js';
import { readRegionRows, regionCsvCounts } from './seed/regions.js';

/** The 38 province codes of idn-area-data (other suites add fixture provinces beside them). */
const REAL_PROVINCES = readRegionRows()
  .filter((r) => r.level === 1)
  .map((r) => r.code);

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

async function tableCounts() {
  const { rows } = await sql<Record<string, string>>`
    select (select count(*) from regions) as regions, (select count(*) from report_kinds) as report_kinds,
           (select count(*) from opd_kinds) as opd_kinds, (select count(*) from categories) as categories,
           (select count(*) from opd) as opd, (select count(*) from routing_rules) as routing_rules`.execute(handle.db);
  return rows[0];
}

describe('seedDatabase on the seeded test database', () => {
  it('changes nothing when run again', async () => {
    const before = await tableCounts();
    const result = await seedDatabase(handle.db);
    expect(result).toEqual({ regionsInserted: 0, defaultOpdsCreated: false });
    expect(await tableCounts()).toEqual(before);
  });

  it('holds every region of idn-area-data, by level', async () => {
    // Other suites add fixture regions under province codes no real province uses;
    // count the real provinces' regions only.
    const rows = await handle.db
      .selectFrom('regions')
      .select(['level', sql<string>`count(*)`.as('n')])
      .where(sql<boolean>`substr(code, 1, 2) = any(${REAL_PROVINCES})`)
      .groupBy('level')
      .orderBy('level')
      .execute();
    const csv = regionCsvCounts();
    expect(rows.map((r) => [Number(r.level), Number(r.n)])).toEqual([
      [1, 38],
      [2, 514],
      [3, csv[3]],
      [4, csv[4]],
    ]);
    expect(csv[4]).toBeGreaterThan(83_000);
  });

  it('links every region below a province to an existing parent one level up', async () => {
    const orphans = await sql<{ code: string }>`
      select c.code from regions c left join regions p on p.code = c.parent_code
      where (c.level = 1) <> (c.parent_code is null) or (c.level > 1 and (p.level is distinct from c.level - 1))`.execute(
      handle.db,
    );
    expect(orphans.rows).toEqual([]);
  });

  it('places Tanjung Piayu under Sei Beduk under Kota Batam in Kepulauan Riau', async () => {
    const chain = await sql<{ code: string; name: string; level: number }>`
      with recursive up as (
        select code, parent_code, name, level from regions where code = '21.71.07.1004'
        union all
        select r.code, r.parent_code, r.name, r.level from regions r join up on r.code = up.parent_code)
      select code, name, level from up order by level desc`.execute(handle.db);
    expect(chain.rows).toEqual([
      { code: '21.71.07.1004', name: 'Tanjung Piayu', level: 4 },
      { code: '21.71.07', name: 'Sei Beduk', level: 3 },
      { code: '21.71', name: 'Kota Batam', level: 2 },
      { code: '21', name: 'Kepulauan Riau', level: 1 },
    ]);
  });

  it('gives every regency one coordinating admin and one unit of every kind', async () => {
    const gaps = await sql<{ code: string }>`
      select r.code from regions r
      where r.level = 2 and substr(r.code, 1, 2) = any(${REAL_PROVINCES}) and (
        (select count(distinct o.kind) from opd o where o.region_code = r.code and o.active) <> ${OPD_KINDS.length}
        or (select count(*) from opd o where o.region_code = r.code and o.is_coordinator and o.active) <> 1)`.execute(
      handle.db,
    );
    expect(gaps.rows).toEqual([]);
    const lingga = await handle.db.selectFrom('opd').selectAll().where('code', '=', '21.04-dinkes').executeTakeFirstOrThrow();
    expect(lingga).toMatchObject({ name: 'Dinas Kesehatan Kabupaten Lingga', kind: 'dinkes', region_code: '21.04' });
    const batam = await handle.db.selectFrom('opd').selectAll().where('code', '=', '21.71-admin').executeTakeFirstOrThrow();
    expect(batam).toMatchObject({ name: 'Admin Koordinator SP4N-LAPOR! Kota Batam', is_coordinator: true });
  });

  it('gives every province a coordinating admin', async () => {
    const admins = await handle.db
      .selectFrom('opd')
      .innerJoin('regions', 'regions.code', 'opd.region_code')
      .select(['opd.code', 'opd.name'])
      .where('regions.level', '=', 1)
      .where('regions.code', 'in', REAL_PROVINCES)
      .where('opd.kind', '=', COORDINATOR_KIND)
      .where('opd.is_coordinator', '=', true)
      .execute();
    expect(admins).toHaveLength(38);
    expect(admins).toContainEqual({ code: '21-admin', name: 'Admin Koordinator SP4N-LAPOR! Provinsi Kepulauan Riau' });
  });

  it('routes each category with a default kind to that kind in every regency, and the rest nowhere', async () => {
    const routed = CATEGORIES.filter((c) => c.default_opd_kind);
    const { count } = await handle.db
      .selectFrom('routing_rules')
      .select(sql<string>`count(*)`.as('count'))
      // Other suites add rules at other levels or under fixture provinces; count the seed's.
      .where(sql<boolean>`region_prefix ~ '^[0-9]{2}[.][0-9]{2}$' and substr(region_prefix, 1, 2) = any(${REAL_PROVINCES})`)
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(514 * routed.length);
    const batam = await handle.db
      .selectFrom('routing_rules')
      .select(['category', 'opd_code'])
      .where('region_prefix', '=', '21.71')
      .execute();
    expect(batam).toContainEqual({ category: 'infrastruktur', opd_code: '21.71-pupr' });
    expect(batam).toContainEqual({ category: 'dana desa', opd_code: '21.71-dpmd' });
    expect(batam.map((r) => r.category)).not.toContain('pembangunan daerah');
  });

  it('loads the thirteen LAPOR! topics and the three report kinds', async () => {
    // Suites running beside this one add categories of their own, all named "uji …".
    const categories = await handle.db.selectFrom('categories').select(['code', 'keywords']).where('code', 'not like', 'uji %').execute();
    expect(categories.map((c) => c.code).sort()).toEqual(
      [
        'kesehatan', 'pendidikan', 'administrasi kependudukan', 'perizinan', 'infrastruktur', 'transportasi',
        'lingkungan hidup', 'pariwisata', 'pembangunan daerah', 'dana desa', 'ketenagakerjaan',
        'komunikasi & informatika', 'ketenteraman & ketertiban umum',
      ].sort(),
    );
    expect(categories.find((c) => c.code === 'infrastruktur')?.keywords).toEqual(
      expect.arrayContaining(['jalan', 'berlubang', 'jembatan', 'lampu jalan', 'drainase', 'banjir']),
    );
    const kinds = await handle.db.selectFrom('report_kinds').select('code').orderBy('code').execute();
    expect(kinds.map((k) => k.code)).toEqual(['aspirasi', 'pengaduan', 'permintaan_informasi']);
  });
});

describe('category keywords', () => {
  it('are lower case, trimmed and not repeated across topics', () => {
    const owner = new Map<string, string>();
    for (const category of CATEGORIES) {
      for (const word of category.keywords ?? []) {
        expect(word).toBe(word.trim().toLowerCase());
        expect(owner.get(word), `"${word}" in ${category.code}`).toBeUndefined();
        owner.set(word, category.code);
      }
    }
  });
});

describe('titleCaseRegionName', () => {
  it.each([
    ['KOTA BATAM', 'Kota Batam'],
    ['KABUPATEN KEPULAUAN ANAMBAS', 'Kabupaten Kepulauan Anambas'],
    ['DKI JAKARTA', 'DKI Jakarta'],
    ['KOTA ADMINISTRASI JAKARTA PUSAT', 'Kota Administrasi Jakarta Pusat'],
  ])('%s -> %s', (input, expected) => {
    expect(titleCaseRegionName(input)).toBe(expected);
  });
});

describe('seedDatabase on embedded PGlite', () => {
  it('loads everything and is a no-op the second time', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lapor-seed-pglite-'));
    const pglite = await openDatabase({ dataDir });
    try {
      await migrateToLatest(pglite.db);
      const first = await seedDatabase(pglite.db);
      expect(first.regionsInserted).toBe(Object.values(regionCsvCounts()).reduce((a, b) => a + b));
      expect(first.defaultOpdsCreated).toBe(true);
      expect(await seedDatabase(pglite.db)).toEqual({ regionsInserted: 0, defaultOpdsCreated: false });
    } finally {
      await pglite.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
