import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support.js';
import type { DatabaseHandle } from '../connect.js';
import { disableOfficer } from '../officers/officers.js';
import { createScene, enrolTestOfficer, insertTestReport, type Scene } from '../officers/test-fixtures.js';
import type { Officer } from '../tables/officers.table.js';
import type { Report, ReportStatus } from '../tables/reports.table.js';
import { changeOpd, decline, markNotAuthority, postpone, verifyAndDispose } from './admin-actions.js';
import { autoClose } from './auto-close.js';
import { rate, reopen, respond } from './citizen-actions.js';
import { markInProgress, replyToCitizen, resolve } from './liaison-actions.js';
import { snapshot } from './test-support.js';
import type { Actor, RefusalReason, TransitionResult } from './types.js';

/**
 * Every action tried by the wrong people and from the wrong statuses. Each refusal
 * must carry the right reason AND leave the report row and its events untouched.
 */

let handle: DatabaseHandle;
let scene: Scene;
type Who = 'cityAdmin' | 'provinceAdmin' | 'otherCityAdmin' | 'pupr' | 'dinkes' | 'disabledPupr' | 'disabledAdmin';
const o = {} as Record<Who, Officer>;
const now = new Date('2026-12-21T03:00:00Z');
const as = (officer: Officer): Actor => ({ kind: 'officer', officerId: officer.id });
const citizenOf = (r: Report): Actor => ({ kind: 'citizen', channel: r.source_channel, chatRef: r.chat_ref });
const stranger: Actor = { kind: 'citizen', channel: 'telegram', chatRef: 'someone-else' };

beforeAll(async () => {
  handle = await openTestDatabase();
  scene = await createScene(handle.db);
  o.cityAdmin = await enrolTestOfficer(handle.db, scene.cityAdminOpd, 'admin');
  o.provinceAdmin = await enrolTestOfficer(handle.db, scene.provinceAdminOpd, 'admin');
  o.otherCityAdmin = await enrolTestOfficer(handle.db, scene.otherCityAdminOpd, 'admin');
  o.pupr = await enrolTestOfficer(handle.db, scene.pupr, 'liaison');
  o.dinkes = await enrolTestOfficer(handle.db, scene.dinkes, 'liaison');
  o.disabledPupr = await enrolTestOfficer(handle.db, scene.pupr, 'liaison');
  o.disabledAdmin = await enrolTestOfficer(handle.db, scene.cityAdminOpd, 'admin');
  await disableOfficer(handle.db, { officerId: o.disabledPupr.id, by: 'test', now });
  await disableOfficer(handle.db, { officerId: o.disabledAdmin.id, by: 'test', now });
});
afterAll(() => handle.close());

async function report(status: ReportStatus, extra: Partial<Parameters<typeof insertTestReport>[1]> = {}) {
  return insertTestReport(handle.db, {
    regionCode: scene.city,
    opdCode: status === 'submitted' || status === 'postponed' ? scene.cityAdminOpd : scene.pupr,
    coordinatorOpdCode: scene.cityAdminOpd,
    status,
    ...extra,
  });
}

type Attempt = (r: Report) => Promise<TransitionResult>;

async function expectRefused(r: Report, attempt: Attempt, reason: RefusalReason) {
  const before = await snapshot(handle.db, r.ticket);
  const result = await attempt(r);
  expect(result).toMatchObject({ ok: false, reason });
  expect(await snapshot(handle.db, r.ticket)).toEqual(before);
}

const dispose = (actor: () => Actor, target = () => scene.pupr): Attempt => (r) =>
  verifyAndDispose(handle.db, actor(), { ticket: r.ticket, targetOpdCode: target() }, now);

