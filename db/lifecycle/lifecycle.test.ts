import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWorkingDay } from '../../core/working-days.js';
import { openTestDatabase } from '../../test/support.js';
import type { DatabaseHandle } from '../connect.js';
import { createScene, enrolTestOfficer, insertTestReport, type Scene } from '../officers/test-fixtures.js';
import type { Officer } from '../tables/officers.table.js';
import { closeOverdueAnswered, autoClose } from './auto-close.js';
import { verifyAndDispose } from './admin-actions.js';
import { rate, reopen, respond } from './citizen-actions.js';
import { markInProgress, replyToCitizen, resolve } from './liaison-actions.js';
import { eventTypes } from './test-support.js';
import type { Actor, TransitionResult } from './types.js';

let handle: DatabaseHandle;
let scene: Scene;
let admin: Officer;
let liaison: Officer;
const officer = (o: Officer): Actor => ({ kind: 'officer', officerId: o.id });

beforeAll(async () => {
  handle = await openTestDatabase();
  scene = await createScene(handle.db);
  admin = await enrolTestOfficer(handle.db, scene.cityAdminOpd, 'admin');
  liaison = await enrolTestOfficer(handle.db, scene.pupr, 'liaison');
});
afterAll(() => handle.close());

function ok(result: TransitionResult) {
  if (!result.ok) throw new Error(`refused: ${result.reason} ${result.detail ?? ''}`);
  return result;
}

describe('the happy lifecycle', () => {
  it('goes submitted -> disposed -> in_progress -> answered -> (citizen) -> resolved -> rated -> reopened once', async () => {
    const report = await insertTestReport(handle.db, { regionCode: scene.city, opdCode: scene.cityAdminOpd, coordinatorOpdCode: scene.cityAdminOpd });
    const citizen: Actor = { kind: 'citizen', channel: report.source_channel, chatRef: report.chat_ref };
    const ticket = report.ticket;
    // Monday 21 December 2026, 10:00 in Jakarta.
    const monday = new Date('2026-12-21T03:00:00Z');

    const disposed = ok(await verifyAndDispose(handle.db, officer(admin), { ticket, targetOpdCode: scene.pupr }, monday));
    expect(disposed.report).toMatchObject({ status: 'disposed', opd_code: scene.pupr, verified_at: monday, disposed_at: monday });
    // 5 working days: 22, 23, 24, 28, 29 December (25 December is Christmas).
    expect(disposed.report.followup_due_at?.toISOString()).toBe('2026-12-29T16:59:59.999Z');
    expect(disposed.event).toMatchObject({ type: 'disposed', actor_kind: 'admin', actor_ref: admin.id, channel: 'telegram' });
    expect(disposed.event.data).toMatchObject({ from: 'submitted', to: 'disposed', opd_code: scene.pupr });
    expect(disposed.notifyCitizen).toMatchObject({ type: 'status_changed', ticket, status: 'disposed', chatRef: report.chat_ref, language: 'id', opdName: `Dinas ${scene.pupr}` });
    expect(disposed.notifyOpd).toEqual({ type: 'new_report_for_opd', ticket, opdCode: scene.pupr, role: 'handler' });

    const started = ok(await markInProgress(handle.db, officer(liaison), { ticket }, monday));
    expect(started.report.status).toBe('in_progress');
    expect(started.event).toMatchObject({ type: 'in_progress', actor_kind: 'officer', actor_ref: liaison.id });

    const replied = ok(await replyToCitizen(handle.db, officer(liaison), { ticket, text: '  Tim kami akan menambal jalan minggu ini.  ' }, monday));
    expect(replied.report).toMatchObject({ status: 'answered', answered_at: monday });
    expect(replied.report.close_due_at?.toISOString()).toBe('2027-01-07T16:59:59.999Z');
    expect(replied.event).toMatchObject({ type: 'officer_message' });
    expect(replied.event.data).toMatchObject({ text: 'Tim kami akan menambal jalan minggu ini.', signed_by: `Dinas ${scene.pupr}` });
    // Signed with the unit, never the officer's own name or chat.
    expect(JSON.stringify(replied.event.data)).not.toContain(liaison.chat_ref);
    expect(JSON.stringify(replied.notifyCitizen)).not.toContain(String(liaison.display_name));
    expect(replied.notifyCitizen?.message).toEqual({ text: 'Tim kami akan menambal jalan minggu ini.', signedBy: `Dinas ${scene.pupr}` });

    const tuesday = new Date('2026-12-22T03:00:00Z');
    const answered = ok(await respond(handle.db, citizen, { ticket, text: 'Terima kasih, tapi lubang kedua belum.' }, tuesday));
    expect(answered.report).toMatchObject({ status: 'in_progress', close_due_at: null });
    expect(answered.report.followup_due_at?.toISOString()).toBe('2026-12-30T16:59:59.999Z');
    expect(answered.event).toMatchObject({ type: 'citizen_message', actor_kind: 'citizen', actor_ref: 'citizen', channel: 'telegram' });
    expect(answered.event.data).toMatchObject({ from: 'answered', to: 'in_progress' });
    expect(answered.notifyOpd).toEqual({ type: 'citizen_message', ticket, opdCode: scene.pupr, text: 'Terima kasih, tapi lubang kedua belum.' });
    expect(answered.notifyCitizen).toBeNull();

    const resolved = ok(await resolve(handle.db, officer(liaison), { ticket, text: 'Kedua lubang sudah ditambal.' }, tuesday));
    expect(resolved.report).toMatchObject({ status: 'resolved', resolved_at: tuesday });
    expect(resolved.notifyCitizen).toMatchObject({ status: 'resolved', reason: 'Kedua lubang sudah ditambal.' });

    const rated = ok(await rate(handle.db, citizen, { ticket, rating: 4 }, tuesday));
    expect(rated.report).toMatchObject({ status: 'resolved', rating: 4 });
    expect(await rate(handle.db, citizen, { ticket, rating: 5 }, tuesday)).toMatchObject({ ok: false, reason: 'invalid_transition' });

    const reopened = ok(await reopen(handle.db, citizen, { ticket, text: 'Lubangnya muncul lagi.' }, tuesday));
    expect(reopened.report).toMatchObject({ status: 'disposed', reopen_count: 1, resolved_at: null, opd_code: scene.pupr });
    expect(reopened.report.followup_due_at?.toISOString()).toBe('2026-12-30T16:59:59.999Z');
    expect(reopened.notifyOpd).toEqual({
      type: 'citizen_message',
      ticket,
      opdCode: scene.pupr,
      text: expect.stringMatching(/^Laporan dibuka kembali oleh pelapor\. Alasan: /),
    });

    ok(await resolve(handle.db, officer(liaison), { ticket, text: 'Ditambal ulang.' }, tuesday));
    expect(await reopen(handle.db, citizen, { ticket, text: 'Lagi.' }, tuesday)).toMatchObject({ ok: false, reason: 'invalid_transition' });

    expect(await eventTypes(handle.db, ticket)).toEqual([
      'disposed',
      'in_progress',
      'officer_message',
      'citizen_message',
      'resolved',
      'rated',
      'reopened',
      'resolved',
    ]);
  });
});

