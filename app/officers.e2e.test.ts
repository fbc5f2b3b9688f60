import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizen, type Citizen } from '../bot/channels/telegram/test-support/citizen.js';
import { startFakeBotApi, type FakeBotApi, type SentMessage } from '../bot/channels/telegram/test-support/fake-bot-api.js';
import { fakeClientFactory } from '../bot/channels/whatsapp/test-support/fake-client.js';
import { chatId, chatKey, ticketCounterKey } from '../bot/runtime/keys.js';
import type { Config } from '../core/config.js';
import { createRedis } from '../core/redis.js';
import { workingDaysOverdue } from '../core/working-days.js';
import { routeReport } from '../db/intake/routing.js';
import { createInvite, disableOfficer } from '../db/officers/index.js';
import { isoWeek } from '../db/reminders/iso-week.js';
import { addJob, openQueue, remindersQueue } from '../worker/queues.js';
import { reminderDeliveryId } from '../worker/reminders/plan.js';
import { openIntakeQueue, submitReport } from '../worker/submit-report.js';
import { sampleReport } from '../worker/test-support/sample-reports.js';
import type { RunningProcess } from './start-process.js';
import { startOfficerApp } from './test-support/officer-app.js';
import { waitUntil, whatsAppPerson, type WhatsAppPerson } from './test-support/whatsapp-officer.js';

/**
 * The officers' "done when", on the real runtime (`npm start` as one process: intake
 * worker, notification and delivery workers, officer desk in front of the citizen
 * runtime, reminders worker). Only the network edge is fake: the Telegram Bot API
 * (citizen and coordinating admin) and the whatsapp-web.js client (the OPD's liaison).
 *
 * A citizen files a road report on Telegram; the admin verifies it with the button of
 * the verification notice; the liaison on WhatsApp gets the report, replies by
 * quoting the notice; the citizen reads the reply signed by the OPD and answers; the
 * liaison reads that, replies once more with /balas, resolves with /selesai; the
 * citizen rates 5. A second report, never verified, is listed once by the next
 * Monday's reminders even when that week's run happens twice.
 *
 * Isolation: the run's database is shared with every other test file, and several of
 * them use Kota Batam's units (21.71-*), enrol officers there and leave reports
 * unverified. To assert exact recipients and exact reminder contents this file works
 * in Kota Ambon (81.71), a real regency no other test touches: the seed gives it the
 * same default units and routing rules as everywhere (81.71-admin coordinates,
 * infrastruktur goes to 81.71-pupr), and the citizen's gazetteer knows it. The file
 * checks at the start that nobody else has officers there.
 */

const REGENCY = '81.71';
const VILLAGE = '81.71.03.1018'; // Lateri, Baguala, Kota Ambon
const ADMIN_OPD = `${REGENCY}-admin`;
const LIAISON_OPD = `${REGENCY}-pupr`;
const ADMIN_OPD_NAME = 'Admin Koordinator SP4N-LAPOR! Kota Ambon';
const LIAISON_OPD_NAME = 'Dinas Pekerjaan Umum dan Penataan Ruang Kota Ambon';

const CITIZEN_CHAT = 7_081_000_001;
const SECOND_CITIZEN_CHAT = 7_081_000_002;
const ADMIN_CHAT = 7_081_000_099;
const LIAISON_PHONE = '6281298765432';
const LIAISON_CHAT = `${LIAISON_PHONE}@c.us`;

/** The citizen's answers, by the question the bot has open (as in shared/conversations/01). */
const ANSWERS: Record<string, string> = {
  consent: 'setuju',
  kind: 'pengaduan',
  name: 'Budi Santoso',
  nik: '8171030512900003',
  phone: '0812-6677-8899',
  privacy: 'biasa',
  province: 'maluku',
  regency: 'ambon',
  district: 'baguala',
  village: 'lateri',
  category: 'infrastruktur',
  title: 'Jalan berlubang di depan SD Negeri 1 Lateri',
  body: 'Jalan di depan SD Negeri 1 Lateri berlubang besar sejak tiga bulan. Sudah dua motor jatuh minggu ini, anak sekolah harus lewat pinggir jalan.',
  incident_date: '2 hari lalu',
  place: 'Jl. Laksdya Leo Wattimena depan SD Negeri 1 Lateri',
  attachments: 'selesai',
  confirm: 'kirim',
};

