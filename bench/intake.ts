/**
 * `npm run bench:intake`: how fast submitted reports become stored, routed rows.
 *
 * Enqueues 20,000 realistic reports (random seeded villages and categories) into a
 * fresh Redis prefix while the intake worker runs in this process, and reports the
 * rate from the first enqueue to the last commit, the enqueue-to-commit latency, and
 * the rate of a no-op BullMQ worker fed the same way for comparison. Then it checks
 * that nothing was lost or duplicated, removes its rows and keys, and prints one JSON
 * line last. Reads DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test),
 * REDIS_URL, BENCH_REPORTS, BENCH_CONCURRENCY, BENCH_BATCH and BENCH_FLUSHES.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { loadavg } from 'node:os';
import { Worker, type ConnectionOptions, type Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { createLogger } from '../core/logger.js';
import { ensureDatabase } from './ensure-database.js';
import { createRedis, deleteKeysByPrefix } from '../core/redis.js';
import { MAX_TICKET_SERIAL } from '../core/ticket.js';
import { openDatabase, type DatabaseHandle } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedDatabase } from '../db/seed.js';
import { startIntakeWorker } from '../worker/intake-worker.js';
import { bullPrefix, intakeQueue } from '../worker/queues.js';
import { openIntakeQueue, submitReports } from '../worker/submit-report.js';
import { sampleReport } from '../worker/test-support/sample-reports.js';
import type { SubmittedReport } from '../worker/queues.js';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const total = Number(process.env.BENCH_REPORTS ?? 20_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 1000);
const batchSize = Number(process.env.BENCH_BATCH ?? 500);
const flushes = Number(process.env.BENCH_FLUSHES ?? 4);
const chunk = 1000;

const log = (line: string) => process.stdout.write(`${line}\n`);
const logger = createLogger({ level: 'warn', name: 'bench' });

async function makeReports(handle: DatabaseHandle): Promise<SubmittedReport[]> {
  const villages = await sql<{ code: string }>`
    select code from regions where level = 4 order by random() limit 5000`.execute(handle.db);
  const categories = await handle.db.selectFrom('categories').select('code').execute();
  if (villages.rows.length === 0 || categories.length === 0) throw new Error('the seed left no villages or categories');
  // A random block of serials: reruns, or a shared database, do not collide on tickets.
  const base = randomInt(0, MAX_TICKET_SERIAL - total);
  const now = new Date();
  return Array.from({ length: total }, (_, i) =>
    sampleReport({
      serial: base + i,
      villageCode: villages.rows[randomInt(villages.rows.length)]!.code,
      category: categories[randomInt(categories.length)]!.code,
      submittedAt: now,
      attachments: i % 4 === 0 ? 1 : 0,
    }),
  );
}

/** Adds the reports in chunks as fast as Redis takes them; returns each ticket's enqueue time. */
async function enqueue(queue: Queue, reports: SubmittedReport[]): Promise<Map<string, number>> {
  const at = new Map<string, number>();
  for (let i = 0; i < reports.length; i += chunk) {
    const slice = reports.slice(i, i + chunk);
    const t = performance.now();
    for (const r of slice) at.set(r.ticket, t);
    await submitReports(queue, slice);
  }
  return at;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (predicate()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 5);
  });
}

