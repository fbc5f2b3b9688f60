import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedis } from '../core/redis.js';
import type { DatabaseHandle } from '../db/connect.js';
import { openTestDatabase, uniquePrefix } from '../test/support.js';
import type { IntakeResult } from './intake-worker.js';
import { openIntakeQueue, submitReports } from './submit-report.js';
import { countStored, freshSerials, insertCategory, insertOpd, insertRegionTree, jobIn, type RegionTree } from './test-support/fixtures.js';
import { startIntakeHarness, type IntakeHarness } from './test-support/intake-harness.js';
import { sampleReport } from './test-support/sample-reports.js';

const LOCK_MS = 1000;
const childScript = fileURLToPath(new URL('./test-support/intake-child.ts', import.meta.url));

let handle: DatabaseHandle;
let tree: RegionTree;
let category: string;
let child: ChildProcess | undefined;
let survivor: IntakeHarness | undefined;

beforeAll(async () => {
  handle = await openTestDatabase();
  tree = await insertRegionTree(handle.db, '05');
  await insertOpd(handle.db, { code: '05.71-admin', regionCode: tree.regency, coordinator: true });
  category = await insertCategory(handle.db, 'mati mendadak');
});

afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  await survivor?.close();
  survivor = undefined;
});

afterAll(async () => {
  await handle?.close();
});

/** Starts the child worker and resolves with a reader of its stdout lines. */
async function startChild(prefix: string, pauseAt: 'before-commit' | 'after-commit') {
  const proc = spawn(process.execPath, ['--import', 'tsx', childScript], {
    env: {
      ...process.env,
      DATABASE_URL: inject('databaseUrl'),
      REDIS_URL: inject('redisUrl'),
      REDIS_PREFIX: prefix,
      INTAKE_PAUSE_AT: pauseAt,
      INTAKE_PAUSE_MS: '60000',
      INTAKE_LOCK_MS: String(LOCK_MS),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = proc;
  const lines = createInterface({ input: proc.stdout! });
  const waitFor = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child never printed ${pattern}`)), 20_000);
      lines.on('line', (line) => {
        if (pattern.test(line)) {
          clearTimeout(timer);
          resolve(line);
        }
      });
      proc.once('exit', (code) => reject(new Error(`child exited (${code}) before printing ${pattern}`)));
    });
  await waitFor(/^ready$/);
  return { proc, waitFor };
}

async function killMidBatch(pauseAt: 'before-commit' | 'after-commit') {
  const prefix = uniquePrefix(`killed-${pauseAt}`);
  const { proc, waitFor } = await startChild(prefix, pauseAt);
  const reports = freshSerials(5).map((serial) => sampleReport({ serial, villageCode: tree.village, category }));
  const redis = createRedis(inject('redisUrl'));
  const queue = openIntakeQueue(redis, prefix);
  await submitReports(queue, reports);
  const line = await waitFor(new RegExp(`^${pauseAt} \\d+$`));
  const inFlight = Number(line.split(' ')[1]);
  expect(inFlight).toBeGreaterThan(0);
  const stored = await Promise.all(reports.map((r) => countStored(handle.db, r.ticket)));

  proc.kill('SIGKILL');
  await new Promise((resolve) => proc.once('exit', resolve));
  child = undefined;
  expect((await queue.getJobCounts('active')).active).toBeGreaterThan(0);

  // A new worker takes over once the dead one's locks expire and BullMQ sees the jobs stalled.
  survivor = await startIntakeHarness(handle, 'survivor', {
    prefix,
    worker: { lockDuration: LOCK_MS, stalledInterval: LOCK_MS / 2 },
  });
  const jobs = [];
  for (const r of reports) jobs.push(await jobIn(queue, r.ticket, 'completed', 20_000));
  for (const r of reports) expect(await countStored(handle.db, r.ticket)).toEqual({ reports: 1, submitted: 1, routed: 1 });
  await queue.close();
  await redis.quit();
  return { stored, jobs, inFlight };
}

describe('a worker killed with jobs in flight', () => {
  it('before COMMIT: nothing was stored, the new worker stores each report once', async () => {
    const { stored, jobs } = await killMidBatch('before-commit');
    expect(stored.every((s) => s.reports === 0)).toBe(true);
    expect(jobs.every((j) => (j.returnvalue as IntakeResult).created)).toBe(true);
  }, 60_000);

  it('after COMMIT, before the jobs completed: the rerun finds the reports and adds none', async () => {
    const { stored, jobs, inFlight } = await killMidBatch('after-commit');
    const committed = stored.filter((s) => s.reports === 1).length;
    // At least the paused batch; another may have committed alongside it.
    expect(committed).toBeGreaterThanOrEqual(inFlight);
    // Every job that had been committed reruns as "already there".
    expect(jobs.filter((j) => !(j.returnvalue as IntakeResult).created)).toHaveLength(committed);
  }, 60_000);
});