const FIRST_REPLY = 'Terima kasih, Pak Budi. Tim kami akan menambal jalan itu minggu ini.';
const CITIZEN_ANSWER = 'Terima kasih. Lubang kedua di dekat pasar juga mohon ditambal.';
const SECOND_REPLY = 'Baik, lubang kedua kami tambal besok pagi.';
const RESOLUTION = 'Kedua lubang sudah ditambal pada 26 November.';

const TICKET = /LPR-[0-9A-HJKMNP-TV-Z]{7}/;
const texts = (messages: SentMessage[]) => messages.map((m) => m.text);
const buttonsOf = (message: SentMessage) => (message.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.callback_data);

let api: FakeBotApi;
let running: RunningProcess;
let config: Config;
let redis: Redis;
let dataDir: string;
const whatsapp = fakeClientFactory();
const officerIds: string[] = [];

let budi: Citizen;
let admin: Citizen;
let liaison: WhatsAppPerson;
let ticket: string;
let second: ReturnType<typeof sampleReport>;

beforeAll(async () => {
  api = await startFakeBotApi();
  dataDir = mkdtempSync(join(tmpdir(), 'lapor-officers-e2e-'));
  ({ config, running } = await startOfficerApp(api, whatsapp, dataDir));
  redis = createRedis(config.REDIS_URL);

  budi = citizen(api, CITIZEN_CHAT);
  admin = citizen(api, ADMIN_CHAT);
  liaison = whatsAppPerson(() => whatsapp.latest(), LIAISON_CHAT);
});

