import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connect.js';
import { createScene, enrolTestOfficer, insertTestReport, type Scene } from '../../db/officers/test-fixtures.js';
import type { Officer } from '../../db/tables/officers.table.js';
import type { Report } from '../../db/tables/reports.table.js';
import { openTestDatabase } from '../../test/support.js';
import { deliveryQueue, openQueue } from '../../worker/queues.js';
import { outboundFor, startNotificationStack, type NotificationStack } from './test-support/notification-stack.js';

let handle: DatabaseHandle;
let scene: Scene;
let stack: NotificationStack;
let puprLiaison: Officer;
let puprLiaisonWa: Officer;
let dinkesLiaison: Officer;
let cityAdmin: Officer;
let provinceAdmin: Officer;

const FOLLOWUP_DUE = new Date('2026-12-08T16:59:59.999Z');

beforeAll(async () => {
  handle = await openTestDatabase();
  scene = await createScene(handle.db);
  puprLiaison = await enrolTestOfficer(handle.db, scene.pupr, 'liaison');
  puprLiaisonWa = await enrolTestOfficer(handle.db, scene.pupr, 'liaison');
  // A liaison on WhatsApp: the notice reaches each officer on their own channel.
  puprLiaisonWa = await handle.db
    .updateTable('officers')
    .set({ channel: 'whatsapp', chat_ref: `62812${randomInt(10_000_000, 99_999_999)}@c.us` })
    .where('id', '=', puprLiaisonWa.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  // A disabled liaison of the same unit hears nothing.
  const disabled = await enrolTestOfficer(handle.db, scene.pupr, 'liaison');
  await handle.db.updateTable('officers').set({ active: false }).where('id', '=', disabled.id).execute();
  dinkesLiaison = await enrolTestOfficer(handle.db, scene.dinkes, 'liaison');
  cityAdmin = await enrolTestOfficer(handle.db, scene.cityAdminOpd, 'admin');
  // The province's admins are another coordinating unit: they hear nothing of the city's reports.
  provinceAdmin = await enrolTestOfficer(handle.db, scene.provinceAdminOpd, 'admin');
  stack = await startNotificationStack(handle.db);
});

afterAll(async () => {
  await stack?.close();
  await handle?.close();
});

async function disposedReport(anonim: boolean): Promise<Report> {
  const report = await insertTestReport(handle.db, {
    regionCode: scene.city,
    opdCode: scene.pupr,
    coordinatorOpdCode: scene.cityAdminOpd,
    status: 'disposed',
    anonim,
    followupDueAt: FOLLOWUP_DUE,
  });
  await handle.db
    .insertInto('attachments')
    .values([
      { report_id: report.id, kind: 'photo', channel_file_ref: 'f1', mime_type: 'image/jpeg' },
      { report_id: report.id, kind: 'photo', channel_file_ref: 'f2', mime_type: 'image/jpeg' },
      { report_id: report.id, kind: 'document', channel_file_ref: 'f3', mime_type: 'application/pdf' },
    ])
    .execute();
  await handle.db.updateTable('reports').set({ place: 'Depan SD Negeri 3' }).where('id', '=', report.id).execute();
  return report;
}

async function reporterOf(report: Report) {
  return handle.db.selectFrom('reporters').selectAll().where('id', '=', report.reporter_id).executeTakeFirstOrThrow();
}

async function regionNames(report: Report): Promise<string[]> {
  const rows = await handle.db
    .selectFrom('regions')
    .select('name')
    .where('code', 'in', [report.village_code!, report.district_code, report.regency_code])
    .execute();
  return rows.map((r) => r.name);
}

describe('new_report_for_opd to a handler OPD', () => {
  it("gives every active liaison of the unit the full notice on their own channel, and no one else anything", async () => {
    const report = await disposedReport(false);
    const reporter = await reporterOf(report);
    await stack.notify({ type: 'new_report_for_opd', ticket: report.ticket, opdCode: scene.pupr, role: 'handler' }, `t-handler-${report.ticket}`);

    const rows = await outboundFor(handle.db, report.ticket);
    expect(rows.map((r) => r.chat_ref).sort()).toEqual([puprLiaison.chat_ref, puprLiaisonWa.chat_ref].sort());
    const telegram = rows.find((r) => r.chat_ref === puprLiaison.chat_ref)!;
    expect(telegram.channel).toBe('telegram');
    expect(telegram.id).toBe(`notify-t-handler-${report.ticket}-o${puprLiaison.id}-0`);
    const text = telegram.text;
    expect(text).toContain(`Laporan baru untuk Dinas ${scene.pupr}`);
    expect(text).toContain(`Tiket: ${report.ticket}`);
    expect(text).toContain('Jenis: ');
    expect(text).toContain(`Kategori: `);
    expect(text).toContain('Lokasi: Depan SD Negeri 3');
    for (const name of await regionNames(report)) expect(text).toContain(name);
    expect(text).toContain(`Judul: ${report.title}`);
    expect(text).toContain(`Isi: ${report.body}`);
    expect(text).toContain('Lampiran: 2 foto, 1 dokumen');
    expect(text).toContain('Batas tindak lanjut: 8 Desember 2026');
    expect(text).toContain(`Pelapor: ${reporter.name}, ${reporter.phone}`);
    expect(text).not.toContain(reporter.nik);
    expect(telegram.buttons!.flat().map((b) => b.data)).toEqual([`lihat:${report.ticket}`, `balas:${report.ticket}`, `proses:${report.ticket}`]);

    // WhatsApp has no buttons: the same choices as a numbered list.
    const whatsapp = rows.find((r) => r.chat_ref === puprLiaisonWa.chat_ref)!;
    expect(whatsapp.channel).toBe('whatsapp');
    expect(whatsapp.buttons).toBeNull();
    expect(whatsapp.text).toContain(`Tiket: ${report.ticket}`);
    expect(whatsapp.text).toMatch(/1\. Lihat\n2\. Balas pelapor\n3\. Proses$/);
  });

  it("never names an anonim report's reporter: no name, phone or NIK in any message", async () => {
    const report = await disposedReport(true);
    const reporter = await reporterOf(report);
    await stack.notify({ type: 'new_report_for_opd', ticket: report.ticket, opdCode: scene.pupr, role: 'handler' }, `t-anon-${report.ticket}`);
    await stack.notify({ type: 'new_report_for_opd', ticket: report.ticket, opdCode: scene.cityAdminOpd, role: 'coordinator' }, `t-anon-c-${report.ticket}`);
    await stack.notify({ type: 'citizen_message', ticket: report.ticket, opdCode: scene.pupr, text: 'Masih berlubang, Pak.' }, `t-anon-m-${report.ticket}`);

    const rows = await outboundFor(handle.db, report.ticket);
    expect(rows.length).toBe(2 + 1 + 2);
    const local = reporter.phone.replace(/^\+62/, '0');
    for (const row of rows) {
      for (const secret of [reporter.name, reporter.phone, reporter.phone.slice(1), local, reporter.nik]) {
        expect(row.text).not.toContain(secret);
        expect(JSON.stringify(row.buttons)).not.toContain(secret);
      }
    }
    expect(rows.filter((r) => r.text.includes('Pelapor: anonim (identitas dirahasiakan)'))).toHaveLength(3);
  });
});

describe('new_report_for_opd for the coordinator', () => {
  it("asks the coordinating unit's active admins to verify, with the verification actions", async () => {
    const verificationDue = new Date('2026-12-03T16:59:59.999Z');
    const report = await insertTestReport(handle.db, {
      regionCode: scene.city,
      opdCode: scene.pupr,
      coordinatorOpdCode: scene.cityAdminOpd,
      verificationDueAt: verificationDue,
    });
    const reporter = await reporterOf(report);
    await stack.notify({ type: 'new_report_for_opd', ticket: report.ticket, opdCode: scene.cityAdminOpd, role: 'coordinator' }, `t-coord-${report.ticket}`);

    const rows = await outboundFor(handle.db, report.ticket);
    expect(rows.map((r) => r.chat_ref)).toEqual([cityAdmin.chat_ref]);
    const [row] = rows;
    expect(row!.text).toContain(`Laporan menunggu verifikasi - Dinas ${scene.cityAdminOpd}`);
    expect(row!.text).toContain('Batas verifikasi: 3 Desember 2026');
    expect(row!.text).toContain('Lampiran: tidak ada');
    expect(row!.text).toContain(`Pelapor: ${reporter.name}`);
    expect(row!.text).not.toContain(reporter.nik);
    expect(row!.buttons!.flat().map((b) => b.data.split(':')[0])).toEqual(['verifikasi', 'tunda', 'bukan', 'tolak', 'lihat']);
  });

  it('tells the routed liaisons of a report still awaiting verification, offering only to look at it', async () => {
    const report = await insertTestReport(handle.db, { regionCode: scene.city, opdCode: scene.pupr, coordinatorOpdCode: scene.cityAdminOpd });
    await stack.notify({ type: 'new_report_for_opd', ticket: report.ticket, opdCode: scene.pupr, role: 'handler' }, `t-early-${report.ticket}`);
    const rows = await outboundFor(handle.db, report.ticket);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text).toContain('(menunggu verifikasi koordinator)');
    const tg = rows.find((r) => r.channel === 'telegram')!;
    expect(tg.buttons!.flat().map((b) => b.data)).toEqual([`lihat:${report.ticket}`]);
  });
});

