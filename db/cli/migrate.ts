/**
 * `npm run migrate`: brings the routing store's schema to the newest migration and
 * lists what it applied. Safe to run twice (the second run applies nothing).
 */
import { loadConfigOrExit } from '../../core/config.js';
import { openDatabase } from '../connect.js';
import { MigrationError, migrateToLatest } from '../migrate.js';

const config = loadConfigOrExit();
const handle = await openDatabase({
  url: config.DATABASE_URL,
  dataDir: config.DATA_DIR,
  poolSize: config.DATABASE_POOL_SIZE,
});
process.stdout.write(`database: ${handle.kind} at ${handle.location}\n`);
try {
  const applied = await migrateToLatest(handle.db);
  process.stdout.write(
    applied.length === 0
      ? 'schema is up to date; nothing to apply\n'
      : `applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}\n`).join('')}`,
  );
} catch (err) {
  if (!(err instanceof MigrationError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