afterAll(async () => {
  // Officers left active would receive other files' reminder runs of later weeks.
  if (running) for (const id of officerIds) await disableOfficer(running.database.db, { officerId: id, by: 'test:officers-e2e', now: new Date() }).catch(() => undefined);
  await running?.stop();
  await api?.close();
  await redis?.quit();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The citizen's open question, from the session the runtime keeps in Redis (null: none). */
async function openStep(chat: number): Promise<string | null> {
  const saved = await redis.hget(chatKey(config.REDIS_PREFIX, chatId('telegram', String(chat))), 's');
  return saved ? String((JSON.parse(saved) as { step?: unknown }).step) : null;
}

/**
 * The next run of the weekly cron (Monday 08:00 Asia/Jakarta, REMINDER_CRON's default)
 * after `due`: the first reminder that can find the report overdue. Jakarta has no
 * daylight saving time, so UTC+7 is exact.
 */
function nextWeeklyRun(due: Date): Date {
  const JAKARTA = 7 * 3_600_000;
  const local = new Date(due.getTime() + JAKARTA);
  const monday = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + ((8 - local.getUTCDay()) % 7), 8);
  const at = monday - JAKARTA <= due.getTime() ? monday + 7 * 86_400_000 : monday;
  return new Date(at - JAKARTA);
}

/** What the reminders worker returns for a run (counts over the whole database). */
interface ReminderRun {
  week: string;
  planned: number;
  enqueued: number;
  alreadySent: number;
}

/** Adds a weekly-reminders job for `now` to the process's reminders queue and waits for its worker to finish it. */
async function runReminderJob(now: Date): Promise<ReminderRun> {
  const queue = openQueue(remindersQueue, redis, config.REDIS_PREFIX);
  try {
    const job = await addJob(queue, remindersQueue, { now: now.toISOString() });
    const state = await waitUntil(async () => {
      const s = await job.getState();
      return s === 'completed' || s === 'failed' ? s : undefined;
    }, `reminders job ${job.id}`);
    const done = await queue.getJob(job.id!);
    expect(state, done?.failedReason).toBe('completed');
    return done!.returnvalue as ReminderRun;
  } finally {
    await queue.close();
  }
}

/** Waits until `person` has received more than `count` messages; returns the new ones. */
async function newMessages(person: Citizen, count: number, what: string): Promise<SentMessage[]> {
  await api.waitFor(() => person.received().length > count, 15_000, what);
  return person.received().slice(count);
}

describe('officers end to end: Telegram citizen and admin, WhatsApp liaison', () => {
  it('routes infrastruktur in Kota Ambon to its PUPR unit, verified by its coordinator, with no other officers there', async () => {
    const db = running.database.db;
    const routing = await routeReport(db, {
      category: 'infrastruktur',
      provinceCode: '81',
      regencyCode: REGENCY,
      districtCode: '81.71.03',
      villageCode: VILLAGE,
    });
    expect(routing).toEqual({ opdCode: LIAISON_OPD, coordinatorOpdCode: ADMIN_OPD, rulePrefix: REGENCY });
    const others = await db.selectFrom('officers').select('id').where('opd_code', 'like', `${REGENCY}-%`).where('active', '=', true).execute();
    expect(others, 'another test enrolled officers in Kota Ambon: this file assumes it is alone there').toEqual([]);
  });

  it('enrols the coordinating admin on Telegram and the liaison on WhatsApp with /daftar', async () => {
    const db = running.database.db;
    const now = new Date();
    const adminInvite = await createInvite(db, { opdCode: ADMIN_OPD, role: 'admin', createdBy: 'test:officers-e2e', now });
    const liaisonInvite = await createInvite(db, { opdCode: LIAISON_OPD, role: 'liaison', createdBy: 'test:officers-e2e', now });
    if (!adminInvite.ok || !liaisonInvite.ok) throw new Error('invites refused');

    await admin.say(`/daftar ${adminInvite.code}`);
    const [welcome] = await newMessages(admin, 0, 'the admin enrolment reply');
    expect(welcome!.text).toContain(`Pendaftaran berhasil. Chat ini sekarang mewakili ${ADMIN_OPD_NAME}.`);
    expect(welcome!.text).toContain('/verifikasi <tiket>');

    liaison.say(`/daftar ${liaisonInvite.code}`);
    const [hello] = await liaison.waitFor((r) => r.length > 0, 'the liaison enrolment reply');
    expect(hello).toContain(`Pendaftaran berhasil. Chat ini sekarang mewakili ${LIAISON_OPD_NAME}.`);
    expect(hello).toContain('/selesai <tiket> <ringkasan>');

    const enrolled = await db
      .selectFrom('officers')
      .select(['id', 'opd_code', 'role', 'channel', 'chat_ref'])
      .where('opd_code', 'like', `${REGENCY}-%`)
      .where('active', '=', true)
      .orderBy('id')
      .execute();
    expect(enrolled.map(({ id: _id, ...o }) => o)).toEqual([
      { opd_code: ADMIN_OPD, role: 'admin', channel: 'telegram', chat_ref: String(ADMIN_CHAT) },
      { opd_code: LIAISON_OPD, role: 'liaison', channel: 'whatsapp', chat_ref: LIAISON_CHAT },
    ]);
    officerIds.push(...enrolled.map((o) => o.id));
  });

  it('takes the citizen through the intake on Telegram to a ticket, and the report reaches PostgreSQL', async () => {
    await budi.say('/start');
    await newMessages(budi, 0, 'the reply to /start');
    for (let guard = 0; ; guard += 1) {
      const open = await openStep(CITIZEN_CHAT);
      if (open === null) break;
      expect(guard, `stuck at ${open}`).toBeLessThan(40);
      const answer = ANSWERS[open === 'summary' || open === 'confirm_extracted' ? 'confirm' : open];
      if (answer === undefined) throw new Error(`the bot asked "${open}", which this citizen has no answer for: ${budi.received().at(-1)?.text}`);
      const before = budi.received().length;
      // Buttons are pressed under the bot's last message, so that message must be in first.
      await budi.answer(answer);
      await newMessages(budi, before, `the reply to ${open}`);
    }
    const found = budi.received().map((m) => TICKET.exec(m.text)?.[0]).find((t) => t !== undefined);
    expect(found, texts(budi.received()).join('\n---\n')).toBeDefined();
    ticket = found!;

    const report = await waitUntil(
      () =>
        running.database.db
          .selectFrom('reports')
          .select(['status', 'category', 'village_code', 'opd_code', 'coordinator_opd_code', 'source_channel', 'chat_ref', 'anonim'])
          .where('ticket', '=', ticket)
          .executeTakeFirst(),
      `report ${ticket} in PostgreSQL`,
    );
    expect(report).toEqual({
      status: 'submitted',
      category: 'infrastruktur',
      village_code: VILLAGE,
      opd_code: LIAISON_OPD,
      coordinator_opd_code: ADMIN_OPD,
      source_channel: 'telegram',
      chat_ref: String(CITIZEN_CHAT),
      anonim: false,
    });
    await api.waitFor(() => budi.received().some((m) => m.text.includes(ticket) && /tercatat/.test(m.text)), 15_000, 'the report-recorded notice');
  });

  it('the admin gets the verification notice on Telegram and its button disposes the report to the PUPR unit', async () => {
    await api.waitFor(() => admin.received().some((m) => m.text.includes(`Tiket: ${ticket}`)), 15_000, 'the verification notice');
    const notice = admin.received().find((m) => m.text.includes(`Tiket: ${ticket}`))!;
    expect(notice.text.split('\n')[0]).toBe(`Laporan menunggu verifikasi - ${ADMIN_OPD_NAME}`);
    expect(notice.text).toContain(`Judul: ${ANSWERS.title}`);
    expect(notice.text).toContain('Pelapor: Budi Santoso, +6281266778899');
    expect(notice.text, 'a notice never carries the NIK').not.toContain(ANSWERS.nik);
    expect(buttonsOf(notice)).toEqual([`verifikasi:${ticket}`, `tunda:${ticket}`, `bukan:${ticket}`, `tolak:${ticket}`, `lihat:${ticket}`]);
    // The button pressed is the notice's: nothing with a keyboard came after it.
    expect(admin.received().findLast((m) => m.reply_markup?.inline_keyboard)).toBe(notice);

    const adminBefore = admin.received().length;
    const budiBefore = budi.received().length;
    expect(await admin.press(`verifikasi:${ticket}`)).not.toBe(false);
    const [done] = await newMessages(admin, adminBefore, 'the verification confirmation');
    expect(done!.text).toMatch(new RegExp(`^${ticket} sudah diverifikasi dan diteruskan ke ${LIAISON_OPD_NAME}\\. Batas tindak lanjut: .+\\.$`));

    const report = await running.database.db.selectFrom('reports').select(['status', 'opd_code']).where('ticket', '=', ticket).executeTakeFirstOrThrow();
    expect(report).toEqual({ status: 'disposed', opd_code: LIAISON_OPD });
    const [news] = await newMessages(budi, budiBefore, 'the citizen told of the disposition');
    expect(news!.text).toContain(`Laporan ${ticket} sudah diverifikasi dan diteruskan ke ${LIAISON_OPD_NAME}.`);
  });

  let replyNotice: string;

  it('the liaison on WhatsApp gets the report, early and again once disposed, and replies by quoting the notice', async () => {
    const received = await liaison.waitFor(
      (r) => r.some((t) => t.startsWith(`Laporan baru untuk ${LIAISON_OPD_NAME}\n`) && t.includes(`Tiket: ${ticket}`)),
      'the new-report notice after disposition',
    );
    // At intake the unit heard early what is coming, with only "look" to do.
    const early = received.find((t) => t.startsWith(`Laporan baru untuk ${LIAISON_OPD_NAME} (menunggu verifikasi koordinator)`));
    expect(early).toContain(`Tiket: ${ticket}`);
    expect(early).toContain('1. Lihat');
    expect(early).not.toContain('Balas pelapor');
    replyNotice = received.find((t) => t.startsWith(`Laporan baru untuk ${LIAISON_OPD_NAME}\n`))!;
    expect(replyNotice).toContain(`Tiket: ${ticket}`);
    expect(replyNotice).toContain('Kategori: Infrastruktur');
    expect(replyNotice).toMatch(/Batas tindak lanjut: \d+ \w+ \d{4}/);
    expect(replyNotice).toContain('2. Balas pelapor');
    expect(replyNotice, 'a notice never carries the NIK').not.toContain(ANSWERS.nik);

    // WhatsApp's reply feature quotes the notice by the id WhatsApp gave it when sent,
    // as the delivery path recorded it. It records that after the send returns, so the
    // phone may hold the notice a moment before the row says so.
    const sentRow = () =>
      running.database.db
        .selectFrom('outbound_messages')
        .select(['provider_message_id', 'status'])
        .where('channel', '=', 'whatsapp')
        .where('chat_ref', '=', LIAISON_CHAT)
        .where('ticket', '=', ticket)
        .where('text', '=', replyNotice)
        .executeTakeFirstOrThrow();
    await expect.poll(async () => (await sentRow()).status).toBe('sent');
    const sent = await sentRow();
    const stanza = sent.provider_message_id!.split('_').at(-1)!;

    const before = liaison.received().length;
    liaison.say(FIRST_REPLY, { quotingStanzaId: stanza });
    const [done] = (await liaison.waitFor((r) => r.length > before, 'the reply confirmation')).slice(before);
    expect(done).toMatch(new RegExp(`^Balasan untuk ${ticket} tercatat dan dikirim ke pelapor atas nama unit Anda\\.`));
  });

  it('the citizen reads the reply on Telegram signed by the OPD, never by the officer, answers, and the liaison reads the answer', async () => {
    const answered = await api
      .waitFor(() => budi.received().some((m) => m.text.includes(FIRST_REPLY)), 15_000, 'the reply on Telegram')
      .then(() => budi.received().find((m) => m.text.includes(FIRST_REPLY))!);
    expect(answered.text).toContain(`Jawaban instansi untuk laporan ${ticket}:`);
    expect(answered.text).toContain(`${FIRST_REPLY}\n\n- ${LIAISON_OPD_NAME}`);
    for (const m of budi.received()) {
      expect(m.text, 'the officer\'s number never reaches the citizen').not.toContain(LIAISON_PHONE.slice(2));
    }

    const budiBefore = budi.received().length;
    const liaisonBefore = liaison.received().length;
    await budi.say(CITIZEN_ANSWER);
    const [ack] = await newMessages(budi, budiBefore, 'the citizen\'s answer acknowledged');
    expect(ack!.text).toContain(`Pesan Anda sudah diteruskan ke ${LIAISON_OPD_NAME}.`);
    const [relayed] = (await liaison.waitFor((r) => r.length > liaisonBefore, 'the citizen\'s answer on WhatsApp')).slice(liaisonBefore);
    expect(relayed).toContain(`Tanggapan pelapor dari Budi Santoso untuk ${ticket}:\n${CITIZEN_ANSWER}`);
  });

  it('the liaison replies again with /balas and resolves with /selesai; the citizen rates 5 with the button', async () => {
    let before = budi.received().length;
    let liaisonBefore = liaison.received().length;
    liaison.say(`/balas ${ticket} ${SECOND_REPLY}`);
    await liaison.waitFor((r) => r.length > liaisonBefore && r.at(-1)!.startsWith(`Balasan untuk ${ticket} tercatat`), 'the second reply confirmation');
    const [second] = await newMessages(budi, before, 'the second reply on Telegram');
    expect(second!.text).toContain(`${SECOND_REPLY}\n\n- ${LIAISON_OPD_NAME}`);

    before = budi.received().length;
    liaisonBefore = liaison.received().length;
    liaison.say(`/selesai ${ticket} ${RESOLUTION}`);
    const [resolvedAck] = (await liaison.waitFor((r) => r.length > liaisonBefore, 'the resolution confirmation')).slice(liaisonBefore);
    expect(resolvedAck).toBe(`${ticket} ditandai selesai. Pelapor diberi tahu dan diminta memberi penilaian.`);
    const [resolution] = await newMessages(budi, before, 'the resolution on Telegram');
    expect(resolution!.text).toContain(`Laporan ${ticket} sudah selesai ditangani oleh ${LIAISON_OPD_NAME}. Ringkasannya:`);
    expect(resolution!.text).toContain(RESOLUTION);
    expect(resolution!.text).toContain('Beri nilai 1 (buruk) sampai 5 (sangat baik)');
    expect(buttonsOf(resolution!)).toEqual([1, 2, 3, 4, 5].map((n) => `nilai:${ticket}:${n}`).concat(`buka:${ticket}`));

    before = budi.received().length;
    expect(await budi.press(`nilai:${ticket}:5`)).not.toBe(false);
    const [thanks] = await newMessages(budi, before, 'the rating acknowledged');
    expect(thanks!.text).toContain('Terima kasih atas penilaian Anda.');

    const db = running.database.db;
    const report = await db
      .selectFrom('reports')
      .select(['id', 'status', 'rating', 'reporter_id'])
      .where('ticket', '=', ticket)
      .executeTakeFirstOrThrow();
    expect({ status: report.status, rating: report.rating }).toEqual({ status: 'resolved', rating: 5 });
    const events = await db
      .selectFrom('report_events')
      .select(['type', 'actor_kind', 'actor_ref', 'channel', 'data'])
      .where('report_id', '=', report.id)
      .orderBy('id')
      .execute();
    const [adminId, liaisonId] = officerIds;
    // The whole story, each step by whom and through which channel. The intake names
    // the citizen by reporter id; the lifecycle's citizen actions by the word 'citizen'.
    expect(events.map((e) => [e.type, e.actor_kind, e.actor_ref, e.channel])).toEqual([
      ['submitted', 'citizen', String(report.reporter_id), 'telegram'],
      ['routed', 'system', null, null],
      ['disposed', 'admin', adminId, 'telegram'],
      ['officer_message', 'officer', liaisonId, 'whatsapp'],
      ['citizen_message', 'citizen', 'citizen', 'telegram'],
      ['officer_message', 'officer', liaisonId, 'whatsapp'],
      ['resolved', 'officer', liaisonId, 'whatsapp'],
      ['rated', 'citizen', 'citizen', 'telegram'],
    ]);
    expect(events.map((e) => (e.data as { to?: string }).to)).toEqual([
      undefined, undefined, 'disposed', 'answered', 'in_progress', 'answered', 'resolved', 'resolved',
    ]);
  });

  let secondTicket: string;
  let reminderAt: Date;

  it('a second report in the same village, anonymous, reaches the same admin and liaison without the reporter\'s identity', async () => {
    // Through the intake queue as the runtime hands confirmed reports on. The serial is
    // leased from this process's ticket counter, as the runtime leases its blocks, so
    // no chat's ticket can be the same; one divisible by 5 makes sampleReport's report anonim.
    const leased = await redis.incrby(ticketCounterKey(config.REDIS_PREFIX), 5);
    const serial = leased - (leased % 5);
    second = { ...sampleReport({ serial, villageCode: VILLAGE, category: 'infrastruktur' }), channel: 'telegram', chatRef: String(SECOND_CITIZEN_CHAT) };
    expect(second.privacy.anonim).toBe(true);
    secondTicket = second.ticket;
    const queue = openIntakeQueue(redis, config.REDIS_PREFIX);
    await submitReport(queue, second);
    await queue.close();

    const siti = citizen(api, SECOND_CITIZEN_CHAT);
    await api.waitFor(() => siti.received().some((m) => m.text.includes(secondTicket) && /tercatat/.test(m.text)), 15_000, 'the second report-recorded notice');
    const report = await running.database.db
      .selectFrom('reports')
      .select(['status', 'opd_code', 'coordinator_opd_code', 'anonim'])
      .where('ticket', '=', secondTicket)
      .executeTakeFirstOrThrow();
    expect(report).toEqual({ status: 'submitted', opd_code: LIAISON_OPD, coordinator_opd_code: ADMIN_OPD, anonim: true });

    await api.waitFor(() => admin.received().some((m) => m.text.includes(`Tiket: ${secondTicket}`)), 15_000, 'the second verification notice');
    const forLiaison = await liaison.waitFor((r) => r.some((t) => t.includes(`Tiket: ${secondTicket}`)), 'the second early notice');
    const notices = [admin.received().find((m) => m.text.includes(`Tiket: ${secondTicket}`))!.text, forLiaison.find((t) => t.includes(`Tiket: ${secondTicket}`))!];
    for (const notice of notices) {
      expect(notice).toContain('Pelapor: anonim (identitas dirahasiakan)');
      for (const secret of [second.reporter.name, second.reporter.nik, second.reporter.phone, second.reporter.phone.slice(3)]) {
        expect(notice, 'an anonymous reporter is never shown to officers').not.toContain(secret);
      }
    }
  });

  it('left unverified past its due date, it is listed once by the next Monday\'s reminders even when the week runs twice', async () => {
    const db = running.database.db;
    const { verification_due_at: due } = await db
      .selectFrom('reports')
      .select('verification_due_at')
      .where('ticket', '=', secondTicket)
      .executeTakeFirstOrThrow();
    reminderAt = nextWeeklyRun(due!);
    const week = isoWeek(reminderAt);
    const [adminId, liaisonId] = officerIds as [string, string];
    const adminBefore = admin.received().length;
    const liaisonBefore = liaison.received().length;

    // As the Monday cron does: a job on the process's reminders queue, run by its worker.
    const first = await runReminderJob(reminderAt);
    expect(first.week).toBe(week);

    const reminder = await api
      .waitFor(() => admin.received().slice(adminBefore).some((m) => m.text.startsWith('Pengingat mingguan')), 15_000, 'the admin\'s weekly reminder')
      .then(() => admin.received().slice(adminBefore).find((m) => m.text.startsWith('Pengingat mingguan'))!);
    const late = workingDaysOverdue(due!, reminderAt);
    expect(late).toBeGreaterThan(0);
    expect(reminder.text).toBe(
      [
        `Pengingat mingguan LAPOR! untuk ${ADMIN_OPD_NAME}`,
        '1 laporan melewati batas waktu:',
        '- 1 belum diverifikasi',
        '',
        'Paling lama:',
        `1. ${secondTicket} - terlambat ${late} hari kerja (belum diverifikasi)`,
        '',
        'Ketuk nomor tiket di bawah untuk membukanya.',
      ].join('\n'),
    );
    expect(buttonsOf(reminder)).toEqual([`lihat:${secondTicket}`]);
    // The admin also gets the ranking of the jurisdiction; it names units, not tickets.
    await api.waitFor(() => admin.received().slice(adminBefore).some((m) => m.text.startsWith('Rekap mingguan')), 15_000, 'the admin\'s weekly ranking');
    const ranking = admin.received().slice(adminBefore).find((m) => m.text.startsWith('Rekap mingguan'))!;
    expect(ranking.text).toContain(`Rekap mingguan LAPOR! wilayah ${REGENCY} (${ADMIN_OPD_NAME})`);
    expect(ranking.text).toMatch(new RegExp(`\\n1\\. ${ADMIN_OPD_NAME}: 1 terlambat, selesai (-|\\d+%)`));

    // The second run of the same week queues nothing new for these officers.
    const again = await runReminderJob(new Date(reminderAt.getTime() + 2 * 3_600_000));
    expect(again.week).toBe(week);
    expect(again.alreadySent).toBeGreaterThanOrEqual(2);
    // reminder_runs is written in SQL by the reminders code and not in the typed schema.
    const { rows } = await sql<{ kind: string; opd_code: string; officer_id: string; delivery_id: string; enqueued: boolean }>`
      select kind, opd_code, officer_id::text, delivery_id, enqueued_at is not null as enqueued
        from reminder_runs where week = ${week} and officer_id in (${adminId}::bigint, ${liaisonId}::bigint)
       order by delivery_id`.execute(db);
    expect(rows).toEqual([
      { kind: 'opd', opd_code: ADMIN_OPD, officer_id: adminId, delivery_id: reminderDeliveryId('opd', week, ADMIN_OPD, adminId), enqueued: true },
      { kind: 'summary', opd_code: ADMIN_OPD, officer_id: adminId, delivery_id: reminderDeliveryId('summary', week, ADMIN_OPD, adminId), enqueued: true },
    ]);

    // A barrier: a chat's messages are delivered in order, so once the answer to this
    // arrives, anything the second run might have queued for the admin has arrived too.
    const beforeBarrier = admin.received().length;
    await admin.say('/bantuan');
    await newMessages(admin, beforeBarrier, 'the menu after the second run');
    expect(admin.received().at(-1)!.text).toContain('Menu petugas LAPOR!');
    // The liaison has a barrier of its own on WhatsApp.
    const liaisonBarrier = liaison.received().length;
    liaison.say('/bantuan');
    await liaison.waitFor((r) => r.length > liaisonBarrier, 'the liaison\'s menu after the second run');

    const listing = [...texts(admin.received().slice(adminBefore)), ...liaison.received().slice(liaisonBefore)].filter((t) => t.includes(secondTicket));
    expect(listing, 'the overdue report is listed exactly once').toEqual([reminder.text]);
    expect(admin.received().slice(adminBefore).filter((m) => m.text.startsWith('Rekap mingguan'))).toHaveLength(1);
    // The liaison's unit has nothing overdue: the resolved report is not a laggard, the
    // unverified one is still the coordinator's.
    expect(liaison.received().slice(liaisonBefore).filter((t) => t.includes('Pengingat mingguan'))).toEqual([]);
    expect(reminder.text).not.toContain(ticket);

    const record = await db
      .selectFrom('outbound_messages')
      .select(['channel', 'chat_ref', 'status', 'text'])
      .where('id', '=', reminderDeliveryId('opd', week, ADMIN_OPD, adminId))
      .executeTakeFirstOrThrow();
    expect(record).toEqual({ channel: 'telegram', chat_ref: String(ADMIN_CHAT), status: 'sent', text: reminder.text });
    const toOfficers = await db
      .selectFrom('outbound_messages')
      .select('id')
      .where((eb) => eb.or([eb.and([eb('channel', '=', 'telegram'), eb('chat_ref', '=', String(ADMIN_CHAT))]), eb.and([eb('channel', '=', 'whatsapp'), eb('chat_ref', '=', LIAISON_CHAT)])]))
      .where('text', 'like', `%${secondTicket}%`)
      .where('text', 'like', 'Pengingat mingguan%')
      .execute();
    expect(toOfficers.map((r) => r.id)).toEqual([reminderDeliveryId('opd', week, ADMIN_OPD, adminId)]);
  });
});
