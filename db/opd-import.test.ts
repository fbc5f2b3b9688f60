import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from './connect.js';
import { migrateToLatest } from './migrate.js';
import { seedDatabase } from './seed.js';
import { parseOpdCsv } from './seed/opd-csv.js';
import { importOpdCsv } from './seed/opd-import.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const HEADER = 'code,name,kind,region_code,is_coordinator,categories';

// Imports replace the whole OPD list, and the run's database is shared by every suite
// that relies on the default set: these tests get a database of their own.
const dbName = `lapor_seedtest_${randomBytes(4).toString('hex')}`;
const serverUrl = inject('databaseUrl');
let handle: DatabaseHandle;

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin(`create database ${dbName}`);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  handle = await openDatabase({ url: url.toString(), poolSize: 3 });
  await migrateToLatest(handle.db);
  await seedDatabase(handle.db);
});

afterAll(async () => {
  await handle?.close();
  await admin(`drop database if exists ${dbName} with (force)`);
});

/** Every row of opd and routing_rules, to prove a failed import wrote nothing. */
async function snapshot() {
  const { rows } = await sql<{ opd: string; rules: string }>`
    select (select md5(string_agg(o::text, '|' order by code)) from opd o) as opd,
           (select md5(string_agg(concat_ws(',', category, region_prefix, opd_code), '|'
                                  order by category, region_prefix)) from routing_rules) as rules`.execute(handle.db);
  return rows[0];
}

