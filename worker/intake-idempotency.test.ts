import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/connect.js';
import { openTestDatabase } from '../test/support.js';
import type { IntakeResult } from './intake-worker.js';
import { intakeQueue } from './queues.js';
import { submitReport } from './submit-report.js';
import { countStored, freshSerials, insertCategory, insertOpd, insertRegionTree, jobIn, type RegionTree } from './test-support/fixtures.js';
import { startIntakeHarness, type IntakeHarness } from './test-support/intake-harness.js';
import { sampleReport } from './test-support/sample-reports.js';

let handle: DatabaseHandle;
let harness: IntakeHarness;
let tree: RegionTree;
let category: string;

beforeAll(async () => {
  handle = await openTestDatabase();
  tree = await insertRegionTree(handle.db, '02');
  await insertOpd(handle.db, { code: '02.71-admin', regionCode: tree.regency, coordinator: true });
  category = await insertCategory(handle.db, 'idempoten');
  harness = await startIntakeHarness(handle, 'idempotency');
});

afterAll(async () => {
  await harness?.close();
  await handle?.close();
});

function newReport(overrides: { submittedAt?: Date } = {}) {
  return sampleReport({ serial: freshSerials(1)[0]!, villageCode: tree.village, category, attachments: 2, ...overrides });
}

async function notificationIds(ticket: string): Promise<string[]> {
  const jobs = await harness.notifications.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
  return jobs.map((j) => j.id!).filter((id) => id.includes(ticket)).sort();
}

describe('intake is idempotent per ticket', () => {
  it('stores a report once when the same job runs twice', async () => {
    const report = newReport();
    await submitReport(harness.queue, report);
    const first = await jobIn(harness.queue, report.ticket, 'completed');
    expect((first.returnvalue as IntakeResult).created).toBe(true);

    // Run it again: the completed job is removed and the same ticket submitted anew.
    await first.remove();
    await submitReport(harness.queue, report);
    const second = await jobIn(harness.queue, report.ticket, 'completed');
    expect(second.returnvalue).toMatchObject({ created: false, reportId: (first.returnvalue as IntakeResult).reportId });

    expect(await countStored(handle.db, report.ticket)).toEqual({ reports: 1, submitted: 1, routed: 1 });
    const attachments = await handle.db
      .selectFrom('attachments')
      .innerJoin('reports', 'reports.id', 'attachments.report_id')
      .where('reports.ticket', '=', report.ticket)
      .select('attachments.id')
      .execute();
    expect(attachments).toHaveLength(2);
    // The re-run queued its notifications again under the same ids: still one of each.
    expect(await notificationIds(report.ticket)).toEqual([`opd-${report.ticket}-coordinator`, `received-${report.ticket}`]);
  });

  it('ignores a re-submission while the first job is kept', async () => {
    const report = newReport();
    await submitReport(harness.queue, report);
    await jobIn(harness.queue, report.ticket, 'completed');
    const again = await submitReport(harness.queue, report);
    expect(again.id).toBe(report.ticket);
    expect(await harness.queue.getJobState(report.ticket)).toBe('completed');
    expect(await countStored(handle.db, report.ticket)).toEqual({ reports: 1, submitted: 1, routed: 1 });
  });

  it('stores once when two jobs carry the same ticket at the same time', async () => {
    const report = newReport();
    // Not through submitReport (which would dedupe by job id): the worst case of a
    // ticket written by two producers.
    await harness.queue.addBulk([
      { name: intakeQueue.job, data: report, opts: { jobId: `twin-a-${report.ticket}` } },
      { name: intakeQueue.job, data: report, opts: { jobId: `twin-b-${report.ticket}` } },
    ]);
    const a = await jobIn(harness.queue, `twin-a-${report.ticket}`, 'completed');
    const b = await jobIn(harness.queue, `twin-b-${report.ticket}`, 'completed');
    const created = [a, b].map((j) => (j.returnvalue as IntakeResult).created).sort();
    expect(created).toEqual([false, true]);
    expect(await countStored(handle.db, report.ticket)).toEqual({ reports: 1, submitted: 1, routed: 1 });
  });

  it("keeps one reporter per NIK with the newest report's details, whatever order the jobs run in", async () => {
    const newer = newReport({ submittedAt: new Date('2026-11-20T10:00:00+07:00') });
    const older = {
      ...newReport({ submittedAt: new Date('2026-11-02T10:00:00+07:00') }),
      reporter: { ...newer.reporter, name: 'Nama Lama', phone: '+6281200000001' },
    };
    await submitReport(harness.queue, newer);
    await jobIn(harness.queue, newer.ticket, 'completed');
    await submitReport(harness.queue, older);
    await jobIn(harness.queue, older.ticket, 'completed');
    const reporters = await handle.db.selectFrom('reporters').select(['id', 'name', 'phone']).where('nik', '=', newer.reporter.nik).execute();
    expect(reporters).toEqual([{ id: expect.any(String), name: newer.reporter.name, phone: newer.reporter.phone }]);
    const owners = await handle.db
      .selectFrom('reports')
      .select('reporter_id')
      .where('ticket', 'in', [newer.ticket, older.ticket])
      .execute();
    expect(owners.map((o) => o.reporter_id)).toEqual([reporters[0]!.id, reporters[0]!.id]);
  });
});