describe('admin actions', () => {
  it('are refused for liaisons, admins outside the jurisdiction, disabled admins and citizens', async () => {
    const r = await report('submitted');
    await expectRefused(r, dispose(() => as(o.pupr)), 'forbidden');
    await expectRefused(r, dispose(() => as(o.otherCityAdmin)), 'forbidden');
    await expectRefused(r, dispose(() => as(o.disabledAdmin)), 'forbidden');
    await expectRefused(r, dispose(() => ({ kind: 'officer', officerId: '987654321987' })), 'forbidden');
    await expectRefused(r, dispose(() => citizenOf(r)), 'forbidden');
    await expectRefused(r, dispose(() => ({ kind: 'system' })), 'forbidden');
    for (const action of [postpone, markNotAuthority, decline]) {
      await expectRefused(r, (x) => action(handle.db, as(o.otherCityAdmin), { ticket: x.ticket, reason: 'Data kurang' }, now), 'forbidden');
      await expectRefused(r, (x) => action(handle.db, as(o.pupr), { ticket: x.ticket, reason: 'Data kurang' }, now), 'forbidden');
    }
  });

  it('refuse targets outside the jurisdiction, inactive or unknown, and empty reasons', async () => {
    const r = await report('submitted');
    await expectRefused(r, dispose(() => as(o.cityAdmin), () => scene.otherPupr), 'invalid_input');
    await expectRefused(r, dispose(() => as(o.cityAdmin), () => scene.closedOpd), 'invalid_input');
    await expectRefused(r, dispose(() => as(o.cityAdmin), () => 'no-such-opd'), 'invalid_input');
    await expectRefused(r, (x) => decline(handle.db, as(o.cityAdmin), { ticket: x.ticket, reason: '   ' }, now), 'invalid_input');
  });

  it('refuse wrong statuses', async () => {
    for (const status of ['disposed', 'in_progress', 'answered', 'resolved', 'closed', 'declined', 'not_authority'] as const) {
      const r = await report(status);
      await expectRefused(r, dispose(() => as(o.cityAdmin)), 'invalid_transition');
      await expectRefused(r, (x) => postpone(handle.db, as(o.cityAdmin), { ticket: x.ticket, reason: 'Tunggu' }, now), 'invalid_transition');
      await expectRefused(r, (x) => decline(handle.db, as(o.cityAdmin), { ticket: x.ticket, reason: 'Tidak layak' }, now), 'invalid_transition');
    }
    const postponed = await report('postponed');
    await expectRefused(postponed, (x) => postpone(handle.db, as(o.cityAdmin), { ticket: x.ticket, reason: 'Lagi' }, now), 'invalid_transition');
    const submitted = await report('submitted');
    await expectRefused(submitted, (x) => changeOpd(handle.db, as(o.cityAdmin), { ticket: x.ticket, targetOpdCode: scene.dinkes }, now), 'invalid_transition');
  });

  it('refuse an unknown ticket as not_found', async () => {
    const result = await verifyAndDispose(handle.db, as(o.cityAdmin), { ticket: 'LPR-0000000', targetOpdCode: scene.pupr }, now);
    expect(result).toMatchObject({ ok: false, reason: 'not_found' });
  });

  it('are allowed to the province admin across the province, and change the OPD only to another one', async () => {
    const r = await report('submitted');
    const result = await verifyAndDispose(handle.db, as(o.provinceAdmin), { ticket: r.ticket, targetOpdCode: scene.otherPupr }, now);
    expect(result).toMatchObject({ ok: true, report: { status: 'disposed', opd_code: scene.otherPupr } });
    await expectRefused(r, (x) => changeOpd(handle.db, as(o.provinceAdmin), { ticket: x.ticket, targetOpdCode: scene.otherPupr }, now), 'invalid_input');
    const moved = await changeOpd(handle.db, as(o.cityAdmin), { ticket: r.ticket, targetOpdCode: scene.dinkes }, now);
    expect(moved).toMatchObject({ ok: true, report: { status: 'disposed', opd_code: scene.dinkes }, event: { type: 'opd_changed' } });
  });

  it('postpone, pass on and decline with the reason stored and returned for the citizen', async () => {
    const a = await report('submitted');
    const postponed = await postpone(handle.db, as(o.cityAdmin), { ticket: a.ticket, reason: 'Mohon kirim foto lokasi' }, now);
    expect(postponed).toMatchObject({ ok: true, report: { status: 'postponed' }, event: { data: { reason: 'Mohon kirim foto lokasi' } }, notifyCitizen: { status: 'postponed', reason: 'Mohon kirim foto lokasi' } });
    const passed = await markNotAuthority(handle.db, as(o.cityAdmin), { ticket: a.ticket, reason: 'Wewenang pemerintah pusat' }, now);
    expect(passed).toMatchObject({ ok: true, report: { status: 'not_authority' }, notifyCitizen: { reason: 'Wewenang pemerintah pusat' } });
    const b = await report('submitted');
    const declined = await decline(handle.db, as(o.cityAdmin), { ticket: b.ticket, reason: 'Identitas tidak jelas' }, now);
    expect(declined).toMatchObject({ ok: true, report: { status: 'declined' }, event: { type: 'declined', actor_kind: 'admin' } });
  });
});

