import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../connect.js';
import { openTestDatabase } from '../../test/support.js';
import { insertOpd, insertRegions, insertReport, type FixtureReport } from '../reminders/test-support/fixtures.js';
import { formatRecapCsv, formatRecapText } from './format.js';
import { RecapQueryError, computeRecap } from './recap.js';

// Province 42 is this file's alone. Twenty reports; every expected figure below was
// counted by hand from this table (hours after submission for verified/answered;
// `disp` = disposed without a verified_at, which counts as verification).
//
//  #  OPD  region kind  status         verify answer
//  1  X    42.71  peng  resolved       2      24      submitted 1 Oct 00:00 WIB (first instant in)
//  2  X    42.71  peng  closed         4      48
//  3  X    42.71  asp   resolved       disp 6 72
//  4  X    42.71  peng  in_progress    8      -
//  5  X    42.71  info  answered       10     12
//  6  X    42.71  peng  disposed       1      -
//  7  X    42.71  peng  declined       -      -
//  8  Y    42.71  asp   resolved       3      30
//  9  Y    42.71  peng  in_progress    5      -
// 10  Y    42.71  peng  submitted      -      -
// 11  Y    42.71  peng  postponed      -      -
// 12  Y    42.71  info  not_authority  -      -
// 13  K    42.71  peng  submitted      -      -
// 14  K    42.71  asp   submitted      -      -
// 15  -    42.71  peng  submitted      -      -      (no OPD yet)
// 16  X    42.72  peng  resolved       20     40
// 17  X    42.72  asp   disposed       7      -
// 18  X    42.71  peng  resolved       1      2       30 Sep 23:59 WIB: outside
// 19  X    42.71  peng  submitted      -      -       1 Nov 00:00 WIB: outside
// 20  X    42.71  peng  submitted      -      -       31 Oct 23:59 WIB: last minute in
//
// Region 42, 1–31 Oct: #1–17 and #20 = 18 reports.
//   kinds: pengaduan 1,2,4,6,7,9,10,11,13,15,16,20 = 12; aspirasi 3,8,14,17 = 4; info 5,12 = 2
//   selesai 1,2,3,8,16 = 5; dalam proses 4,5,6,9,17 = 5; belum 10,11,13,14,15,20 = 6;
//   declined 7 = 1; not_authority 12 = 1. Share resolved 5 / (18 − 2) = 0.3125.
//   verification hours 1,2,3,4,5,6,7,8,10,20 → median (5+6)/2 = 5.5
//   answer hours 12,24,30,40,48,72 → median (30+40)/2 = 35
// X: #1–7, 16, 17, 20 = 10; peng 7, asp 2, info 1; selesai 4, proses 4, belum 1, declined 1;
//   share 4/9; verify 1,2,4,6,7,8,10,20 → 6.5; answer 12,24,40,48,72 → 40.
// Y: #8–12 = 5; selesai 1, proses 1, belum 2, not_authority 1; share 1/4; verify 3,5 → 4; answer 30.
// K: 2 belum, share 0/2 = 0, no medians. No OPD: #15, 1 belum.
// Region 42.72: #16, 17: selesai 1, proses 1, share 0.5, verify (7+20)/2 = 13.5, answer 40.

