import type { Transaction } from 'kysely';
import type { Database, Db } from '../database.js';

/**
 * Runs `work` in a transaction: the caller's when `db` already is one (the outermost
 * caller owns the transaction), otherwise a new one.
 */
export function inTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return db.transaction().execute(work);
}
