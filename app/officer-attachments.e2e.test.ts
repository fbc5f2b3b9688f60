import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizen, type Citizen } from '../bot/channels/telegram/test-support/citizen.js';
import { startFakeBotApi, type FakeBotApi, type SentMessage } from '../bot/channels/telegram/test-support/fake-bot-api.js';
import { fakeClientFactory, fixtureMessage, SAMPLE_MEDIA } from '../bot/channels/whatsapp/test-support/fake-client.js';
import type { Config } from '../core/config.js';
import type { Db } from '../db/database.js';
import { createInvite, disableOfficer } from '../db/officers/index.js';
import { createScene, insertTestReport, type Scene, type TestReportOptions } from '../db/officers/test-fixtures.js';
import type { Report } from '../db/tables/reports.table.js';
import type { RunningProcess } from './start-process.js';
import { startOfficerApp } from './test-support/officer-app.js';
import { waitUntil, whatsAppPerson, type WhatsAppPerson } from './test-support/whatsapp-officer.js';

/**
 * A report's photos and documents reach the officer who opens it, on the real runtime
 * (`npm start` as one process: officer desk, delivery outbox and workers, telegraf
 * against the fake Bot API, the fake whatsapp-web.js client). Reports are written
 * straight into the store with their attachments, as the intake leaves them.
 */

const TG_LIAISON_CHAT = 7_082_000_001;
const TG_OTHER_OPD_CHAT = 7_082_000_002;
const WA_LIAISON_CHAT = `62812${randomInt(10_000_000, 99_999_999)}@c.us`;
const WA_CITIZEN = '6285211223344@c.us';

const PHOTO_1 = 'AgACAgUAAxkBAAIBa2dPhoto1_roadhole_front';
const PHOTO_2 = 'AgACAgUAAxkBAAIBa2dPhoto2_roadhole_side';
const DOCUMENT = 'BQACAgUAAxkBAAIBbGdDocument_KTP_Budi_pdf';

let api: FakeBotApi;
let running: RunningProcess;
let config: Config;
let dataDir: string;
let db: Db;
let scene: Scene;
const whatsapp = fakeClientFactory();
const officerIds: string[] = [];
let liaison: Citizen;
let otherOpd: Citizen;
let waLiaison: WhatsAppPerson;

beforeAll(async () => {
  api = await startFakeBotApi();
  for (const id of [PHOTO_1, PHOTO_2, DOCUMENT]) api.addFile(id, Buffer.from(id));
  dataDir = mkdtempSync(join(tmpdir(), 'lapor-attachments-e2e-'));
  ({ config, running } = await startOfficerApp(api, whatsapp, dataDir));
  db = running.database.db;
  scene = await createScene(db);

  liaison = citizen(api, TG_LIAISON_CHAT);
  otherOpd = citizen(api, TG_OTHER_OPD_CHAT);
  waLiaison = whatsAppPerson(() => whatsapp.latest(), WA_LIAISON_CHAT);
  await enrolOnTelegram(liaison, scene.pupr);
  await enrolOnTelegram(otherOpd, scene.dinkes);
  const invite = await createInvite(db, { opdCode: scene.pupr, role: 'liaison', createdBy: 'test:attachments', now: new Date() });
  if (!invite.ok) throw new Error(invite.reason);
  waLiaison.say(`/daftar ${invite.code}`);
  await waLiaison.waitFor((r) => r.some((t) => t.startsWith('Pendaftaran berhasil')), 'the WhatsApp enrolment');
  const enrolled = await db.selectFrom('officers').select('id').where('opd_code', 'in', [scene.pupr, scene.dinkes]).execute();
  officerIds.push(...enrolled.map((o) => o.id));
});

