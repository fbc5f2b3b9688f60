/**
 * `npm run bench:reminders`: how long one week's reminders take with 1,000,000 reports
 * across 10,000 OPDs. Creates a throw-away database (lapor_bench_reminders), migrates
 * it, generates OPDs, officers and reports in SQL (generate_series, no round trips),
 * then times computing the week's reminders and queuing them through the real delivery
 * outbox into a throw-away Redis prefix, prints the query plans' index use (EXPLAIN
 * ANALYZE, BUFFERS), drops everything, and prints one JSON line last.
 * Reads BENCH_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres, used for
 * CREATE/DROP DATABASE), REDIS_URL, BENCH_REPORTS (1,000,000), BENCH_OPDS (10,000),
 * BENCH_KEEP (1: keep the database afterwards).
 */
import { randomBytes } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import { createDeliveryOutbox } from '../bot/delivery/outbox.js';
import { createRedis, deleteKeysByPrefix } from '../core/redis.js';
import { openDatabase } from '../db/connect.js';
import type { Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { computeWeeklyReminders } from '../db/reminders/weekly-reminders.js';
import { overdueQuery } from '../db/reminders/overdue.js';
import { RESOLUTION_WINDOW_DAYS, resolutionRatesQuery } from '../db/reminders/resolution-rates.js';
import { runWeeklyReminders } from '../worker/reminders/run-reminders.js';

const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REPORTS = Number(process.env.BENCH_REPORTS ?? 1_000_000);
// Whole regencies of 100 OPDs each, ten regencies a province.
const OPDS = Math.max(100, Math.round(Number(process.env.BENCH_OPDS ?? 10_000) / 100) * 100);
const DB_NAME = 'lapor_bench_reminders';
// A Monday 08:00 in Jakarta, when the cron fires.
const NOW = new Date('2026-11-23T08:00:00+07:00');

const log = (line: string) => process.stdout.write(`${line}\n`);
const ms = (since: number) => Math.round(performance.now() - since);

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

async function generate(db: Db): Promise<void> {
  const regencies = OPDS / 100;
  await sql`
    insert into regions (code, parent_code, level, name)
    select lpad((10 + p)::text, 2, '0'), null, 1, 'Provinsi ' || p from generate_series(0, ${Math.ceil(regencies / 10) - 1}::int) p`.execute(db);
  await sql`
    insert into regions (code, parent_code, level, name)
    select lpad((10 + r / 10)::text, 2, '0') || '.' || lpad((r % 10 + 1)::text, 2, '0'), lpad((10 + r / 10)::text, 2, '0'), 2,
           'Kota ' || r
      from generate_series(0, ${regencies - 1}::int) r`.execute(db);
  await sql`insert into opd_kinds (code, name) values ('bench', 'Dinas Bench'), ('admin', 'Admin Koordinator') on conflict do nothing`.execute(db);
  await sql`
    insert into report_kinds (code, name_id, name_en)
    values ('pengaduan', 'Pengaduan', 'Complaint'), ('aspirasi', 'Aspirasi', 'Aspiration'),
           ('permintaan_informasi', 'Permintaan informasi', 'Information request') on conflict do nothing`.execute(db);
  await sql`insert into categories (code, name_id, name_en) values ('kesehatan', 'Kesehatan', 'Health') on conflict do nothing`.execute(db);
  // OPD i sits in regency i/100; its first unit coordinates the regency, and in a
  // province's first regency the second unit coordinates the province.
  await sql`
    insert into opd (code, name, kind, region_code, is_coordinator)
    select 'opd-' || i, 'Dinas ' || i, case when i % 100 in (0, 1) then 'admin' else 'bench' end,
           case when i % 100 = 1 and (i / 100) % 10 = 0 then lpad((10 + i / 1000)::text, 2, '0')
                else lpad((10 + i / 1000)::text, 2, '0') || '.' || lpad(((i / 100) % 10 + 1)::text, 2, '0') end,
           i % 100 = 0 or (i % 100 = 1 and (i / 100) % 10 = 0)
      from generate_series(0, ${OPDS - 1}::int) i`.execute(db);
  await sql`
    insert into officers (opd_code, role, channel, chat_ref)
    select 'opd-' || i, case when i % 100 in (0, 1) then 'admin' else 'liaison' end,
           case when i % 10 < 5 then 'telegram' when i % 10 < 8 then 'whatsapp' else 'sms' end, 'bench-' || i
      from generate_series(0, ${OPDS - 1}::int) i`.execute(db);
  await sql`insert into reporters (nik, name, phone) values ('1000000000000001', 'Warga Bench', '+6281200000000')`.execute(db);
  // u spreads statuses (and varies within an OPD through g / OPDS): 70% done, 5% declined/not ours, 5% awaiting verification,
  // 15% with the OPD, 5% answered; due dates straddle NOW so about half the open
  // reports are overdue (~100,000), a bad week.
  await sql`
    insert into reports (ticket, kind, category, title, body, province_code, regency_code, district_code, source_channel,
                         chat_ref, reporter_id, status, opd_code, coordinator_opd_code, submitted_at,
                         verification_due_at, followup_due_at, close_due_at, verified_at, disposed_at, answered_at)
    select 'LPR-' || lpad(upper(to_hex(g)), 8, '0'), (array['pengaduan','aspirasi','permintaan_informasi'])[g % 3 + 1],
           'kesehatan', 'Laporan ' || g, 'Isi laporan bench', '10', '10.01', '10.01.01', 'telegram', 'c' || g, 1,
           case when u < 350 then 'resolved' when u < 700 then 'closed' when u < 725 then 'declined'
                when u < 750 then 'not_authority' when u < 775 then 'submitted' when u < 800 then 'postponed'
                when u < 875 then 'disposed' when u < 950 then 'in_progress' else 'answered' end,
           'opd-' || (g % ${OPDS}), 'opd-' || ((g % ${OPDS}) / 100 * 100), sub,
           sub + interval '3 days',
           case when u >= 800 and u < 950 then ${NOW}::timestamptz + (u - 875) * interval '4 hours' end,
           case when u >= 950 then ${NOW}::timestamptz + (u - 975) * interval '1 day' end,
           case when u < 700 or u >= 800 then sub + (u % 48) * interval '1 hour' end,
           case when u < 700 or u >= 800 then sub + (u % 48) * interval '1 hour' end,
           case when u < 700 or u >= 950 or (u >= 875 and u % 3 = 0) then sub + (u % 200) * interval '1 hour' end
      from (select g, (g::bigint * 7919 + (g / ${OPDS})::bigint * 611953) % 1000 as u,
                   ${NOW}::timestamptz - (g % 365) * interval '1 day' - (g % 24) * interval '1 hour' as sub
              from generate_series(1, ${REPORTS}::int) g) s`.execute(db);
  // Reports awaiting verification: due dates around NOW, like the others.
  await sql`
    update reports set verification_due_at = ${NOW}::timestamptz + ((id % 50) - 25) * interval '1 day'
     where status in ('submitted','postponed')`.execute(db);
  await sql`vacuum analyze`.execute(db);
}

async function explain(db: Db, label: string, query: RawBuilder<unknown>): Promise<void> {
  const { rows } = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) ${query}`.execute(db);
  log(`plan: ${label}`);
  // The scans say which indexes were used; the first Buffers line is the whole plan's.
  const firstBuffers = rows.find((r) => /^\s*Buffers:/.test(r['QUERY PLAN']));
  for (const { 'QUERY PLAN': line } of rows) {
    if (/Scan|Execution Time|Planning Time/.test(line)) log(`  ${line.trim()}`);
  }
  if (firstBuffers) log(`  total ${firstBuffers['QUERY PLAN'].trim()}`);
}

await admin(`drop database if exists ${DB_NAME} with (force)`);
await admin(`create database ${DB_NAME}`);
const url = new URL(adminUrl);
url.pathname = `/${DB_NAME}`;
const database = await openDatabase({ url: url.toString(), poolSize: 4 });
const redis = createRedis(redisUrl);
const redisPrefix = `lapor_bench_reminders_${randomBytes(3).toString('hex')}`;
const outbox = createDeliveryOutbox({ db: database.db, redis, redisPrefix });
try {
  await migrateToLatest(database.db);
  let t = performance.now();
  await generate(database.db);
  log(`generated ${REPORTS} reports across ${OPDS} OPDs (one officer each) in ${ms(t)} ms`);

  t = performance.now();
  const warm = await computeWeeklyReminders(database.db, NOW);
  log(`compute (first, cold cache): ${ms(t)} ms: ${warm.opds.length} OPDs with overdue reports, ` +
    `${warm.opds.reduce((n, o) => n + o.total, 0)} overdue reports, ${warm.summaries.length} coordinator summaries`);

  const run = await runWeeklyReminders({ db: database.db, outbox }, { now: NOW });
  log(`week ${run.week}: compute + plan ${Math.round(run.computeMs)} ms; enqueue ${run.enqueued.length} messages ` +
    `through the outbox in ${Math.round(run.enqueueMs)} ms`);
  t = performance.now();
  const again = await runWeeklyReminders({ db: database.db, outbox }, { now: NOW });
  log(`re-run of the same week: ${again.enqueued.length} queued, ${again.alreadySent} already sent (${ms(t)} ms)`);

  await explain(database.db, 'overdue reports per OPD (top 5 by window)', overdueQuery(NOW, 5));
  await explain(
    database.db,
    'resolution rates of every OPD (rolling year)',
    resolutionRatesQuery(null, NOW, RESOLUTION_WINDOW_DAYS),
  );
  log(JSON.stringify({
    bench: 'reminders',
    reports: REPORTS,
    opds: OPDS,
    compute_ms: Math.round(run.computeMs),
    enqueue_ms: Math.round(run.enqueueMs),
  }));
} finally {
  await outbox.close();
  await deleteKeysByPrefix(redis, redisPrefix);
  await redis.quit();
  await database.close();
    // BENCH_KEEP=1 leaves the database for a look with psql.
  if (process.env.BENCH_KEEP !== '1') await admin(`drop database if exists ${DB_NAME} with (force)`);
}