describe('citizen_message', () => {
  it("relays the citizen's words to the unit's liaisons only, named, with a reply choice", async () => {
    const report = await disposedReport(false);
    const reporter = await reporterOf(report);
    await stack.notify({ type: 'citizen_message', ticket: report.ticket, opdCode: scene.pupr, text: 'Sudah seminggu belum diperbaiki.' }, `t-msg-${report.ticket}`);

    const rows = await outboundFor(handle.db, report.ticket);
    // Not the dinkes liaison, not the city admin, not the province admin.
    expect(rows.map((r) => r.chat_ref).sort()).toEqual([puprLiaison.chat_ref, puprLiaisonWa.chat_ref].sort());
    for (const chat of [dinkesLiaison, cityAdmin, provinceAdmin]) expect(rows.some((r) => r.chat_ref === chat.chat_ref)).toBe(false);
    const tg = rows.find((r) => r.channel === 'telegram')!;
    expect(tg.text).toContain(`Tanggapan pelapor dari ${reporter.name} untuk ${report.ticket}:\nSudah seminggu belum diperbaiki.`);
    expect(tg.text).toContain('Balas pesan ini');
    expect(tg.text).not.toContain(reporter.phone);
    expect(tg.buttons!.flat().map((b) => b.data)).toEqual([`balas:${report.ticket}`]);
  });

  it("reaches the coordinating unit's admins while the report waits for verification", async () => {
    const report = await insertTestReport(handle.db, { regionCode: scene.city, opdCode: scene.pupr, coordinatorOpdCode: scene.cityAdminOpd });
    await stack.notify({ type: 'citizen_message', ticket: report.ticket, opdCode: scene.cityAdminOpd, text: 'Ada foto tambahan.' }, `t-msg-c-${report.ticket}`);
    const rows = await outboundFor(handle.db, report.ticket);
    expect(rows.map((r) => r.chat_ref)).toEqual([cityAdmin.chat_ref]);
  });
});

