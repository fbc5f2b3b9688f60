import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../core/logger.js';
import { createRedis } from '../core/redis.js';
import { openIntakeQueue, submitReport } from '../worker/submit-report.js';
import { sampleReport } from '../worker/test-support/sample-reports.js';
import { testConfig } from '../test/support.js';
import { RoleConfigError, startProcess, type RunningProcess } from './start-process.js';

const logger = createLogger({ level: 'silent' });

async function waitForReport(running: RunningProcess, ticket: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const row = await running.database.db
      .selectFrom('reports')
      .select(['ticket', 'opd_code', 'status'])
      .where('ticket', '=', ticket)
      .executeTakeFirst();
    if (row) return row;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`report ${ticket} never landed`);
}

async function submitThroughQueue(config: ReturnType<typeof testConfig>, serial: number) {
  const redis = createRedis(config.REDIS_URL);
  const queue = openIntakeQueue(redis, config.REDIS_PREFIX);
  const report = sampleReport({ serial, villageCode: '21.71.07.1004', category: 'infrastruktur' });
  await submitReport(queue, report);
  await queue.close();
  await redis.quit();
  return report;
}

describe('npm start (every role in one process) on PostgreSQL', () => {
  const config = testConfig({ PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD: 'rahasia-admin' });
  let running: RunningProcess;

  beforeAll(async () => {
    running = await startProcess(config, 'all', logger);
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('answers /healthz and /readyz with PostgreSQL and Redis checked', async () => {
    expect(await (await fetch(`${running.address}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${running.address}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } });
  });

  it('keeps the queue dashboard behind basic auth', async () => {
    expect((await fetch(`${running.address}/admin/queues`)).status).toBe(401);
    const wrong = Buffer.from('admin:salah').toString('base64');
    expect((await fetch(`${running.address}/admin/queues`, { headers: { authorization: `Basic ${wrong}` } })).status).toBe(401);
    const right = Buffer.from('admin:rahasia-admin').toString('base64');
    const page = await fetch(`${running.address}/admin/queues`, { headers: { authorization: `Basic ${right}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
  });

  it('writes a queued report to the store, routed, and shows it in /metrics', async () => {
    const report = await submitThroughQueue(config, 9_100_001);
    const row = await waitForReport(running, report.ticket);
    expect(row).toEqual({ ticket: report.ticket, opd_code: '21.71-pupr', status: 'submitted' });

    // The row is committed a moment before BullMQ marks the job completed.
    const metrics = () => fetch(`${running.address}/metrics`).then((r) => r.text());
    await expect.poll(metrics).toMatch(/lapor_queue_jobs\{queue="intake",state="completed"\} [1-9]/);
    const text = await metrics();
    expect(text).toMatch(/lapor_reports\{status="submitted"\} [1-9]/);
    expect(text).toMatch(/lapor_intake_outbox_reports 0/);
    expect(text).toMatch(/lapor_intake_outbox_dead_entries 0/);
  });
});

describe('roles apart', () => {
  it('refuse the embedded database, which one process owns', async () => {
    const config = testConfig({ DATABASE_URL: '' });
    await expect(startProcess(config, 'worker', logger)).rejects.toBeInstanceOf(RoleConfigError);
  });

  it('stop with one clear line when Redis cannot be reached', async () => {
    const config = testConfig({ REDIS_URL: 'redis://127.0.0.1:1' });
    await expect(startProcess(config, 'all', logger)).rejects.toThrow(/Redis is not reachable at redis:\/\/127.0.0.1:1 .*Start it with/);
  });
});

describe('npm start without DATABASE_URL: embedded PGlite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lapor-pglite-'));
  const config = testConfig({
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    MIGRATE_ON_START: 'true',
    SEED_ON_START: 'true',
  });
  let running: RunningProcess;

  beforeAll(async () => {
    running = await startProcess(config, 'all', logger);
  }, 180_000);
  afterAll(async () => {
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates, seeds every region and routes a report end to end', async () => {
    expect(running.database.kind).toBe('pglite');
    const { villages } = await running.database.db
      .selectFrom('regions')
      .select(sql<number>`count(*) filter (where level = 4)::int`.as('villages'))
      .executeTakeFirstOrThrow();
    expect(villages).toBeGreaterThan(80_000);

    const report = await submitThroughQueue(config, 9_100_002);
    const row = await waitForReport(running, report.ticket);
    expect(row.opd_code).toBe('21.71-pupr');
  }, 60_000);
});
