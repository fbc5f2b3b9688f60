import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildGazetteer, type Gazetteer } from './gazetteer.js';

/**
 * The one place in conversations/ that reads files: the Kemendagri region lists
 * shipped by `idn-area-data` (38 provinces, 514 regencies, ~7,300 districts, ~83,800
 * villages). Call once at start-up and hand the result to createEngine.
 */

function dataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('idn-area-data/package.json')), 'data');
}

function readRows(dir: string, file: string): string[][] {
  const text = readFileSync(join(dir, file), 'utf8');
  const rows: string[][] = [];
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (line.trim() === '') continue;
    // Names never contain commas in these files; the name is still taken as "the
    // rest of the line" so a future name with a comma would not shift columns.
    const first = line.indexOf(',');
    const second = line.indexOf(',', first + 1);
    rows.push(second < 0 ? [line.slice(0, first), line.slice(first + 1)] : [line.slice(0, first), line.slice(first + 1, second), line.slice(second + 1)]);
  }
  return rows;
}

/**
 * Reads the idn-area-data CSV files and builds the region index (about half a second
 * and ~13 MB of heap; villages are unpacked per district on demand). `dir` overrides
 * where the CSV files are; default: the installed package.
 */
export function loadGazetteer(dir: string = dataDir()): Gazetteer {
  const triple = (file: string) => readRows(dir, file).map((r) => [r[0]!, r[1]!, r[2]!] as const);
  return buildGazetteer({
    provinces: readRows(dir, 'provinces.csv').map((r) => [r[0]!, r[1]!] as const),
    regencies: triple('regencies.csv'),
    districts: triple('districts.csv'),
    villages: triple('villages.csv'),
  });
}
