import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../core/working-days.js';
import type { DatabaseHandle } from '../db/connect.js';
import { routeReport } from '../db/intake/routing.js';
import { openTestDatabase } from '../test/support.js';
import { submitReport } from './submit-report.js';
import { freshSerials, insertCategory, insertOpd, insertRegionTree, insertRule, jobIn, type RegionTree } from './test-support/fixtures.js';
import { startIntakeHarness, type IntakeHarness } from './test-support/intake-harness.js';
import { sampleReport } from './test-support/sample-reports.js';

let handle: DatabaseHandle;
let harness: IntakeHarness;
let tree: RegionTree;
let roads: string;
let unruled: string;
let health: string;

beforeAll(async () => {
  handle = await openTestDatabase();
  tree = await insertRegionTree(handle.db, '01');
  await insertOpd(handle.db, { code: '01-admin', regionCode: tree.province, coordinator: true });
  await insertOpd(handle.db, { code: '01.71-admin', regionCode: tree.regency, coordinator: true });
  await insertOpd(handle.db, { code: '01.71-pupr', regionCode: tree.regency });
  await insertOpd(handle.db, { code: '01.71.01.1001-kelurahan', regionCode: tree.village });
  await insertOpd(handle.db, { code: '01.71-dinkes-lama', regionCode: tree.regency, active: false });
  await insertOpd(handle.db, { code: '01-dinkes', regionCode: tree.province });
  roads = await insertCategory(handle.db, 'jalan');
  unruled = await insertCategory(handle.db, 'tanpa aturan');
  health = await insertCategory(handle.db, 'kesehatan');
  await insertRule(handle.db, roads, tree.regency, '01.71-pupr');
  await insertRule(handle.db, roads, tree.village, '01.71.01.1001-kelurahan');
  // The regency rule points at a closed unit: the province-wide one must apply instead.
  await insertRule(handle.db, health, tree.regency, '01.71-dinkes-lama');
  await insertRule(handle.db, health, tree.province, '01-dinkes');
  harness = await startIntakeHarness(handle, 'routing');
});

afterAll(async () => {
  await harness?.close();
  await handle?.close();
});

async function intake(villageCode: string, category: string) {
  const [serial] = freshSerials(1);
  const report = sampleReport({ serial: serial!, villageCode, category, submittedAt: new Date('2026-08-14T09:30:00+07:00') });
  await submitReport(harness.queue, report);
  await jobIn(harness.queue, report.ticket, 'completed');
  const row = await handle.db
    .selectFrom('reports')
    .select(['id', 'opd_code', 'coordinator_opd_code', 'status', 'verification_due_at', 'submitted_at'])
    .where('ticket', '=', report.ticket)
    .executeTakeFirstOrThrow();
  const routed = await handle.db
    .selectFrom('report_events')
    .select(['data', 'actor_kind'])
    .where('report_id', '=', row.id)
    .where('type', '=', 'routed')
    .executeTakeFirstOrThrow();
  return { report, row, routed };
}

describe('routing at intake', () => {
  it('prefers a village-level rule over the regency-level one', async () => {
    const { row, routed } = await intake(tree.village, roads);
    expect(row.opd_code).toBe('01.71.01.1001-kelurahan');
    expect(row.coordinator_opd_code).toBe('01.71-admin');
    expect(routed.data).toMatchObject({ rule_prefix: tree.village, opd_code: '01.71.01.1001-kelurahan' });
  });

  it('uses the regency-level rule for another village of the regency', async () => {
    const { row, routed } = await intake(tree.otherVillage, roads);
    expect(row.opd_code).toBe('01.71-pupr');
    expect(row.coordinator_opd_code).toBe('01.71-admin');
    expect(routed.data).toMatchObject({ rule_prefix: tree.regency });
  });

  it("falls back to the regency's coordinating admin when no rule matches", async () => {
    const { row, routed, report } = await intake(tree.village, unruled);
    expect(row.opd_code).toBe('01.71-admin');
    expect(row.coordinator_opd_code).toBe('01.71-admin');
    expect(routed.data).toMatchObject({ rule_prefix: null });
    const notice = await harness.notifications.getJob(`opd-${report.ticket}-coordinator`);
    expect(notice?.data).toMatchObject({ type: 'new_report_for_opd', role: 'coordinator', opdCode: '01.71-admin' });
    // Routed to the coordinator itself: no separate handler notice.
    expect(await harness.notifications.getJob(`opd-${report.ticket}-handler`)).toBeUndefined();
  });

  it("falls back to the province's coordinator where the regency has none", async () => {
    const { row } = await intake(tree.bareVillage, roads);
    expect(row.opd_code).toBe('01-admin');
    expect(row.coordinator_opd_code).toBe('01-admin');
  });

  it('skips a rule whose OPD is inactive for a less specific active one', async () => {
    const { row } = await intake(tree.village, health);
    expect(row.opd_code).toBe('01-dinkes');
  });

  it('keeps the report submitted, due for verification in 3 working days, and tells the citizen', async () => {
    const { row, report } = await intake(tree.otherVillage, roads);
    expect(row.status).toBe('submitted');
    // Friday 14 August 2026; Monday the 17th is Independence Day: Tue, Wed, Thu.
    expect(row.verification_due_at?.toISOString()).toBe(addWorkingDays(row.submitted_at, 3).toISOString());
    expect(row.verification_due_at?.toISOString()).toBe('2026-08-20T16:59:59.999Z');
    const received = await harness.notifications.getJob(`received-${report.ticket}`);
    expect(received?.data).toMatchObject({ type: 'report_received', ticket: report.ticket, verificationDueAt: '2026-08-20T16:59:59.999Z' });
    const notice = await harness.notifications.getJob(`opd-${report.ticket}-handler`);
    expect(notice?.data).toMatchObject({ role: 'handler', opdCode: '01.71-pupr' });
    const verification = await harness.notifications.getJob(`opd-${report.ticket}-coordinator`);
    expect(verification?.data).toMatchObject({ role: 'coordinator', opdCode: '01.71-admin' });
  });

  it('answers the same as routeReport, which routes without writing', async () => {
    const routing = await routeReport(handle.db, {
      category: roads,
      provinceCode: tree.province,
      regencyCode: tree.regency,
      districtCode: tree.district,
      villageCode: tree.village,
    });
    expect(routing).toEqual({ opdCode: '01.71.01.1001-kelurahan', coordinatorOpdCode: '01.71-admin', rulePrefix: tree.village });
  });
});
