import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDeliveryOutbox, type DeliveryOutbox } from '../../bot/delivery/outbox.js';
import { createRedis } from '../../core/redis.js';
import type { DatabaseHandle } from '../../db/connect.js';
import { insertOfficer, insertOpd, insertRegions, insertReport } from '../../db/reminders/test-support/fixtures.js';
import { openTestDatabase, uniquePrefix } from '../../test/support.js';
import { bullPrefix } from '../queues.js';
import { reminderDeliveryId } from './plan.js';
import { runWeeklyReminders, type RunRemindersResult } from './run-reminders.js';

// Province 43 is this file's alone; every test uses its own ISO week, because
// reminder_runs is shared by the whole run's database.
const P = '43';
const KOORD = '43-koord';
const A = '43-a';
const B = '43-b';

let handle: DatabaseHandle;
let redis: Redis;
let prefix: string;
let outbox: DeliveryOutbox;
const queues = new Map<string, Queue>();
const officer: Record<string, string> = {};
let untouched: string;

const mine = (r: RunRemindersResult) => r.enqueued.filter((p) => p.opdCode.startsWith(`${P}-`));
const ids = (r: RunRemindersResult) => mine(r).map((p) => p.message.deliveryId).sort();

/** The delivery jobs of this file's officers for a week, across the three channel queues. */
async function jobsOf(week: string): Promise<string[]> {
  const found: string[] = [];
  for (const q of queues.values()) {
    const jobs = await q.getJobs(['waiting', 'delayed', 'prioritized', 'paused', 'active', 'completed', 'failed']);
    found.push(...jobs.map((j) => j.id!).filter((id) => id.includes(`-${week}-${P}-`)));
  }
  return found.sort();
}

function expectedIds(week: string): string[] {
  return [
    reminderDeliveryId('opd', week, A, officer.aTelegram!),
    reminderDeliveryId('opd', week, A, officer.aWhatsapp!),
    reminderDeliveryId('opd', week, A, officer.aSms!),
    reminderDeliveryId('opd', week, KOORD, officer.koordAdmin!),
    reminderDeliveryId('opd', week, KOORD, officer.koordLiaison!),
    reminderDeliveryId('summary', week, KOORD, officer.koordAdmin!),
  ].sort();
}

beforeAll(async () => {
  handle = await openTestDatabase();
  const db = handle.db;
  prefix = uniquePrefix('reminders');
  redis = createRedis(inject('redisUrl'));
  outbox = createDeliveryOutbox({ db, redis, redisPrefix: prefix });
  for (const channel of ['telegram', 'whatsapp', 'sms']) {
    queues.set(channel, new Queue(`delivery-${channel}`, { connection: redis, prefix: bullPrefix(prefix) }));
  }
  await insertRegions(db, P);
  await insertOpd(db, KOORD, `${P}.71`, true);
  await insertOpd(db, A, `${P}.71`);
  await insertOpd(db, B, `${P}.71`);
  officer.aTelegram = await insertOfficer(db, A, 'liaison', 'telegram');
  officer.aWhatsapp = await insertOfficer(db, A, 'liaison', 'whatsapp');
  officer.aSms = await insertOfficer(db, A, 'liaison', 'sms');
  officer.koordAdmin = await insertOfficer(db, KOORD, 'admin', 'telegram');
  officer.koordLiaison = await insertOfficer(db, KOORD, 'liaison', 'whatsapp');
  const inactive = await insertOfficer(db, A, 'liaison', 'telegram');
  await db.updateTable('officers').set({ active: false }).where('id', '=', inactive).execute();
  await insertOfficer(db, B, 'liaison', 'telegram'); // B has nothing overdue: no message

  const base = { regencyCode: `${P}.71`, submittedAt: new Date('2027-02-01T09:00:00+07:00'), coordinatorOpdCode: KOORD };
  // Disposed on Mon 1 Feb, due Mon 8 Feb, and nobody touched it since.
  untouched = await insertReport(db, {
    ...base, status: 'disposed', opdCode: A, followupDueAt: new Date('2027-02-08T23:59:59.999+07:00'),
  });
  await insertReport(db, { ...base, status: 'submitted', opdCode: KOORD, verificationDueAt: new Date('2027-02-04T23:59:59.999+07:00') });
  await insertReport(db, { ...base, status: 'disposed', opdCode: B, followupDueAt: new Date('2030-01-01T00:00:00+07:00') });
});

afterAll(async () => {
  await outbox.close();
  for (const q of queues.values()) await q.close();
  await redis.quit();
  await handle.close();
});