const P = '42';
const X = '42-x';
const Y = '42-y';
const K = '42-k';
const H = 3_600_000;
const oct = (day: number) => new Date(`2026-10-${String(day).padStart(2, '0')}T08:00:00+07:00`);

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
  const db = handle.db;
  await insertRegions(db, P);
  await insertOpd(db, K, `${P}.71`, true);
  await insertOpd(db, X, `${P}.71`);
  await insertOpd(db, Y, `${P}.71`);
  type Row = [string | null, string, FixtureReport['kind'], FixtureReport['status'], number | null, number | null, Date?, boolean?];
  const rows: Row[] = [
    [X, '42.71', 'pengaduan', 'resolved', 2, 24, new Date('2026-10-01T00:00:00+07:00')],
    [X, '42.71', 'pengaduan', 'closed', 4, 48],
    [X, '42.71', 'aspirasi', 'resolved', 6, 72, undefined, true],
    [X, '42.71', 'pengaduan', 'in_progress', 8, null],
    [X, '42.71', 'permintaan_informasi', 'answered', 10, 12],
    [X, '42.71', 'pengaduan', 'disposed', 1, null],
    [X, '42.71', 'pengaduan', 'declined', null, null],
    [Y, '42.71', 'aspirasi', 'resolved', 3, 30],
    [Y, '42.71', 'pengaduan', 'in_progress', 5, null],
    [Y, '42.71', 'pengaduan', 'submitted', null, null],
    [Y, '42.71', 'pengaduan', 'postponed', null, null],
    [Y, '42.71', 'permintaan_informasi', 'not_authority', null, null],
    [K, '42.71', 'pengaduan', 'submitted', null, null],
    [K, '42.71', 'aspirasi', 'submitted', null, null],
    [null, '42.71', 'pengaduan', 'submitted', null, null],
    [X, '42.72', 'pengaduan', 'resolved', 20, 40],
    [X, '42.72', 'aspirasi', 'disposed', 7, null],
    [X, '42.71', 'pengaduan', 'resolved', 1, 2, new Date('2026-09-30T23:59:00+07:00')],
    [X, '42.71', 'pengaduan', 'submitted', null, null, new Date('2026-11-01T00:00:00+07:00')],
    [X, '42.71', 'pengaduan', 'submitted', null, null, new Date('2026-10-31T23:59:00+07:00')],
  ];
  let day = 1;
  for (const [opd, regency, kind, status, verifyH, answerH, submitted, disposedOnly] of rows) {
    const submittedAt = submitted ?? oct((day++ % 28) + 1);
    const verification = verifyH === null ? null : new Date(submittedAt.getTime() + verifyH * H);
    await insertReport(db, {
      kind, status, regencyCode: regency, opdCode: opd, coordinatorOpdCode: K, submittedAt,
      verifiedAt: disposedOnly ? null : verification,
      disposedAt: verification,
      answeredAt: answerH === null ? null : new Date(submittedAt.getTime() + answerH * H),
    });
  }
});

afterAll(async () => {
  await handle.close();
});

describe('computeRecap', () => {
  it('matches the hand count for the province', async () => {
    const recap = await computeRecap(handle.db, { from: '2026-10-01', to: '2026-10-31', region: P });
    expect(recap.total).toBe(18);
    expect(recap.byKind).toEqual({ pengaduan: 12, aspirasi: 4, permintaan_informasi: 2 });
    expect(recap.byStatus).toEqual({ selesai: 5, dalamProses: 5, belumDitindaklanjuti: 6, declined: 1, notAuthority: 1 });
    expect(recap.shareResolved).toBe(0.3125);
    expect(recap.medianHoursToVerification).toBe(5.5);
    expect(recap.medianHoursToAnswer).toBe(35);

    expect(recap.perOpd.map((o) => [o.opdCode, o.total])).toEqual([[X, 10], [Y, 5], [K, 2], [null, 1]]);
    const [x, y, k, none] = recap.perOpd;
    expect(x!.byKind).toEqual({ pengaduan: 7, aspirasi: 2, permintaan_informasi: 1 });
    expect(x!.byStatus).toEqual({ selesai: 4, dalamProses: 4, belumDitindaklanjuti: 1, declined: 1, notAuthority: 0 });
    expect(x!.shareResolved).toBe(4 / 9);
    expect([x!.medianHoursToVerification, x!.medianHoursToAnswer]).toEqual([6.5, 40]);
    expect(y!.byStatus).toEqual({ selesai: 1, dalamProses: 1, belumDitindaklanjuti: 2, declined: 0, notAuthority: 1 });
    expect([y!.shareResolved, y!.medianHoursToVerification, y!.medianHoursToAnswer]).toEqual([0.25, 4, 30]);
    expect([k!.shareResolved, k!.medianHoursToVerification, k!.medianHoursToAnswer]).toEqual([0, null, null]);
    expect(none!.byStatus.belumDitindaklanjuti).toBe(1);
  });

  it('narrows to a regency and prints it as CSV', async () => {
    const recap = await computeRecap(handle.db, { from: '2026-10-01', to: '2026-10-31', region: `${P}.72` });
    expect(formatRecapCsv(recap).split('\n').slice(0, 3)).toEqual([
      'opd_code,opd_name,total,pengaduan,aspirasi,permintaan_informasi,selesai,dalam_proses,belum_ditindaklanjuti,declined,not_authority,share_resolved,median_hours_to_verification,median_hours_to_answer',
      '*,semua,2,1,1,0,1,1,0,0,0,0.5000,13.5,40',
      `${X},Dinas ${X},2,1,1,0,1,1,0,0,0,0.5000,13.5,40`,
    ]);
    expect(formatRecapText(recap)).toContain('persentase selesai      50.0%');
  });

  it('refuses a period that ends before it starts', async () => {
    await expect(computeRecap(handle.db, { from: '2026-10-31', to: '2026-10-01' })).rejects.toBeInstanceOf(RecapQueryError);
  });
});
