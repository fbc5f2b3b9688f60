import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Officer } from '../../db/tables/officers.table.js';
import type { Report, ReportStatus } from '../../db/tables/reports.table.js';
import { openDeskHarness, textOf, type DeskHarness } from './test-support.js';

let h: DeskHarness;
let otherOpdLiaison: Officer;
let otherCityLiaison: Officer;
let outsideAdmin: Officer;
let liaison: Officer;
let admin: Officer;

beforeAll(async () => {
  h = await openDeskHarness();
  otherOpdLiaison = await h.officer(h.scene.dinkes, 'liaison');
  otherCityLiaison = await h.officer(h.scene.otherPupr, 'liaison');
  outsideAdmin = await h.officer(h.scene.otherCityAdminOpd, 'admin');
  liaison = await h.officer(h.scene.pupr, 'liaison');
  admin = await h.officer(h.scene.cityAdminOpd, 'admin');
});
afterAll(() => h.close());

/** Every command, as typed for a report in the status it needs. */
const COMMANDS: { status: ReportStatus; text: (r: Report) => string; press?: string }[] = [
  { status: 'disposed', text: (r) => `/lihat ${r.ticket}`, press: 'lihat' },
  { status: 'disposed', text: (r) => `/balas ${r.ticket} Kami cek besok.`, press: 'balas' },
  { status: 'disposed', text: (r) => `/proses ${r.ticket}`, press: 'proses' },
  { status: 'disposed', text: (r) => `/selesai ${r.ticket} Sudah diperbaiki.`, press: 'selesai' },
  { status: 'submitted', text: (r) => `/verifikasi ${r.ticket}`, press: 'verifikasi' },
  { status: 'submitted', text: (r) => `/verifikasi ${r.ticket} ${h.scene.dinkes}` },
  { status: 'disposed', text: (r) => `/pindah ${r.ticket} ${h.scene.dinkes}`, press: 'pindah' },
  { status: 'submitted', text: (r) => `/tunda ${r.ticket} Menunggu data.`, press: 'tunda' },
  { status: 'submitted', text: (r) => `/bukanwewenang ${r.ticket} Wewenang pusat.`, press: 'bukan' },
  { status: 'submitted', text: (r) => `/tolak ${r.ticket} Tidak layak.`, press: 'tolak' },
];

describe('officer desk: refusals change nothing and say why', () => {
  it('every command by a liaison of another OPD, of another city, and by an admin outside the jurisdiction', async () => {
    const actors = [
      [otherOpdLiaison, /bukan milik unit Anda|hanya untuk admin koordinator/],
      [otherCityLiaison, /bukan milik unit Anda|hanya untuk admin koordinator/],
      [outsideAdmin, /di luar wilayah Anda|hanya untuk pejabat penghubung/],
    ] as const;
    for (const command of COMMANDS) {
      const report = await h.report({ status: command.status });
      const before = await h.snapshot(report.ticket);
      for (const [actor, expected] of actors) {
        for (const reply of [await h.say(actor, command.text(report)), command.press ? await h.press(actor, `${command.press}:${report.ticket}`) : null]) {
          if (reply === null) continue;
          const text = textOf(reply);
          expect(text, `${command.text(report)} by ${actor.opd_code}`).toMatch(expected);
          // Nothing of the report leaks into the refusal.
          expect(text).not.toContain('Jalan berlubang');
          expect(text).not.toContain('Siti Aminah');
          expect(text).not.toContain('berstatus');
        }
      }
      expect(await h.snapshot(report.ticket)).toEqual(before);
      expect(await h.notices(report.ticket)).toEqual([]);
      // A refused button asks for nothing: a following text is not taken as a reply.
      expect(textOf(await h.say(otherOpdLiaison, 'teks bebas'))).toContain('Perintah tidak dikenal');
    }
  });

  it('the wrong role is told which commands are theirs', async () => {
    const disposed = await h.report({ status: 'disposed' });
    const submitted = await h.report({ status: 'submitted' });
    expect(textOf(await h.say(admin, `/balas ${disposed.ticket} Halo`))).toContain('/balas hanya untuk pejabat penghubung OPD');
    expect(textOf(await h.say(liaison, `/tolak ${submitted.ticket} Tidak layak`))).toContain('/tolak hanya untuk admin koordinator');
    expect(await h.snapshot(disposed.ticket)).toMatchObject({ events: 0 });
  });

  it('an unknown ticket, a malformed ticket, a missing ticket', async () => {
    expect(textOf(await h.say(liaison, '/lihat LPR-0000000'))).toMatch(/Tiket LPR-0000000 tidak ditemukan.*Contoh|contoh/);
    expect(textOf(await h.say(liaison, '/proses LPR-12'))).toContain('"LPR-12" bukan nomor tiket yang benar. Contoh: /proses');
    expect(textOf(await h.say(admin, '/tolak'))).toContain('Nomor tiketnya belum ditulis. Contoh: /tolak');
  });

  it('a status that does not allow the action is named, with what can be done', async () => {
    const resolved = await h.report({ status: 'resolved' });
    const before = await h.snapshot(resolved.ticket);
    const text = textOf(await h.say(liaison, `/balas ${resolved.ticket} Tambahan info`));
    expect(text).toContain(`Laporan ${resolved.ticket} berstatus "selesai", jadi tidak bisa dibalas.`);
    const disposed = await h.report({ status: 'disposed' });
    expect(textOf(await h.say(admin, `/tolak ${disposed.ticket} Tidak layak`))).toContain('Yang bisa dilakukan sekarang: /pindah');
    expect(await h.snapshot(resolved.ticket)).toEqual(before);
  });

  it('an OPD code outside the jurisdiction is invalid input, with an example', async () => {
    const report = await h.report({ status: 'submitted' });
    const before = await h.snapshot(report.ticket);
    const text = textOf(await h.say(admin, `/verifikasi ${report.ticket} ${h.scene.otherPupr}`));
    expect(text).toContain('Kode OPD itu tidak dikenal');
    expect(text).toContain(`Contoh: /verifikasi ${report.ticket}`);
    expect(textOf(await h.say(admin, `/pindah ${report.ticket} ${h.scene.closedOpd}`))).toContain('berstatus "menunggu verifikasi"');
    expect(await h.snapshot(report.ticket)).toEqual(before);
  });
});