describe('runWeeklyReminders', () => {
  it('sends an untouched overdue report in the next weekly reminder once, though the job runs twice', async () => {
    const week = '2027-W09';
    const first = await runWeeklyReminders({ db: handle.db, outbox }, { now: new Date('2027-03-01T08:00:00+07:00') });
    expect(first.week).toBe(week);
    expect(ids(first)).toEqual(expectedIds(week));
    const toA = mine(first).find((p) => p.officerId === officer.aTelegram)!.message;
    // Due Mon 8 Feb; 9–12, 15–19, 22–26 Feb and Mon 1 Mar are working days after it: 15.
    expect(toA.text).toContain(`1. ${untouched} - terlambat 15 hari kerja (belum ditindaklanjuti)`);
    expect(toA.buttons).toEqual([[{ label: `Lihat ${untouched}`, data: `lihat:${untouched}` }]]);
    const byWhatsapp = mine(first).find((p) => p.officerId === officer.aWhatsapp)!.message;
    expect(byWhatsapp.buttons).toBeUndefined();
    expect(byWhatsapp.text).toContain(`Ketik LIHAT <tiket> untuk membukanya, mis. LIHAT ${untouched}`);
    const summary = mine(first).find((p) => p.kind === 'summary')!.message;
    expect(summary.text).toContain(`1. Dinas ${A}: 1 terlambat, selesai 0%`);
    expect(await jobsOf(week)).toEqual(expectedIds(week));

    // The deliveries complete and BullMQ forgets them; the job runs again two hours later.
    for (const q of queues.values()) await q.obliterate({ force: true });
    const second = await runWeeklyReminders({ db: handle.db, outbox }, { now: new Date('2027-03-01T10:00:00+07:00') });
    expect(ids(second)).toEqual([]);
    expect(second.alreadySent).toBeGreaterThanOrEqual(expectedIds(week).length);
    expect(await jobsOf(week)).toEqual([]);
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from outbound_messages where id = any(${expectedIds(week)}::text[])`.execute(handle.db);
    expect(Number(rows[0]!.n)).toBe(expectedIds(week).length);
  });

  it('loses nothing and repeats nothing when the worker dies mid-run, twice', async () => {
    const week = '2027-W10';
    const now = new Date('2027-03-08T08:00:00+07:00');
    const handedOver = new Map<string, number>();
    const counting: DeliveryOutbox = {
      async enqueue(messages) {
        for (const m of messages) handedOver.set(m.deliveryId!, (handedOver.get(m.deliveryId!) ?? 0) + 1);
        return outbox.enqueue(messages);
      },
      close: () => outbox.close(),
    };
    // Dies after recording its second batch, before the outbox call.
    let batches = 0;
    await expect(
      runWeeklyReminders({ db: handle.db, outbox: counting }, {
        now, batchSize: 2,
        checkpoint: (stage) => {
          if (stage === 'recorded' && ++batches === 2) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    // Dies after its second outbox call, before marking the batch done.
    batches = 0;
    await expect(
      runWeeklyReminders({ db: handle.db, outbox: counting }, {
        now, batchSize: 2,
        checkpoint: (stage) => {
          if (stage === 'enqueued' && ++batches === 2) throw new Error('killed again');
        },
      }),
    ).rejects.toThrow('killed again');
    const last = await runWeeklyReminders({ db: handle.db, outbox: counting }, { now, batchSize: 2 });

    expect(await jobsOf(week)).toEqual(expectedIds(week));
    // Only the batch whose marking was cut short was handed over twice (same id: one job).
    const twice = [...handedOver].filter(([id, n]) => id.includes(`-${P}-`) && n > 1).map(([id]) => id);
    expect(twice.length).toBeLessThanOrEqual(2);
    const { rows } = await sql<{ delivery_id: string }>`
      select delivery_id from reminder_runs where week = ${week} and enqueued_at is not null and opd_code like ${`${P}-%`}
      order by delivery_id`.execute(handle.db);
    expect(rows.map((r) => r.delivery_id)).toEqual(expectedIds(week));
    // A fourth run after all that queues nothing.
    expect(last.week).toBe(week);
    const again = await runWeeklyReminders({ db: handle.db, outbox: counting }, { now });
    expect(ids(again)).toEqual([]);
  });

  it('--dry-run prints the week and sends and records nothing', async () => {
    const week = '2027-W11';
    const dry = await runWeeklyReminders({ db: handle.db }, { now: new Date('2027-03-15T08:00:00+07:00'), dryRun: true });
    expect(ids(dry)).toEqual(expectedIds(week));
    expect(await jobsOf(week)).toEqual([]);
    const { rows } = await sql<{ runs: string; messages: string }>`
      select (select count(*) from reminder_runs where week = ${week}) as runs,
             (select count(*) from outbound_messages where id like ${`%-${week}-%`}) as messages`.execute(handle.db);
    expect(rows[0]).toEqual({ runs: '0', messages: '0' });
  });
});