afterAll(async () => {
  if (running) for (const id of officerIds) await disableOfficer(db, { officerId: id, by: 'test:attachments', now: new Date() }).catch(() => undefined);
  await running?.stop();
  await api?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function enrolOnTelegram(person: Citizen, opdCode: string): Promise<void> {
  const invite = await createInvite(db, { opdCode, role: 'liaison', createdBy: 'test:attachments', now: new Date() });
  if (!invite.ok) throw new Error(invite.reason);
  const before = person.received().length;
  await person.say(`/daftar ${invite.code}`);
  await api.waitFor(() => person.received().length > before, 15_000, 'the enrolment reply');
  expect(person.received().at(-1)!.text).toContain('Pendaftaran berhasil');
}

/** A disposed report of the PUPR unit with these attachments, in this order. */
async function reportWith(
  attachments: { kind: 'photo' | 'document'; ref: string; bytes?: number }[],
  options: Partial<TestReportOptions> = {},
): Promise<Report> {
  const report = await insertTestReport(db, {
    regionCode: scene.city,
    opdCode: scene.pupr,
    coordinatorOpdCode: scene.cityAdminOpd,
    status: 'disposed',
    followupDueAt: new Date('2026-12-08T03:00:00Z'),
    ...options,
  });
  await db
    .insertInto('attachments')
    .values(attachments.map((a) => ({ report_id: report.id, kind: a.kind, channel_file_ref: a.ref, storage_path: null, mime_type: null, size_bytes: a.bytes ?? null })))
    .execute();
  return report;
}

/** Sends `text` from a Telegram officer; waits for `count` messages after it (and a moment for any stray one). */
async function ask(person: Citizen, text: string, count: number): Promise<SentMessage[]> {
  const before = person.received().length;
  await person.say(text);
  await api.waitFor(() => person.received().length >= before + count, 15_000, `${count} messages after ${text}`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  return person.received().slice(before);
}

const mediaOf = (messages: SentMessage[]) => messages.filter((m) => m.media).map((m) => [m.media!.kind, m.media!.file_id, m.text]);

describe('a report\'s attachments reach the officer who opens it', () => {
  it('Telegram citizen, Telegram officer: /lihat sends the view, then each photo by file_id in order', async () => {
    const report = await reportWith([
      { kind: 'photo', ref: PHOTO_1 },
      { kind: 'photo', ref: PHOTO_2 },
    ]);
    const messages = await ask(liaison, `/lihat ${report.ticket}`, 3);
    expect(messages).toHaveLength(3);
    expect(messages[0]!.media).toBeUndefined();
    expect(messages[0]!.text).toContain(`${report.ticket} - `);
    expect(messages[0]!.text).toContain('Lampiran: 2 foto, dikirim setelah pesan ini.');
    expect(mediaOf(messages)).toEqual([
      ['photo', PHOTO_1, `${report.ticket} lampiran 1/2`],
      ['photo', PHOTO_2, `${report.ticket} lampiran 2/2`],
    ]);
    // Exactly the Bot API calls a real bot makes: JSON bodies with the file_id string.
    const calls = api.calls.filter((c) => c.method === 'sendPhoto' && c.params['chat_id'] === String(TG_LIAISON_CHAT) && String(c.params['caption']).startsWith(report.ticket));
    expect(calls.map((c) => c.params['photo'])).toEqual([PHOTO_1, PHOTO_2]);

    // Recorded like every message, with the file it carried.
    const rows = await waitUntil(async () => {
      const found = await db
        .selectFrom('outbound_messages')
        .select(['text', 'media', 'status'])
        .where('chat_ref', '=', String(TG_LIAISON_CHAT))
        .where('text', 'like', `${report.ticket} lampiran%`)
        .orderBy('text')
        .execute();
      return found.length === 2 && found.every((r) => r.status === 'sent') ? found : undefined;
    }, 'the attachments recorded as sent');
    expect(rows.map((r) => r.media)).toEqual([
      { kind: 'photo', fileRef: PHOTO_1 },
      { kind: 'photo', fileRef: PHOTO_2 },
    ]);
  });

  it('the Lihat button does the same as /lihat', async () => {
    const report = await reportWith([{ kind: 'photo', ref: PHOTO_2 }]);
    await ask(liaison, '/laporan', 1);
    const before = liaison.received().length;
    expect(await liaison.press(`lihat:${report.ticket}`)).not.toBe(false);
    await api.waitFor(() => liaison.received().length >= before + 2, 15_000, 'the view and its photo');
    const messages = liaison.received().slice(before);
    expect(messages[0]!.text).toContain('Lampiran: 1 foto, dikirim setelah pesan ini.');
    expect(mediaOf(messages)).toEqual([['photo', PHOTO_2, `${report.ticket} lampiran 1/1`]]);
  });

  it('an anonim report: only its photo is sent; the view says the document is withheld to protect the reporter', async () => {
    const report = await reportWith(
      [
        { kind: 'document', ref: DOCUMENT },
        { kind: 'photo', ref: PHOTO_1 },
      ],
      { anonim: true },
    );
    const callsBefore = api.calls.length;
    const messages = await ask(liaison, `/lihat ${report.ticket}`, 2);
    expect(messages).toHaveLength(2);
    expect(messages[0]!.text).toContain(
      'Lampiran: 1 foto, dikirim setelah pesan ini. 1 dokumen tidak dikirim untuk melindungi identitas pelapor (laporan anonim) dan tetap tercatat bersama laporan.',
    );
    expect(mediaOf(messages)).toEqual([['photo', PHOTO_1, `${report.ticket} lampiran 1/1`]]);
    const calls = api.calls.slice(callsBefore);
    expect(calls.filter((c) => c.method === 'sendDocument')).toEqual([]);
    expect(JSON.stringify(calls)).not.toContain(DOCUMENT);
  });

  it('a WhatsApp citizen, a Telegram officer: nothing is sent; the view says where the files are', async () => {
    const image = fixtureMessage('image.json');
    const report = await reportWith(
      [
        { kind: 'photo', ref: image.id._serialized },
        { kind: 'document', ref: fixtureMessage('document.json').id._serialized },
      ],
      { sourceChannel: 'whatsapp', chatRef: WA_CITIZEN },
    );
    const callsBefore = api.calls.length;
    const waBefore = whatsapp.latest().sent.length;
    const messages = await ask(liaison, `/lihat ${report.ticket}`, 1);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toContain('Lampiran: 1 foto, 1 dokumen, dikirim pelapor lewat WhatsApp dan belum bisa ditampilkan di sini.');
    expect(api.calls.slice(callsBefore).filter((c) => /^send(Photo|Document|Video|Audio)$/.test(c.method))).toEqual([]);
    expect(whatsapp.latest().sent.slice(waBefore)).toEqual([]);
  });

  it('an officer of another OPD gets the refusal and no file', async () => {
    const report = await reportWith([{ kind: 'photo', ref: PHOTO_1 }]);
    const callsBefore = api.calls.length;
    const messages = await ask(otherOpd, `/lihat ${report.ticket}`, 1);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toContain('Laporan ini bukan milik unit Anda.');
    expect(api.calls.slice(callsBefore).filter((c) => c.method === 'sendPhoto')).toEqual([]);
  });

  it('WhatsApp citizen, WhatsApp officer: each file is downloaded from the citizen\'s message and sent as a new one', async () => {
    const image = fixtureMessage('image.json');
    const document = fixtureMessage('document.json');
    // What WhatsApp Web keeps of the citizen's messages on the linked phone.
    whatsapp.latest().store.set(image.id._serialized, image);
    whatsapp.latest().store.set(document.id._serialized, document);
    const report = await reportWith(
      [
        { kind: 'photo', ref: image.id._serialized },
        // As the intake records it from the downloaded file; a document of unknown size is not fetched.
        { kind: 'document', ref: document.id._serialized, bytes: 48_213 },
      ],
      { sourceChannel: 'whatsapp', chatRef: WA_CITIZEN },
    );
    const sentTo = () => whatsapp.latest().sent.filter((s) => s.chatId === WA_LIAISON_CHAT);
    const before = sentTo().length;
    waLiaison.say(`/lihat ${report.ticket}`);
    await waitUntil(() => (sentTo().length >= before + 3 ? true : undefined), 'the view and two files on WhatsApp');
    const [view, ...files] = sentTo().slice(before);
    expect(view!.media).toBeUndefined();
    expect(view!.content).toContain('Lampiran: 1 foto, 1 dokumen, dikirim setelah pesan ini.');
    expect(files.map((f) => [f.content, f.media])).toEqual([
      [`${report.ticket} lampiran 1/2`, SAMPLE_MEDIA['image']],
      [`${report.ticket} lampiran 2/2`, SAMPLE_MEDIA['document']],
    ]);
    // Nothing of the citizen: not their number in any caption or text.
    for (const s of sentTo().slice(before)) expect(s.content).not.toContain('85211223344');
  });

  it('a WhatsApp file the linked phone no longer has is given up as rejected; the officer\'s next message still goes', async () => {
    const gone = 'false_6285211223344@c.us_3A7F2C9E1B5D4A8C0000';
    const report = await reportWith([{ kind: 'photo', ref: gone }], { sourceChannel: 'whatsapp', chatRef: WA_CITIZEN });
    const sentTo = () => whatsapp.latest().sent.filter((s) => s.chatId === WA_LIAISON_CHAT);
    const before = sentTo().length;
    waLiaison.say(`/lihat ${report.ticket}`);
    const row = await waitUntil(
      () =>
        db
          .selectFrom('outbound_messages')
          .select(['status', 'last_error_kind'])
          .where('chat_ref', '=', WA_LIAISON_CHAT)
          .where('text', '=', `${report.ticket} lampiran 1/1`)
          .where('status', '=', 'failed')
          .executeTakeFirst(),
      'the missing file given up',
    );
    expect(row.last_error_kind).toBe('rejected');
    waLiaison.say('/bantuan');
    await waitUntil(() => (sentTo().slice(before).some((s) => s.content.startsWith('Menu petugas LAPOR!')) ? true : undefined), 'the menu after the failed file');
    expect(sentTo().slice(before).filter((s) => s.media)).toEqual([]);
  });

  it('a WhatsApp document over the resend cap is not fetched; the view says it is too big', async () => {
    const document = fixtureMessage('document.json');
    let downloads = 0;
    whatsapp.latest().store.set(document.id._serialized, {
      ...document,
      downloadMedia: async () => {
        downloads += 1;
        return SAMPLE_MEDIA['document'];
      },
    });
    const report = await reportWith([{ kind: 'document', ref: document.id._serialized, bytes: 40 * 1024 * 1024 }], { sourceChannel: 'whatsapp', chatRef: WA_CITIZEN });
    const sentTo = () => whatsapp.latest().sent.filter((s) => s.chatId === WA_LIAISON_CHAT);
    const before = sentTo().length;
    waLiaison.say(`/lihat ${report.ticket}`);
    await waitUntil(() => (sentTo().length >= before + 1 ? true : undefined), 'the view on WhatsApp');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [view, ...rest] = sentTo().slice(before);
    expect(view!.content).toContain('Lampiran: 1 dokumen terlalu besar untuk dikirim ulang di sini (lebih dari 16 MB) dan tetap tercatat bersama laporan.');
    expect(rest).toEqual([]);
    expect(downloads).toBe(0);
  });
});
