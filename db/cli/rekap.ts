/**
 * `npm run rekap -- --from YYYY-MM-DD --to YYYY-MM-DD [--region code] [--csv]`: prints
 * the figures regional dashboards publish (total, by kind, by status, share resolved,
 * median time to verification and to answer), for the area and per OPD. Reads
 * DATABASE_URL like the app.
 */
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../../core/config.js';
import { openDatabase } from '../connect.js';
import { formatRecapCsv, formatRecapText } from '../recap/format.js';
import { RecapQueryError, computeRecap } from '../recap/recap.js';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    region: { type: 'string' },
    csv: { type: 'boolean', default: false },
  },
});
if (!values.from || !values.to) {
  process.stderr.write('usage: npm run rekap -- --from YYYY-MM-DD --to YYYY-MM-DD [--region code] [--csv]\n');
  process.exit(2);
}
const config = loadConfigOrExit();
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  const recap = await computeRecap(database.db, { from: values.from, to: values.to, region: values.region });
  process.stdout.write(values.csv ? formatRecapCsv(recap) : formatRecapText(recap));
} catch (err) {
  if (!(err instanceof RecapQueryError)) throw err;
  process.stderr.write(`rekap: ${err.message}\n`);
  process.exitCode = 2;
} finally {
  await database.close();
}
