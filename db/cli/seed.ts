/**
 * `npm run seed`: migrates, then loads regions, categories and (into an empty store)
 * the default OPD set — the same as a first start does.
 *
 * `npm run seed -- --opd file.csv`: additionally replaces the OPD list and routing
 * rules with the file's (columns in db/seed/opd-import.ts). A bad file prints every
 * problem with its line number, changes nothing and exits with code 1.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../../core/config.js';
import { openDatabase } from '../connect.js';
import { migrateToLatest } from '../migrate.js';
import { seedDatabase } from '../seed.js';
import { importOpdCsv, type OpdImportSummary } from '../seed/opd-import.js';

const { values } = parseArgs({ options: { opd: { type: 'string' } } });
const config = loadConfigOrExit();
const csv = values.opd === undefined ? undefined : readCsvOrExit(values.opd);

const handle = await openDatabase({
  url: config.DATABASE_URL,
  dataDir: config.DATA_DIR,
  poolSize: config.DATABASE_POOL_SIZE,
});
const say = (line: string) => process.stdout.write(`${line}\n`);
try {
  say(`database: ${handle.kind} at ${handle.location}`);
  const applied = await migrateToLatest(handle.db);
  if (applied.length > 0) say(`migrations applied: ${applied.join(', ')}`);

  const seeded = await seedDatabase(handle.db, { log: say, defaultOpds: csv === undefined });
  if (seeded.regionsInserted === 0 && !seeded.defaultOpdsCreated) say('reference data already in place');

  if (csv !== undefined) {
    const result = await importOpdCsv(handle.db, csv);
    if (result.ok) printSummary(values.opd!, result.summary);
    else {
      process.stderr.write(
        `${values.opd}: ${result.errors.length} problem(s), nothing was imported:\n` +
          result.errors.map((e) => `  line ${e.line}: ${e.message}\n`).join(''),
      );
      process.exitCode = 1;
    }
  }
} finally {
  await handle.close();
}

function readCsvOrExit(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    process.stderr.write(`cannot read ${path}: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

function printSummary(path: string, s: OpdImportSummary): void {
  say(
    `${path}: ${s.opds} OPDs imported (${s.created} new), ${s.deactivated} others deactivated, ` +
      `${s.rules} routing rules in force`,
  );
  for (const warning of s.warnings) say(`warning: ${warning}`);
}