describe('liaison actions', () => {
  const reply = (actor: () => Actor): Attempt => (r) => replyToCitizen(handle.db, actor(), { ticket: r.ticket, text: 'Balasan' }, now);

  it('are refused for another OPD, a disabled liaison, admins and citizens', async () => {
    const r = await report('disposed');
    for (const attempt of [
      (a: Actor): Attempt => (x) => markInProgress(handle.db, a, { ticket: x.ticket }, now),
      (a: Actor): Attempt => (x) => replyToCitizen(handle.db, a, { ticket: x.ticket, text: 'Balasan' }, now),
      (a: Actor): Attempt => (x) => resolve(handle.db, a, { ticket: x.ticket, text: 'Selesai' }, now),
    ]) {
      await expectRefused(r, attempt(as(o.dinkes)), 'forbidden');
      await expectRefused(r, attempt(as(o.disabledPupr)), 'forbidden');
      // Admins verify and dispose; the follow-up is the OPD's own.
      await expectRefused(r, attempt(as(o.cityAdmin)), 'forbidden');
      await expectRefused(r, attempt(citizenOf(r)), 'forbidden');
    }
  });

  it('are refused from statuses outside the follow-up, and for empty texts', async () => {
    for (const status of ['submitted', 'postponed', 'resolved', 'closed', 'declined', 'not_authority'] as const) {
      // Even a submitted report routed straight to the OPD waits for the admin's verification.
      const r = await report(status, { opdCode: scene.pupr });
      await expectRefused(r, reply(() => as(o.pupr)), 'invalid_transition');
      await expectRefused(r, (x) => resolve(handle.db, as(o.pupr), { ticket: x.ticket, text: 'Selesai' }, now), 'invalid_transition');
      await expectRefused(r, (x) => markInProgress(handle.db, as(o.pupr), { ticket: x.ticket }, now), 'invalid_transition');
    }
    const inProgress = await report('in_progress');
    await expectRefused(inProgress, (x) => markInProgress(handle.db, as(o.pupr), { ticket: x.ticket }, now), 'invalid_transition');
    await expectRefused(inProgress, (x) => replyToCitizen(handle.db, as(o.pupr), { ticket: x.ticket, text: ' ' }, now), 'invalid_input');
    await expectRefused(inProgress, (x) => resolve(handle.db, as(o.pupr), { ticket: x.ticket, text: 'x'.repeat(4001) }, now), 'invalid_input');
  });

  it('stop working for an officer once disabled', async () => {
    const officer = await enrolTestOfficer(handle.db, scene.pupr, 'liaison');
    const r = await report('disposed');
    expect((await markInProgress(handle.db, as(officer), { ticket: r.ticket }, now)).ok).toBe(true);
    await disableOfficer(handle.db, { officerId: officer.id, by: 'test', now });
    await expectRefused(r, reply(() => as(officer)), 'forbidden');
  });
});