describe('importOpdCsv with a bad file', () => {
  it('reports every problem with its line number and writes nothing', async () => {
    const before = await snapshot();
    const result = await importOpdCsv(handle.db, fixture('opd-bad.csv'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => `line ${e.line}: ${e.message}`)).toEqual([
      expect.stringMatching(/^line 4: kind "dinsos" is not a known OPD kind/),
      'line 5: region_code "21.99" is not a known region',
      'line 6: category "kesehatn" is not a known category',
      'line 7: code "21.71-dinkes" is already used on line 3',
      'line 8: region 21.71 already has a coordinator ("21.71-admin" on line 2)',
      'line 9: expected 6 columns (code,name,kind,region_code,is_coordinator,categories), found 4',
      'line 10: is_coordinator "mungkin" is not a boolean (use true/false, ya/tidak or 1/0)',
      'line 11: category "kesehatan" in region 21.71 is already routed to "21.71-dinkes" on line 3',
      'line 12: code is empty',
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a header with a missing or misspelt column', async () => {
    const result = await importOpdCsv(handle.db, 'code,name,kind,categoris\nx,X,dinkes,kesehatan\n');
    expect(result).toEqual({
      ok: false,
      errors: [
        { line: 1, message: 'unknown column "categoris" (expected code,name,kind,region_code,is_coordinator,categories)' },
        { line: 1, message: 'missing column "region_code"' },
      ],
    });
  });

  it('refuses a file with no rows rather than retiring every OPD', async () => {
    expect(await importOpdCsv(handle.db, `${HEADER}\n`)).toEqual({
      ok: false,
      errors: [{ line: 2, message: 'no OPD rows after the header' }],
    });
  });
});

describe('importOpdCsv with a good file', () => {
  it('leaves no trace when the caller rolls its transaction back', async () => {
    const before = await snapshot();
    await handle.db
      .transaction()
      .execute(async (trx) => {
        const result = await importOpdCsv(trx, fixture('opd-example.csv'));
        expect(result.ok).toBe(true);
        throw new Error('roll back');
      })
      .catch((err: Error) => expect(err.message).toBe('roll back'));
    expect(await snapshot()).toEqual(before);
  });

  it('makes the file the OPD list and routing rules, deactivating the rest', async () => {
    const { count: defaults } = await handle.db
      .selectFrom('opd')
      .select(sql<string>`count(*)`.as('count'))
      .executeTakeFirstOrThrow();
    const result = await importOpdCsv(handle.db, fixture('opd-example.csv'));
    expect(result).toEqual({
      ok: true,
      summary: { opds: 15, created: 4, deactivated: Number(defaults) - 11, rules: 13, warnings: [] },
    });

    const active = await handle.db.selectFrom('opd').select('code').where('active', '=', true).orderBy('code').execute();
    expect(active.map((o) => o.code)).toHaveLength(15);
    expect(active.map((o) => o.code)).toContain('21.71-bmsda');

    const retired = await handle.db.selectFrom('opd').selectAll().where('code', 'in', ['21.71-pupr', '21.04-admin']).execute();
    expect(retired.map((o) => [o.code, o.active, o.is_coordinator]).sort()).toEqual([
      ['21.04-admin', false, false],
      ['21.71-pupr', false, false],
    ]);

    const rules = await handle.db
      .selectFrom('routing_rules')
      .select(['category', 'region_prefix', 'opd_code'])
      .orderBy('region_prefix')
      .orderBy('category')
      .execute();
    expect(rules).toHaveLength(13);
    expect(rules).toContainEqual({ category: 'infrastruktur', region_prefix: '21.71', opd_code: '21.71-bmsda' });
    expect(rules).toContainEqual({
      category: 'kesehatan',
      region_prefix: '21.71.07',
      opd_code: '21.71.07-puskesmas-sei-langkai',
    });
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await snapshot();
    const result = await importOpdCsv(handle.db, fixture('opd-example.csv'));
    expect(result).toMatchObject({ ok: true, summary: { opds: 15, created: 0, deactivated: 0, rules: 13 } });
    expect(await snapshot()).toEqual(before);
  });

  it('hands a region over to a new coordinator and warns about regions without one', async () => {
    const csv = [
      HEADER,
      'batam-lapor,Admin LAPOR! Kota Batam,admin,21.71,ya,pembangunan daerah',
      '21.71-admin,Bagian Organisasi Kota Batam,admin,21.71,tidak,',
      '21.04-dinkes,Dinas Kesehatan Kabupaten Lingga,dinkes,21.04,,Kesehatan',
    ].join('\n');
    const result = await importOpdCsv(handle.db, csv);
    expect(result).toMatchObject({
      ok: true,
      summary: { opds: 3, created: 1, rules: 2, warnings: [expect.stringMatching(/^region 21.04 has units but no coordinator/)] },
    });
    const coordinators = await handle.db
      .selectFrom('opd')
      .select('code')
      .where('region_code', '=', '21.71')
      .where('is_coordinator', '=', true)
      .execute();
    expect(coordinators).toEqual([{ code: 'batam-lapor' }]);
    const lingga = await handle.db.selectFrom('opd').select(['active']).where('code', '=', '21.04-dinkes').executeTakeFirstOrThrow();
    expect(lingga.active).toBe(true);
  });

  it('is not undone by the next start', async () => {
    expect(await seedDatabase(handle.db)).toEqual({ regionsInserted: 0, defaultOpdsCreated: false });
    const { count } = await handle.db
      .selectFrom('opd')
      .select(sql<string>`count(*)`.as('count'))
      .where('active', '=', true)
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(3);
  });
});

describe('parseOpdCsv', () => {
  it('accepts a BOM, spaces, blank lines, quoted fields and Indonesian booleans', () => {
    const csv = `\uFEFF${HEADER}\n\n 21.71-x , "Dinas X, Kota Batam" , DINKES , 21.71 , YA , kesehatan ; ; kesehatan \n`;
    expect(parseOpdCsv(csv)).toEqual({
      errors: [],
      rows: [
        {
          line: 3,
          code: '21.71-x',
          name: 'Dinas X, Kota Batam',
          kind: 'dinkes',
          region_code: '21.71',
          is_coordinator: true,
          categories: ['kesehatan'],
        },
      ],
    });
  });

  it('needs only code, name, kind and region_code', () => {
    const { rows, errors } = parseOpdCsv('region_code,kind,name,code\n21,admin,Admin Kepri,21-admin\n');
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ code: '21-admin', is_coordinator: false, categories: [] });
  });

  it('reports text that is not CSV with its line', () => {
    expect(parseOpdCsv(`${HEADER}\n21-a,"Admin,admin,21,true,\n`).errors).toEqual([
      { line: 2, message: expect.stringMatching(/^not readable as CSV: Quote Not Closed/) },
    ]);
  });
});
