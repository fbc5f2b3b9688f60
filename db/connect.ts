import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';

// `date` columns are calendar days (an incident date); keep them as `YYYY-MM-DD`
// text instead of letting pg shift them through the process's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

/** Which PostgreSQL the process talks to. */
export type DatabaseKind = 'postgres' | 'pglite';

/** An open routing store and how to close it. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Human-readable place, for the start-up log line (never includes a password). */
  location: string;
  close(): Promise<void>;
}

/** Options for {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** A postgres:// URL; unset opens the embedded PGlite database under `dataDir`. */
  url?: string | undefined;
  /** Folder for the embedded database. @defaultValue `./data` */
  dataDir?: string;
  /** pg pool size. @defaultValue 10 */
  poolSize?: number;
}

/**
 * Opens the routing store: a real PostgreSQL server through `pg` when a URL is
 * given, otherwise PGlite (PostgreSQL compiled to WebAssembly) kept in
 * `<dataDir>/pglite`, so `npm start` works on a machine with no database server.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // A hung server must fail queries (so jobs retry) instead of holding them forever.
      connectionTimeoutMillis: 10_000,
      statement_timeout: 60_000,
    });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', location: redactUrl(options.url), close: () => db.destroy() };
  }
  const dir = resolve(join(options.dataDir ?? './data', 'pglite'));
  mkdirSync(dir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const pglite = await PGlite.create(dir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    location: dir,
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** postgres://user:secret@host/db -> postgres://user:***@host/db */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}
