import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTypes } from '../../db/lifecycle/test-support.js';
import type { Officer } from '../../db/tables/officers.table.js';
import { choicesOf, openDeskHarness, textOf, type DeskHarness } from './test-support.js';

let h: DeskHarness;
let liaison: Officer;

beforeAll(async () => {
  h = await openDeskHarness();
  liaison = await h.officer(h.scene.pupr, 'liaison');
});
afterAll(() => h.close());

async function statusOf(ticket: string) {
  const row = await h.handle.db.selectFrom('reports').select(['status', 'answered_at', 'resolved_at']).where('ticket', '=', ticket).executeTakeFirstOrThrow();
  return row;
}

describe('officer desk: liaison commands', () => {
  it('/laporan lists the unit\'s open reports by due date, each with a lihat button', async () => {
    const later = await h.report({ status: 'disposed', followupDueAt: new Date('2026-12-09T03:00:00Z') });
    const sooner = await h.report({ status: 'in_progress', followupDueAt: new Date('2026-12-04T03:00:00Z') });
    const replies = await h.say(liaison, 'LAPORAN');
    const text = textOf(replies);
    expect(text.indexOf(sooner.ticket)).toBeGreaterThan(-1);
    expect(text.indexOf(sooner.ticket)).toBeLessThan(text.indexOf(later.ticket));
    expect(choicesOf(replies)).toEqual(expect.arrayContaining([`lihat:${sooner.ticket}`, `lihat:${later.ticket}`]));
    expect(choicesOf(replies).indexOf(`lihat:${sooner.ticket}`)).toBeLessThan(choicesOf(replies).indexOf(`lihat:${later.ticket}`));
  });

  it('/lihat shows the report with the reporter for a named report and the actions of its status', async () => {
    const report = await h.report({ status: 'disposed' });
    const replies = await h.say(liaison, `/lihat ${report.ticket.toLowerCase()}`);
    const text = textOf(replies);
    expect(text).toContain(report.ticket);
    expect(text).toContain('Jalan berlubang');
    expect(text).toContain('Siti Aminah');
    expect(text).not.toContain('NIK');
    expect(choicesOf(replies)).toEqual([`balas:${report.ticket}`, `proses:${report.ticket}`, `selesai:${report.ticket}`]);
  });

  it('/lihat of an anonim report hides the reporter (redacted by the store view)', async () => {
    const report = await h.report({ status: 'disposed', anonim: true });
    const text = textOf(await h.say(liaison, `lihat ${report.ticket}`));
    expect(text).toContain('disembunyikan');
    expect(text).not.toContain('Siti Aminah');
    expect(text).not.toMatch(/\+62812/);
  });

  it('/balas replies to the citizen, signed by the OPD, and queues the notice', async () => {
    const report = await h.report({ status: 'disposed' });
    const replies = await h.say(liaison, `/balas ${report.ticket} Petugas akan datang besok pagi.\nTerima kasih.`);
    expect(textOf(replies)).toContain('tercatat');
    expect((await statusOf(report.ticket)).status).toBe('answered');
    const notices = await h.notices(report.ticket);
    expect(notices).toEqual([
      expect.objectContaining({
        type: 'status_changed',
        status: 'answered',
        message: { text: 'Petugas akan datang besok pagi.\nTerima kasih.', signedBy: `Dinas ${h.scene.pupr}` },
      }),
    ]);
    expect(JSON.stringify(notices)).not.toContain(liaison.chat_ref);
    expect(JSON.stringify(notices)).not.toContain('Petugas ' + h.scene.pupr);
  });

  it('/proses and /selesai move the report on, each notice queued once', async () => {
    const report = await h.report({ status: 'disposed' });
    expect(textOf(await h.say(liaison, `/proses ${report.ticket}`))).toContain('sedang diproses');
    expect((await statusOf(report.ticket)).status).toBe('in_progress');
    expect(textOf(await h.say(liaison, `/selesai LPR ${report.ticket.slice(4)} Jalan sudah ditambal.`))).toContain('selesai');
    expect((await statusOf(report.ticket)).status).toBe('resolved');
    expect(await eventTypes(h.handle.db, report.ticket)).toEqual(['in_progress', 'resolved']);
    expect((await h.notices(report.ticket)).map((n) => n['status']).sort()).toEqual(['in_progress', 'resolved']);
  });

  it('a button that needs text asks for it, and the next text completes it', async () => {
    const report = await h.report({ status: 'disposed' });
    const asked = await h.press(liaison, `balas:${report.ticket}`);
    expect(textOf(asked)).toContain(`Tulis balasan untuk pelapor ${report.ticket}`);
    expect((await statusOf(report.ticket)).status).toBe('disposed');
    // Starts with a command word, but it is the reply being written.
    const done = await h.say(liaison, 'Selesai kami cek, perbaikan minggu depan.');
    expect(textOf(done)).toContain('tercatat');
    const notices = await h.notices(report.ticket);
    expect(notices.map((n) => (n['message'] as { text: string }).text)).toEqual(['Selesai kami cek, perbaikan minggu depan.']);
    // The pending action is gone: the next free text shows the menu.
    expect(textOf(await h.say(liaison, 'halo'))).toContain('Perintah tidak dikenal');
  });

  it('"batal" cancels a pending action', async () => {
    const report = await h.report({ status: 'disposed' });
    await h.press(liaison, `selesai:${report.ticket}`);
    expect(textOf(await h.say(liaison, 'batal'))).toContain(`Dibatalkan: /selesai ${report.ticket}`);
    expect(textOf(await h.say(liaison, 'Sudah beres'))).toContain('Perintah tidak dikenal');
    expect((await h.snapshot(report.ticket)).events).toBe(0);
  });

  it('/balas with a ticket but no text asks for the text', async () => {
    const report = await h.report({ status: 'in_progress' });
    expect(textOf(await h.say(liaison, `/balas ${report.ticket}`))).toContain('Tulis balasan');
    expect(textOf(await h.say(liaison, 'Sedang kami kerjakan.'))).toContain('tercatat');
  });

  it('a reply to a notification (quote) is a reply to that report\'s citizen', async () => {
    const report = await h.report({ status: 'disposed' });
    await h.handle.db
      .insertInto('outbound_messages')
      .values({
        id: `test-${report.ticket}`,
        channel: 'telegram',
        chat_ref: liaison.chat_ref,
        ticket: report.ticket,
        text: `Laporan baru ${report.ticket}`,
        status: 'sent',
        provider_message_id: '9001',
      })
      .execute();
    const replies = await h.say(liaison, 'Baik, kami tindak lanjuti hari ini.', { replyToMessageId: '9001' });
    expect(textOf(replies)).toContain(`Balasan untuk ${report.ticket} tercatat`);
    expect((await statusOf(report.ticket)).status).toBe('answered');
    // The same provider id in another chat is not this officer's message.
    const other = await h.officer(h.scene.pupr, 'liaison');
    expect(textOf(await h.say(other, 'Halo', { replyToMessageId: '9001' }))).toContain('Perintah tidak dikenal');
  });

  it('a media message gets a short note and keeps a pending reply', async () => {
    const report = await h.report({ status: 'disposed' });
    await h.press(liaison, `balas:${report.ticket}`);
    expect(textOf(await h.send(liaison, { type: 'media', kind: 'photo', fileRef: 'x' }))).toContain('hanya membaca pesan teks');
    expect(textOf(await h.say(liaison, 'Foto tidak perlu, terima kasih.'))).toContain('tercatat');
  });
});

