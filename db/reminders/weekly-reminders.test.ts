import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../core/working-days.js';
import type { DatabaseHandle } from '../connect.js';
import { openTestDatabase } from '../../test/support.js';
import { insertOpd, insertRegions, insertReport } from './test-support/fixtures.js';
import { isoWeek } from './iso-week.js';
import { computeWeeklyReminders } from './weekly-reminders.js';

// Province 41 is this file's alone (see test-support/fixtures.ts).
const P = '41';
const KOORD = '41-koord'; // coordinator of 41.71
const PROV = '41-prov'; // coordinator of the whole province
const A = '41-a';
const B = '41-b';
const D = '41-d'; // in 41.72: the province's, not 41-koord's
const at = (s: string) => new Date(s);
// Christmas (Fri 25 Dec 2026) and the weekend after it are not working days.
const submittedTue = at('2026-12-22T10:00:00+07:00');
const dueMon28 = addWorkingDays(submittedTue, 3); // end of Mon 28 Dec, Jakarta
const dueWed23 = at('2026-12-23T23:59:59.999+07:00');
const dueThu24 = at('2026-12-24T23:59:59.999+07:00');
const future = at('2027-01-20T23:59:59.999+07:00');

let handle: DatabaseHandle;
const t: Record<string, string> = {};

beforeAll(async () => {
  handle = await openTestDatabase();
  const db = handle.db;
  await insertRegions(db, P);
  await insertOpd(db, PROV, P, true);
  await insertOpd(db, KOORD, `${P}.71`, true);
  await insertOpd(db, A, `${P}.71`);
  await insertOpd(db, B, `${P}.71`);
  await insertOpd(db, D, `${P}.72`);
  const base = { regencyCode: `${P}.71`, submittedAt: submittedTue };
  // Unverified: the coordinator's, even though routing already named OPD A.
  t.v1 = await insertReport(db, { ...base, status: 'submitted', opdCode: A, coordinatorOpdCode: KOORD, verificationDueAt: dueMon28 });
  t.v2 = await insertReport(db, { ...base, status: 'postponed', opdCode: KOORD, coordinatorOpdCode: KOORD, verificationDueAt: dueWed23 });
  t.v3 = await insertReport(db, { ...base, status: 'submitted', opdCode: KOORD, coordinatorOpdCode: KOORD, verificationDueAt: future });
  // A: two never answered, one answered then responded to by the citizen.
  t.f1 = await insertReport(db, { ...base, status: 'disposed', opdCode: A, coordinatorOpdCode: KOORD, followupDueAt: dueThu24 });
  t.f2 = await insertReport(db, { ...base, status: 'in_progress', opdCode: A, coordinatorOpdCode: KOORD, followupDueAt: dueMon28 });
  t.r1 = await insertReport(db, {
    ...base, status: 'in_progress', opdCode: A, coordinatorOpdCode: KOORD, followupDueAt: dueMon28, answeredAt: submittedTue,
  });
  // Not an OPD's lag: answered waiting to close itself, resolved, declined.
  await insertReport(db, { ...base, status: 'answered', opdCode: A, followupDueAt: dueThu24, closeDueAt: dueThu24, answeredAt: submittedTue });
  await insertReport(db, { ...base, status: 'resolved', opdCode: A, followupDueAt: dueThu24 });
  await insertReport(db, { ...base, status: 'declined', opdCode: A, verificationDueAt: dueWed23 });
  // Outside the rate's 365-day window.
  await insertReport(db, { ...base, status: 'closed', opdCode: A, submittedAt: at('2025-11-01T10:00:00+07:00') });
  // B: six overdue, due on six successive days before Christmas; one not yet due.
  for (let i = 0; i < 6; i++) {
    t[`b${i}`] = await insertReport(db, {
      ...base, status: 'disposed', opdCode: B, followupDueAt: at(`2026-12-${String(14 + i).padStart(2, '0')}T23:59:59.999+07:00`),
    });
  }
  await insertReport(db, { ...base, status: 'disposed', opdCode: B, followupDueAt: future });
  t.d1 = await insertReport(db, { ...base, regencyCode: `${P}.72`, status: 'disposed', opdCode: D, followupDueAt: dueThu24 });
});

afterAll(async () => {
  await handle.close();
});

