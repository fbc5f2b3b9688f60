import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/connect.js';
import { openTestDatabase } from '../test/support.js';
import { InvalidJobError, intakeQueue } from './queues.js';
import { submitReport, submitReports } from './submit-report.js';
import { countStored, freshSerials, insertCategory, insertOpd, insertRegionTree, jobIn, type RegionTree } from './test-support/fixtures.js';
import { startIntakeHarness, type IntakeHarness } from './test-support/intake-harness.js';
import { sampleReport } from './test-support/sample-reports.js';

let handle: DatabaseHandle;
let harness: IntakeHarness;
let tree: RegionTree;
let category: string;
const transactions: string[][] = [];

beforeAll(async () => {
  handle = await openTestDatabase();
  tree = await insertRegionTree(handle.db, '03');
  await insertOpd(handle.db, { code: '03.71-admin', regionCode: tree.regency, coordinator: true });
  category = await insertCategory(handle.db, 'validasi');
  harness = await startIntakeHarness(handle, 'validation', {
    policy: { attempts: 5, backoffMs: 50 },
    // A long linger so jobs added together land in one batch.
    worker: { batch: { maxWaitMs: 300 }, hooks: { beforeCommit: (tickets) => void transactions.push([...tickets]) } },
  });
});

afterAll(async () => {
  await harness?.close();
  await handle?.close();
});

const report = () => sampleReport({ serial: freshSerials(1)[0]!, villageCode: tree.village, category });

describe('bad payloads', () => {
  it('are refused by the producer with zod’s reason, adding nothing', async () => {
    const good = report();
    const bad = { ...good, reporter: { ...good.reporter, nik: '12345' } };
    await expect(submitReport(harness.queue, bad)).rejects.toThrow(InvalidJobError);
    await expect(submitReport(harness.queue, bad)).rejects.toThrow('intake: reporter.nik: expected 16 digits');
    const crossed = { ...good, region: { ...good.region, districtCode: '21.71.07' } };
    await expect(submitReport(harness.queue, crossed)).rejects.toThrow(/region: expected each region code to lie inside/);
    expect(await harness.queue.getJob(good.ticket)).toBeUndefined();
  });

  it('fail at once, without retries, when forced into the queue raw', async () => {
    const good = report();
    const bad = { ...good, reporter: { ...good.reporter, phone: '0812-not-a-number' }, title: '' };
    await harness.queue.add(intakeQueue.job, bad, { jobId: good.ticket });
    const job = await jobIn(harness.queue, good.ticket, 'failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.opts.attempts).toBe(5);
    expect(job.failedReason).toContain('invalid intake payload');
    expect(job.failedReason).toContain('reporter.phone: expected an E.164 number');
    expect(job.failedReason).toContain('title:');
    // The payload stays with the failed job for inspection or replay.
    expect(job.data).toEqual(bad);
    expect(await countStored(handle.db, good.ticket)).toMatchObject({ reports: 0 });
  });

  it('refused by the store (unknown category) fail alone and for good; their batch-mates land', async () => {
    const goods = [report(), report(), report()];
    const unknown = { ...report(), category: 'kategori yang tidak ada' };
    await submitReports(harness.queue, [goods[0]!, unknown, goods[1]!, goods[2]!]);
    const failed = await jobIn(harness.queue, unknown.ticket, 'failed');
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/^report rejected by the routing store: .*foreign key/);
    for (const g of goods) {
      await jobIn(harness.queue, g.ticket, 'completed');
      expect(await countStored(handle.db, g.ticket)).toEqual({ reports: 1, submitted: 1, routed: 1 });
      // Written on their own after the four-report batch was refused.
      expect(transactions).toContainEqual([g.ticket]);
    }
    expect(await countStored(handle.db, unknown.ticket)).toMatchObject({ reports: 0 });
  });
});