async function runIntake(handle: DatabaseHandle, connection: ConnectionOptions, prefix: string, reports: SubmittedReport[]) {
  const committed = new Map<string, number>();
  const intake = startIntakeWorker({
    db: handle.db,
    connection,
    redisPrefix: prefix,
    logger,
    concurrency,
    batch: { maxSize: batchSize, maxConcurrentFlushes: flushes },
    hooks: {
      afterCommit(written) {
        const t = performance.now();
        for (const w of written) if (!committed.has(w.ticket)) committed.set(w.ticket, t);
      },
    },
  });
  await intake.worker.waitUntilReady();
  const queue = openIntakeQueue(connection, prefix);
  const enqueuedAt = await enqueue(queue, reports);
  const first = Math.min(...enqueuedAt.values());
  await waitFor(() => committed.size >= reports.length, 300_000, 'every report to commit');
  const last = Math.max(...committed.values());
  await intake.close();
  await queue.close();
  const latencies = reports.map((r) => committed.get(r.ticket)! - enqueuedAt.get(r.ticket)!).sort((a, b) => a - b);
  return {
    perSecond: reports.length / ((last - first) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function runNoop(connection: ConnectionOptions, prefix: string, reports: SubmittedReport[]) {
  let done = 0;
  let last = 0;
  const worker = new Worker(intakeQueue.name, async () => undefined, {
    connection,
    prefix: bullPrefix(prefix),
    concurrency,
  });
  worker.on('completed', () => {
    done += 1;
    last = performance.now();
  });
  await worker.waitUntilReady();
  const queue = openIntakeQueue(connection, prefix);
  const enqueuedAt = await enqueue(queue, reports);
  const first = Math.min(...enqueuedAt.values());
  await waitFor(() => done >= reports.length, 300_000, 'the no-op worker');
  await worker.close();
  await queue.close();
  return reports.length / ((last - first) / 1000);
}

async function check(handle: DatabaseHandle, tickets: string[]) {
  const { rows } = await sql<{ lost: number; duplicated: number }>`
    select
      (select count(*) from unnest(${tickets}::text[]) w(ticket)
        where not exists (select 1 from reports r where r.ticket = w.ticket))::int as lost,
      -- Two rows for a ticket cannot happen (unique constraint); count it anyway, with
      -- reports whose history says "submitted" twice.
      ((select count(*) - count(distinct ticket) from reports where ticket = any(${tickets}::text[]))
       + (select count(*) from (
            select e.report_id from report_events e join reports r on r.id = e.report_id
            where r.ticket = any(${tickets}::text[]) and e.type = 'submitted'
            group by e.report_id having count(*) > 1) twice))::int as duplicated`.execute(handle.db);
  return rows[0]!;
}

async function cleanUp(handle: DatabaseHandle, tickets: string[], niks: string[], redis: Redis, prefixes: string[]) {
  await handle.db.transaction().execute(async (trx) => {
    // report_events is append-only by trigger; the bench's own rows are the one
    // exception, so triggers are off for this transaction only (superuser setting,
    // which also skips FK triggers: children are deleted before their parents).
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`delete from report_events where report_id in (select id from reports where ticket = any(${tickets}::text[]))`.execute(trx);
    await sql`delete from attachments where report_id in (select id from reports where ticket = any(${tickets}::text[]))`.execute(trx);
    await sql`delete from reports where ticket = any(${tickets}::text[])`.execute(trx);
    await sql`delete from reporters p where nik = any(${niks}::text[]) and not exists (select 1 from reports r where r.reporter_id = p.id)`.execute(trx);
  });
  for (const prefix of prefixes) await deleteKeysByPrefix(redis, `${prefix}:`);
}

async function main(): Promise<void> {
  if (await ensureDatabase(databaseUrl)) log(`created database ${new URL(databaseUrl).pathname.slice(1)}`);
  const handle = await openDatabase({ url: databaseUrl, poolSize: flushes + 2 });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  // One shared client for both runs (BullMQ duplicates it for its blocking calls).
  const connection = createRedis(redisUrl);
  const runId = randomBytes(3).toString('hex');
  const intakePrefix = `bench-intake-${runId}`;
  const noopPrefix = `bench-noop-${runId}`;
  let tickets: string[] = [];
  let niks: string[] = [];
  let summary: Record<string, unknown>;
  try {
    await migrateToLatest(handle.db);
    await seedDatabase(handle.db);
    const reports = await makeReports(handle);
    tickets = reports.map((r) => r.ticket);
    niks = [...new Set(reports.map((r) => r.reporter.nik))];
    const [load1] = loadavg();
    log(`intake: ${total} reports, concurrency ${concurrency}, batches of up to ${batchSize}, ${flushes} in flight; load average ${load1!.toFixed(2)}`);

    const intake = await runIntake(handle, connection, intakePrefix, reports);
    log(`intake: ${intake.perSecond.toFixed(0)} reports/s, enqueue-to-commit latency p50 ${intake.p50.toFixed(0)} ms, p99 ${intake.p99.toFixed(0)} ms`);
    const noop = await runNoop(connection, noopPrefix, reports);
    log(`no-op worker, same queue setup: ${noop.toFixed(0)} jobs/s`);
    const { lost, duplicated } = await check(handle, tickets);
    log(`check: ${lost} lost, ${duplicated} duplicated`);
    summary = {
      bench: 'intake',
      reports_per_s: Math.round(intake.perSecond),
      noop_jobs_per_s: Math.round(noop),
      p50_ms: Math.round(intake.p50),
      p99_ms: Math.round(intake.p99),
      lost,
      duplicated,
    };
  } finally {
    await cleanUp(handle, tickets, niks, redis, [bullPrefix(intakePrefix), bullPrefix(noopPrefix)]);
    await redis.quit();
    await connection.quit();
    await handle.close();
  }
  log('cleaned up: bench rows deleted, bench Redis keys removed');
  // Last, so scripts can read the figures with `tail -n 1`.
  log(JSON.stringify(summary));
}

await main();