describe('auto-close', () => {
  it('closes an unanswered answer after 10 working days, counting over Christmas and New Year', async () => {
    expect(isWorkingDay('2026-12-25')).toBe(false);
    const report = await insertTestReport(handle.db, { regionCode: scene.city, opdCode: scene.pupr, coordinatorOpdCode: scene.cityAdminOpd, status: 'disposed' });
    const answeredAt = new Date('2026-12-21T03:00:00Z');
    ok(await replyToCitizen(handle.db, officer(liaison), { ticket: report.ticket, text: 'Sudah kami tangani.' }, answeredAt));
    const due = new Date('2027-01-07T16:59:59.999Z');

    // Ten calendar-blind working days would have ended on 4 January: still open then.
    expect(await closeOverdueAnswered(handle.db, new Date('2027-01-05T03:00:00Z'), { opdCode: scene.pupr })).toEqual([]);
    expect(await autoClose(handle.db, { kind: 'system' }, { ticket: report.ticket }, new Date(due.getTime() - 1))).toMatchObject({
      ok: false,
      reason: 'invalid_transition',
    });
    const after = new Date(due.getTime() + 1);
    const closed = await closeOverdueAnswered(handle.db, after, { opdCode: scene.pupr });
    expect(closed.map((c) => c.report.ticket)).toEqual([report.ticket]);
    expect(closed[0]!.report).toMatchObject({ status: 'closed', closed_at: after });
    expect(closed[0]!.event).toMatchObject({ type: 'closed', actor_kind: 'system', actor_ref: 'system', channel: null });
    expect(closed[0]!.notifyCitizen).toMatchObject({ status: 'closed' });
    // Run twice: nothing more to close.
    expect(await closeOverdueAnswered(handle.db, after, { opdCode: scene.pupr })).toEqual([]);
  });
});