const mine = <T extends { opdCode: string }>(list: T[]) => list.filter((o) => o.opdCode.startsWith(`${P}-`));

describe('computeWeeklyReminders', () => {
  it('does not count a report due today until its working day has ended (Mon 28 Dec, evening)', async () => {
    const r = await computeWeeklyReminders(handle.db, at('2026-12-28T20:00:00+07:00'));
    const opds = Object.fromEntries(mine(r.opds).map((o) => [o.opdCode, o]));
    expect(opds[KOORD]!.total).toBe(1); // v2 only; v1 is due at the end of today
    expect(opds[KOORD]!.oldest.map((o) => o.ticket)).toEqual([t.v2]);
    expect(opds[A]!.oldest.map((o) => o.ticket)).toEqual([t.f1]);
  });

  it('counts working days overdue across Christmas and the weekend (Tue 29 Dec)', async () => {
    const now = at('2026-12-29T09:00:00+07:00');
    const r = await computeWeeklyReminders(handle.db, now);
    expect(r.week).toBe('2026-W53');
    const opds = Object.fromEntries(mine(r.opds).map((o) => [o.opdCode, o]));
    expect(Object.keys(opds).sort()).toEqual([A, B, D, KOORD].sort());

    // v2 was due Wed 23: Thu 24, Mon 28, Tue 29 are the working days since (Fri 25 is Christmas).
    expect(opds[KOORD]!.byKind).toEqual({ verification: 2, followup: 0, response: 0 });
    expect(opds[KOORD]!.oldest.map((o) => [o.ticket, o.workingDaysOverdue])).toEqual([[t.v2, 3], [t.v1, 1]]);

    expect(opds[A]!.total).toBe(3);
    expect(opds[A]!.byKind).toEqual({ verification: 0, followup: 2, response: 1 });
    // f2 and r1 fell due the same day: the query breaks the tie by ticket, and tickets are random.
    const sameDay = [
      [t.f2, 'followup', 1],
      [t.r1, 'response', 1],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(opds[A]!.oldest.map((o) => [o.ticket, o.kind, o.workingDaysOverdue])).toEqual([[t.f1, 'followup', 2], ...sameDay]);

    // Six overdue, five listed, oldest first; due Mon 14 Dec: 15-18, 21-24, 28, 29 = 10 working days.
    expect(opds[B]!.total).toBe(6);
    expect(opds[B]!.oldest.map((o) => o.ticket)).toEqual([t.b0, t.b1, t.b2, t.b3, t.b4]);
    expect(opds[B]!.oldest[0]!.workingDaysOverdue).toBe(10);
  });

  it('ranks each coordinator\'s jurisdiction by overdue count with the resolution rate', async () => {
    const r = await computeWeeklyReminders(handle.db, at('2026-12-29T09:00:00+07:00'));
    const summaries = Object.fromEntries(r.summaries.map((s) => [s.coordinatorCode, s]));
    // 41-koord oversees 41.71 only: D (41.72) is not in its list.
    expect(summaries[KOORD]!.ranking.map((x) => [x.opdCode, x.overdue])).toEqual([[B, 6], [A, 3], [KOORD, 2]]);
    expect(summaries[PROV]!.ranking.map((x) => x.opdCode)).toEqual([B, A, KOORD, D]);
    const a = summaries[KOORD]!.ranking.find((x) => x.opdCode === A)!;
    // A in the window: v1, f1, f2, r1, answered, resolved (+ declined, not considered) → 1 of 6.
    expect(a.resolution).toEqual({ resolved: 1, considered: 6, rate: 1 / 6 });
    expect(summaries[KOORD]!.ranking[0]!.resolution).toEqual({ resolved: 0, considered: 7, rate: 0 });
  });

  it('names ISO weeks by the Jakarta date', () => {
    // Sunday 3 Jan 2027, 23:30 UTC is already Monday 4 Jan in Jakarta: week 1 of 2027.
    expect(isoWeek(at('2027-01-03T23:30:00Z'))).toBe('2027-W01');
    expect(isoWeek(at('2027-01-03T10:00:00Z'))).toBe('2026-W53');
    expect(isoWeek(at('2026-11-23T01:00:00Z'))).toBe('2026-W48');
  });
});
