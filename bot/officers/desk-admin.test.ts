import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Officer } from '../../db/tables/officers.table.js';
import { choicesOf, openDeskHarness, textOf, type DeskHarness } from './test-support.js';

let h: DeskHarness;
let admin: Officer;
let liaison: Officer;

beforeAll(async () => {
  h = await openDeskHarness();
  admin = await h.officer(h.scene.cityAdminOpd, 'admin');
  liaison = await h.officer(h.scene.pupr, 'liaison');
});
afterAll(() => h.close());

const row = (ticket: string) => h.handle.db.selectFrom('reports').selectAll().where('ticket', '=', ticket).executeTakeFirstOrThrow();

describe('officer desk: admin commands', () => {
  it('/laporan lists reports awaiting verification; /lihat shows the reporter with NIK and the admin actions', async () => {
    const report = await h.report({ status: 'submitted', anonim: true });
    expect(choicesOf(await h.say(admin, '/laporan'))).toContain(`lihat:${report.ticket}`);
    const view = await h.say(admin, `/lihat ${report.ticket}`);
    expect(textOf(view)).toContain('Siti Aminah');
    expect(textOf(view)).toContain('NIK');
    expect(choicesOf(view)).toEqual(['verifikasi', 'tunda', 'bukan', 'tolak'].map((a) => `${a}:${report.ticket}`));
  });

  it('/verifikasi without a code disposes to the OPD routing chose', async () => {
    const report = await h.report({ status: 'submitted' });
    const replies = await h.say(admin, `/verifikasi ${report.ticket}`);
    expect(textOf(replies)).toContain(`diteruskan ke Dinas ${h.scene.pupr}`);
    expect(await row(report.ticket)).toMatchObject({ status: 'disposed', opd_code: h.scene.pupr });
    const notices = await h.notices(report.ticket);
    expect(notices.map((n) => n['type']).sort()).toEqual(['new_report_for_opd', 'status_changed']);
  });

  it('/verifikasi with a code disposes there; routed to the coordinator itself, it asks for a code', async () => {
    const withCode = await h.report({ status: 'submitted' });
    expect(textOf(await h.say(admin, `verifikasi ${withCode.ticket} ${h.scene.dinkes}`))).toContain(`Dinas ${h.scene.dinkes}`);
    expect((await row(withCode.ticket)).opd_code).toBe(h.scene.dinkes);

    const unrouted = await h.report({ status: 'submitted', opdCode: h.scene.cityAdminOpd });
    const asked = await h.press(admin, `verifikasi:${unrouted.ticket}`);
    expect(textOf(asked)).toContain('kode OPD');
    expect(choicesOf(asked)).toEqual(expect.arrayContaining([`opd:${h.scene.pupr}`, `opd:${h.scene.dinkes}`]));
    expect(choicesOf(asked)).not.toContain(`opd:${h.scene.closedOpd}`);
    expect(textOf(await h.press(admin, `opd:${h.scene.pupr}`))).toContain('sudah diverifikasi');
    expect(await row(unrouted.ticket)).toMatchObject({ status: 'disposed', opd_code: h.scene.pupr });
  });

  it('/pindah moves a disposed report; the button asks for the OPD code as text', async () => {
    const report = await h.report({ status: 'disposed' });
    expect(textOf(await h.say(admin, `/pindah ${report.ticket} ${h.scene.dinkes}`))).toContain(`dipindahkan ke Dinas ${h.scene.dinkes}`);
    expect((await row(report.ticket)).opd_code).toBe(h.scene.dinkes);
    await h.press(admin, `pindah:${report.ticket}`);
    expect(textOf(await h.say(admin, h.scene.pupr))).toContain(`dipindahkan ke Dinas ${h.scene.pupr}`);
    expect((await row(report.ticket)).opd_code).toBe(h.scene.pupr);
  });

  it('/tunda, /bukanwewenang and /tolak record the reason and tell the citizen', async () => {
    const cases = [
      ['tunda', 'postponed', 'Menunggu foto lokasi.'],
      ['bukanwewenang', 'not_authority', 'Jalan nasional, wewenang kementerian.'],
      ['tolak', 'declined', 'Isi laporan tidak bisa dipahami.'],
    ] as const;
    for (const [command, status, reason] of cases) {
      const report = await h.report({ status: 'submitted' });
      expect(textOf(await h.say(admin, `/${command} ${report.ticket} ${reason}`))).toContain('Pelapor diberi tahu');
      expect((await row(report.ticket)).status).toBe(status);
      expect(await h.notices(report.ticket)).toEqual([expect.objectContaining({ status, reason })]);
    }
    const viaButton = await h.report({ status: 'submitted' });
    expect(textOf(await h.press(admin, `bukan:${viaButton.ticket}`))).toContain('bukan wewenang');
    await h.say(admin, 'Wewenang pemerintah provinsi.');
    expect((await row(viaButton.ticket)).status).toBe('not_authority');
  });

  it('/rekap counts the admin\'s region for the current month by default, or a given range', async () => {
    const report = await h.report({ status: 'submitted', submittedAt: new Date('2026-12-01T02:00:00Z') });
    const text = textOf(await h.say(admin, '/rekap'));
    expect(text).toContain('Rekap laporan 2026-12-01 s.d. 2026-12-31');
    expect(text).toContain(`wilayah ${h.scene.city}`);
    expect(text).toMatch(/total laporan\s+\d+/);
    expect(text).not.toContain(report.ticket);
    expect(textOf(await h.say(admin, 'rekap 2026-11-01 2026-11-30'))).toMatch(/total laporan\s+0/);
    expect(textOf(await h.say(admin, 'rekap kemarin'))).toContain('Tanggalnya tidak terbaca');
    expect(textOf(await h.say(liaison, '/rekap'))).toContain('hanya untuk admin');
  });

  it('/bantuan and unknown input show the role\'s menu as choices', async () => {
    const help = await h.say(admin, '/bantuan');
    expect(textOf(help)).toContain('/verifikasi');
    expect(choicesOf(help)).toEqual(['laporan', 'rekap', 'bantuan']);
    const unknown = await h.say(liaison, 'apa kabar');
    expect(textOf(unknown)).toContain('/balas');
    expect(textOf(unknown)).not.toContain('/verifikasi');
    expect(choicesOf(unknown)).toEqual(['laporan', 'bantuan']);
  });
});