describe('citizen actions', () => {
  it('are refused on someone else\'s report, to officers and the system', async () => {
    const r = await report('resolved');
    const other = await report('resolved');
    await expectRefused(r, (x) => rate(handle.db, stranger, { ticket: x.ticket, rating: 5 }, now), 'forbidden');
    // The right chat on the wrong channel is someone else.
    await expectRefused(r, (x) => rate(handle.db, { kind: 'citizen', channel: 'whatsapp', chatRef: x.chat_ref }, { ticket: x.ticket, rating: 5 }, now), 'forbidden');
    await expectRefused(r, (x) => reopen(handle.db, citizenOf(other), { ticket: x.ticket, text: 'Belum beres' }, now), 'forbidden');
    await expectRefused(r, (x) => respond(handle.db, citizenOf(other), { ticket: x.ticket, text: 'Halo' }, now), 'forbidden');
    await expectRefused(r, (x) => rate(handle.db, as(o.pupr), { ticket: x.ticket, rating: 5 }, now), 'forbidden');
    await expectRefused(r, (x) => reopen(handle.db, { kind: 'system' }, { ticket: x.ticket, text: 'Belum' }, now), 'forbidden');
  });

  it('refuse bad ratings, rating or reopening before resolution, and messages on finished reports', async () => {
    const resolved = await report('resolved');
    for (const rating of [0, 6, 2.5, Number.NaN]) {
      await expectRefused(resolved, (x) => rate(handle.db, citizenOf(x), { ticket: x.ticket, rating }, now), 'invalid_input');
    }
    await expectRefused(resolved, (x) => reopen(handle.db, citizenOf(x), { ticket: x.ticket, text: '' }, now), 'invalid_input');
    for (const status of ['disposed', 'in_progress', 'answered', 'closed'] as const) {
      const r = await report(status);
      await expectRefused(r, (x) => rate(handle.db, citizenOf(x), { ticket: x.ticket, rating: 5 }, now), 'invalid_transition');
      await expectRefused(r, (x) => reopen(handle.db, citizenOf(x), { ticket: x.ticket, text: 'Belum' }, now), 'invalid_transition');
    }
    for (const status of ['resolved', 'closed', 'declined', 'not_authority'] as const) {
      const r = await report(status);
      await expectRefused(r, (x) => respond(handle.db, citizenOf(x), { ticket: x.ticket, text: 'Halo' }, now), 'invalid_transition');
    }
  });

  it('relay a message sent before verification to the coordinator, keeping the status', async () => {
    const r = await report('postponed');
    const result = await respond(handle.db, citizenOf(r), { ticket: r.ticket, text: 'Ini fotonya' }, now);
    expect(result).toMatchObject({
      ok: true,
      report: { status: 'postponed' },
      notifyOpd: { type: 'citizen_message', opdCode: scene.cityAdminOpd, text: 'Ini fotonya' },
    });
  });
});

describe('auto-close', () => {
  it('is for the system only, and only once the clock ran out', async () => {
    const past = new Date('2026-12-01T00:00:00Z');
    const r = await report('answered', { closeDueAt: past });
    await expectRefused(r, (x) => autoClose(handle.db, as(o.pupr), { ticket: x.ticket }, now), 'forbidden');
    await expectRefused(r, (x) => autoClose(handle.db, citizenOf(x), { ticket: x.ticket }, now), 'forbidden');
    await expectRefused(r, (x) => autoClose(handle.db, { kind: 'system' }, { ticket: x.ticket }, new Date(past.getTime() - 1)), 'invalid_transition');
    const inProgress = await report('in_progress', { closeDueAt: past });
    await expectRefused(inProgress, (x) => autoClose(handle.db, { kind: 'system' }, { ticket: x.ticket }, now), 'invalid_transition');
    expect(await autoClose(handle.db, { kind: 'system' }, { ticket: r.ticket }, now)).toMatchObject({ ok: true, report: { status: 'closed' } });
  });
});
