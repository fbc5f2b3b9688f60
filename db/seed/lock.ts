import { sql, type Transaction } from 'kysely';
import type { Database } from '../database.js';

/**
 * Serialises everything that writes reference data (start-up seeding, OPD import)
 * until the transaction ends: processes starting together, or an import during a
 * restart, wait their turn instead of interleaving.
 */
export async function lockReferenceData(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('lapor:reference-data'))`.execute(trx);
}
