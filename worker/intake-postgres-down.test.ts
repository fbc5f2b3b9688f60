import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { Job } from 'bullmq';
import { openDatabase, type DatabaseHandle } from '../db/connect.js';
import { openTestDatabase } from '../test/support.js';
import { replayFailedIntake } from './replay-failed-intake.js';
import { submitReports } from './submit-report.js';
import { countStored, eventually, freshSerials, insertCategory, insertOpd, insertRegionTree, jobIn, type RegionTree } from './test-support/fixtures.js';
import { startIntakeHarness, type IntakeHarness } from './test-support/intake-harness.js';
import { sampleReport } from './test-support/sample-reports.js';
import { TcpProxy } from './test-support/tcp-proxy.js';

const run = promisify(execFile);
const retryCli = fileURLToPath(new URL('./cli/intake-retry.ts', import.meta.url));

let direct: DatabaseHandle;
let proxied: DatabaseHandle;
let proxy: TcpProxy;
let tree: RegionTree;
let category: string;
let harness: IntakeHarness | undefined;

beforeAll(async () => {
  direct = await openTestDatabase();
  tree = await insertRegionTree(direct.db, '04');
  await insertOpd(direct.db, { code: '04.71-admin', regionCode: tree.regency, coordinator: true });
  category = await insertCategory(direct.db, 'db mati');
  const url = new URL(inject('databaseUrl'));
  proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
  url.port = String(await proxy.start());
  proxied = await openDatabase({ url: url.toString(), poolSize: 4 });
});

afterEach(async () => {
  await proxy.start().catch(() => {});
  await harness?.close();
  harness = undefined;
});

afterAll(async () => {
  await proxied?.close();
  await proxy?.stop();
  await direct?.close();
});

const reports = (n: number) => freshSerials(n).map((serial) => sampleReport({ serial, villageCode: tree.village, category }));

/** A prefix REDIS_PREFIX accepts (no ':'), under the run's prefix so teardown removes it. */
const cliSafePrefix = (label: string) => `${inject('redisPrefix')}.${label}.${randomBytes(3).toString('hex')}`;

describe('PostgreSQL unreachable', () => {
  it('retries with backoff and stores every report once when it comes back', async () => {
    harness = await startIntakeHarness(proxied, 'pg-down', { policy: { attempts: 30, backoffMs: 100 } });
    await proxy.stop();
    const batch = reports(4);
    await submitReports(harness.queue, batch);
    // Several attempts fail while the database is away…
    await eventually(async () => {
      const job = await Job.fromId(harness!.queue, batch[0]!.ticket);
      return job && job.attemptsMade >= 2 ? job : undefined;
    }, 15_000, 'a second failed attempt');
    for (const r of batch) expect(await countStored(direct.db, r.ticket)).toMatchObject({ reports: 0 });
    const failedOnce = await Job.fromId(harness.queue, batch[0]!.ticket);
    expect(failedOnce?.failedReason).toMatch(/^routing store unavailable/);

    // …then it is back and the retries land, once each.
    await proxy.start();
    for (const r of batch) {
      const job = await jobIn(harness.queue, r.ticket, 'completed', 20_000);
      expect(job.attemptsMade).toBeGreaterThan(1);
      expect(await countStored(direct.db, r.ticket)).toEqual({ reports: 1, submitted: 1, routed: 1 });
    }
  }, 60_000);

  it('keeps exhausted jobs, with their data, in the failed set for replay', async () => {
    harness = await startIntakeHarness(proxied, 'pg-gone', { policy: { attempts: 2, backoffMs: 50 } });
    await proxy.stop();
    const batch = reports(3);
    await submitReports(harness.queue, batch);
    for (const r of batch) {
      const job = await jobIn(harness.queue, r.ticket, 'failed', 20_000);
      expect(job.attemptsMade).toBe(2);
      expect(job.data).toEqual(r);
    }
    await proxy.start();
    expect(await replayFailedIntake(harness.queue)).toEqual({ replayed: 3, skipped: 0 });
    for (const r of batch) {
      await jobIn(harness.queue, r.ticket, 'completed', 20_000);
      expect(await countStored(direct.db, r.ticket)).toEqual({ reports: 1, submitted: 1, routed: 1 });
    }
  }, 60_000);

  it('npm run intake:retry replays them and says how many', async () => {
    const prefix = cliSafePrefix('retry-cli');
    harness = await startIntakeHarness(proxied, 'pg-cli', { prefix, policy: { attempts: 1, backoffMs: 50 } });
    await proxy.stop();
    const batch = reports(2);
    await submitReports(harness.queue, batch);
    for (const r of batch) await jobIn(harness.queue, r.ticket, 'failed', 20_000);
    await proxy.start();

    const { stdout } = await run(process.execPath, ['--import', 'tsx', retryCli], {
      env: { ...process.env, REDIS_URL: inject('redisUrl'), REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' },
    });
    expect(stdout).toContain('replayed 2 failed intake jobs');
    for (const r of batch) {
      await jobIn(harness.queue, r.ticket, 'completed', 20_000);
      expect(await countStored(direct.db, r.ticket)).toEqual({ reports: 1, submitted: 1, routed: 1 });
    }
  }, 60_000);
});
