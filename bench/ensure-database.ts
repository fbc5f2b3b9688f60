import pg from 'pg';

/**
 * Creates the benchmark's database when the server does not have it yet, so
 * `npm run bench:*` works on a fresh PostgreSQL. Returns true when it created it.
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.end();
    return false;
  } catch (err) {
    // 3D000: database does not exist; anything else is a real problem.
    if ((err as { code?: string }).code !== '3D000') throw err;
    const admin = new URL(url);
    const name = admin.pathname.slice(1);
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`create database "${name.replaceAll('"', '""')}"`);
    await client.end();
    return true;
  }
}
