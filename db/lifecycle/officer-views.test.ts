import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support.js';
import type { DatabaseHandle } from '../connect.js';
import { disableOfficer } from '../officers/officers.js';
import { createScene, enrolTestOfficer, insertTestReport, type Scene } from '../officers/test-fixtures.js';
import type { Officer } from '../tables/officers.table.js';
import { replyToCitizen } from './liaison-actions.js';
import { respond } from './citizen-actions.js';
import { getReportForOfficer, listOpenReportsForOfficer } from './officer-views.js';
import { visibleReporter } from './redaction.js';

let handle: DatabaseHandle;
let scene: Scene;
let cityAdmin: Officer;
let provinceAdmin: Officer;
let otherCityAdmin: Officer;
let pupr: Officer;
let dinkes: Officer;
const day = (d: number) => new Date(Date.UTC(2026, 11, d, 16, 59, 59, 999));

beforeAll(async () => {
  handle = await openTestDatabase();
  scene = await createScene(handle.db);
  cityAdmin = await enrolTestOfficer(handle.db, scene.cityAdminOpd, 'admin');
  provinceAdmin = await enrolTestOfficer(handle.db, scene.provinceAdminOpd, 'admin');
  otherCityAdmin = await enrolTestOfficer(handle.db, scene.otherCityAdminOpd, 'admin');
  pupr = await enrolTestOfficer(handle.db, scene.pupr, 'liaison');
  dinkes = await enrolTestOfficer(handle.db, scene.dinkes, 'liaison');
});
afterAll(() => handle.close());

describe('visibleReporter (the one redaction rule)', () => {
  const reporter = { name: 'Siti', phone: '+6281200000000', nik: '2171010101900001' };
  it('shows admins everything, liaisons name and phone unless anonim, never the NIK', () => {
    expect(visibleReporter('admin', { anonim: true }, reporter)).toEqual(reporter);
    expect(visibleReporter('liaison', { anonim: false }, reporter)).toEqual({ name: 'Siti', phone: '+6281200000000', nik: null });
    expect(visibleReporter('liaison', { anonim: true }, reporter)).toBeNull();
  });
});

describe('listOpenReportsForOfficer', () => {
  it('gives admins the reports awaiting verification in their jurisdiction, soonest due first', async () => {
    const later = await insertTestReport(handle.db, { regionCode: scene.city, opdCode: scene.pupr, coordinatorOpdCode: scene.cityAdminOpd, verificationDueAt: day(10) });
    const sooner = await insertTestReport(handle.db, { regionCode: scene.city, opdCode: scene.pupr, coordinatorOpdCode: scene.cityAdminOpd, status: 'postponed', verificationDueAt: day(3) });
    const elsewhere = await insertTestReport(handle.db, { regionCode: scene.otherCity, opdCode: scene.otherCityAdminOpd, coordinatorOpdCode: scene.otherCityAdminOpd, verificationDueAt: day(1) });
    await insertTestReport(handle.db, { regionCode: scene.city, opdCode: scene.pupr, coordinatorOpdCode: scene.cityAdminOpd, status: 'disposed', followupDueAt: day(1) });

    const city = await listOpenReportsForOfficer(handle.db, cityAdmin.id);
    expect(city.ok && city.reports.map((r) => r.ticket)).toEqual([sooner.ticket, later.ticket]);
    expect(city.ok && city.reports[0]!.dueAt).toEqual(day(3));
    const province = await listOpenReportsForOfficer(handle.db, provinceAdmin.id);
    expect(province.ok && province.reports.map((r) => r.ticket)).toEqual([elsewhere.ticket, sooner.ticket, later.ticket]);
    const other = await listOpenReportsForOfficer(handle.db, otherCityAdmin.id);
    expect(other.ok && other.reports.map((r) => r.ticket)).toEqual([elsewhere.ticket]);
  });

  it('gives a liaison their OPD\'s follow-up work by follow-up or close date, and nothing to a disabled one', async () => {
    const base = { regionCode: scene.city, opdCode: scene.dinkes, coordinatorOpdCode: scene.cityAdminOpd } as const;
    const a = await insertTestReport(handle.db, { ...base, status: 'disposed', followupDueAt: day(9) });
    const b = await insertTestReport(handle.db, { ...base, status: 'answered', followupDueAt: day(20), closeDueAt: day(4) });
    const c = await insertTestReport(handle.db, { ...base, status: 'in_progress', followupDueAt: day(6) });
    await insertTestReport(handle.db, { ...base, status: 'resolved', followupDueAt: day(1) });
    await insertTestReport(handle.db, { ...base, status: 'submitted' });
    const list = await listOpenReportsForOfficer(handle.db, dinkes.id);
    expect(list.ok && list.reports.map((r) => [r.ticket, r.dueAt])).toEqual([
      [b.ticket, day(4)],
      [c.ticket, day(6)],
      [a.ticket, day(9)],
    ]);
    const gone = await enrolTestOfficer(handle.db, scene.dinkes, 'liaison');
    await disableOfficer(handle.db, { officerId: gone.id, by: 'test', now: new Date() });
    expect(await listOpenReportsForOfficer(handle.db, gone.id)).toMatchObject({ ok: false, reason: 'forbidden' });
  });
});

