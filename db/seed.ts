import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { seedCatalog } from './seed/catalog.js';
import { seedDefaultOpds } from './seed/default-opds.js';
import { lockReferenceData } from './seed/lock.js';
import { seedRegions } from './seed/regions.js';

/** Options for {@link seedDatabase}. */
export interface SeedOptions {
  /** Receives one line per step that did work (timings included). @defaultValue no output */
  log?: (line: string) => void;
  /**
   * Generate the default OPD set when the store has none. Off for `--opd` imports,
   * so a fresh deployment does not start with thousands of units it then retires.
   * @defaultValue true
   */
  defaultOpds?: boolean;
}

/** What {@link seedDatabase} did; all zero/false on an already seeded store. */
export interface SeedResult {
  regionsInserted: number;
  defaultOpdsCreated: boolean;
}

/**
 * Brings the reference data in: regions from idn-area-data, report kinds, OPD kinds
 * and categories, and — on first start only, when no OPD exists — the default OPD set
 * with its routing rules. Idempotent and cheap when already seeded (a few count
 * queries), so the app calls it on every start; `npm run seed` calls it too.
 *
 * One transaction under an advisory lock: processes starting together (bot and
 * worker) wait for each other instead of racing, and a crash leaves nothing half-loaded.
 */
export async function seedDatabase(db: Kysely<Database>, options: SeedOptions = {}): Promise<SeedResult> {
  return db.transaction().execute(async (trx) => {
    await lockReferenceData(trx);
    const regionsInserted = await seedRegions(trx, options);
    await seedCatalog(trx);
    const defaultOpdsCreated = (options.defaultOpds ?? true) && (await seedDefaultOpds(trx, options.log));
    return { regionsInserted, defaultOpdsCreated };
  });
}