describe('idempotency and missing officers', () => {
  it('sends once when the same job is processed twice', async () => {
    const report = await disposedReport(false);
    const notice = { type: 'new_report_for_opd', ticket: report.ticket, opdCode: scene.pupr, role: 'handler' } as const;
    const jobId = `t-twice-${report.ticket}`;
    await stack.notify(notice, jobId);
    const first = await outboundFor(handle.db, report.ticket);
    // Processed again: the completed job is removed so BullMQ accepts the same id anew.
    await (await stack.queue.getJob(jobId))!.remove();
    await stack.notify(notice, jobId);
    expect(await outboundFor(handle.db, report.ticket)).toEqual(first);
    const delivery = openQueue(deliveryQueue('telegram'), stack.redis, stack.prefix);
    try {
      const jobs = await delivery.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized']);
      expect(jobs.filter((j) => j.data.ticket === report.ticket)).toHaveLength(1);
    } finally {
      await delivery.close();
    }
  });

  it('logs a warning with the ticket and OPD when no officer is enrolled, and completes the job', async () => {
    const report = await insertTestReport(handle.db, {
      regionCode: scene.otherCity,
      opdCode: scene.otherPupr,
      coordinatorOpdCode: scene.otherCityAdminOpd,
      status: 'disposed',
    });
    const jobId = `t-nobody-${report.ticket}`;
    await stack.notify({ type: 'new_report_for_opd', ticket: report.ticket, opdCode: scene.otherPupr, role: 'handler' }, jobId);
    expect(await stack.queue.getJobState(jobId)).toBe('completed');
    expect(await outboundFor(handle.db, report.ticket)).toEqual([]);
    const warning = stack.logs.find((l) => l.msg === 'no enrolled officer to notify' && l.ticket === report.ticket);
    expect(warning).toMatchObject({ level: 40, opd: scene.otherPupr, type: 'new_report_for_opd' });
  });
});