describe('getReportForOfficer', () => {
  it('hides an anonim reporter from the liaison but not from the admin, and never shows the chat id', async () => {
    const r = await insertTestReport(handle.db, { regionCode: scene.city, opdCode: scene.pupr, coordinatorOpdCode: scene.cityAdminOpd, status: 'disposed', anonim: true });
    const reporter = await handle.db.selectFrom('reporters').selectAll().where('id', '=', r.reporter_id).executeTakeFirstOrThrow();
    const liaison = await getReportForOfficer(handle.db, pupr.id, r.ticket);
    expect(liaison).toMatchObject({ ok: true, report: { ticket: r.ticket, anonim: true, reporter: null } });
    const text = JSON.stringify(liaison);
    for (const secret of [reporter.name, reporter.phone, reporter.nik, r.chat_ref]) expect(text).not.toContain(secret);

    const admin = await getReportForOfficer(handle.db, cityAdmin.id, r.ticket);
    expect(admin).toMatchObject({ ok: true, report: { reporter: { name: reporter.name, phone: reporter.phone, nik: reporter.nik } } });
    expect(JSON.stringify(admin)).not.toContain(r.chat_ref);
  });

  it('shows a named reporter\'s name and phone to the liaison without the NIK, with the conversation', async () => {
    const r = await insertTestReport(handle.db, { regionCode: scene.city, opdCode: scene.pupr, coordinatorOpdCode: scene.cityAdminOpd, status: 'disposed' });
    const reporter = await handle.db.selectFrom('reporters').selectAll().where('id', '=', r.reporter_id).executeTakeFirstOrThrow();
    const at = new Date('2026-12-21T03:00:00Z');
    await replyToCitizen(handle.db, { kind: 'officer', officerId: pupr.id }, { ticket: r.ticket, text: 'Kami cek besok' }, at);
    await respond(handle.db, { kind: 'citizen', channel: r.source_channel, chatRef: r.chat_ref }, { ticket: r.ticket, text: 'Baik' }, at);
    const view = await getReportForOfficer(handle.db, pupr.id, r.ticket);
    expect(view).toMatchObject({ ok: true, report: { reporter: { name: reporter.name, phone: reporter.phone, nik: null } } });
    expect(JSON.stringify(view)).not.toContain(reporter.nik);
    expect(view.ok && view.report.messages.map((m) => [m.from, m.text, m.signedBy])).toEqual([
      ['officer', 'Kami cek besok', `Dinas ${scene.pupr}`],
      ['citizen', 'Baik', null],
    ]);
  });

  it('refuses another OPD\'s liaison and an admin outside the jurisdiction; unknown tickets are not_found', async () => {
    const r = await insertTestReport(handle.db, { regionCode: scene.city, opdCode: scene.pupr, coordinatorOpdCode: scene.cityAdminOpd, status: 'disposed' });
    expect(await getReportForOfficer(handle.db, dinkes.id, r.ticket)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await getReportForOfficer(handle.db, otherCityAdmin.id, r.ticket)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await getReportForOfficer(handle.db, provinceAdmin.id, r.ticket)).toMatchObject({ ok: true });
    expect(await getReportForOfficer(handle.db, pupr.id, 'LPR-0000000')).toMatchObject({ ok: false, reason: 'not_found' });
  });
});