describe('officer desk: WhatsApp numbered choices', () => {
  it('maps "2" to the second offered choice', async () => {
    const wa = await h.officer(h.scene.dinkes, 'liaison', 'whatsapp');
    const report = await h.report({ status: 'disposed', opdCode: h.scene.dinkes });
    const view = await h.say(wa, `lihat ${report.ticket}`);
    expect(choicesOf(view)[1]).toBe(`proses:${report.ticket}`);
    expect(textOf(await h.say(wa, '2'))).toContain('sedang diproses');
    expect((await statusOf(report.ticket)).status).toBe('in_progress');
    // A quoted notification: the adapter's rebuilt id finds the record by its stanza id.
    const quoted = await h.report({ status: 'disposed', opdCode: h.scene.dinkes });
    await h.handle.db
      .insertInto('outbound_messages')
      .values({ id: `test-${quoted.ticket}`, channel: 'whatsapp', chat_ref: wa.chat_ref, ticket: quoted.ticket, text: 'x', status: 'sent', provider_message_id: `true_${wa.chat_ref}_3EB0F0000000000042` })
      .execute();
    expect(textOf(await h.say(wa, 'Sudah kami cek.', { replyToMessageId: `true_${wa.chat_ref}_3EB0F0000000000042` }))).toContain('tercatat');
    expect((await statusOf(quoted.ticket)).status).toBe('answered');
    // The menu: 1 = Laporan saya.
    await h.say(wa, 'bantuan');
    expect(textOf(await h.say(wa, '1'))).toContain(report.ticket);
  });
});
