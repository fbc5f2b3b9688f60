import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { createEngine, defaultCategories, loadGazetteer } from '../../conversations/index.js';
import type { StatusChangedNotice } from '../../conversations/contract.js';
import type { DatabaseHandle } from '../../db/connect.js';
import { replyToCitizen, resolve, type Transitioned, type TransitionResult } from '../../db/lifecycle/index.js';
import { eventTypes } from '../../db/lifecycle/test-support.js';
import { createScene, enrolTestOfficer, insertTestReport, type Scene } from '../../db/officers/test-fixtures.js';
import type { Officer } from '../../db/tables/officers.table.js';
import { openTestDatabase } from '../../test/support.js';
import { notificationsQueue, openQueue, type Notification } from '../../worker/queues.js';
import { createCitizenFollowUp } from './follow-up.js';
import { chatId, chatKey } from './keys.js';
import { envelope, testRuntime, texts } from './fixtures/test-runtime.js';

/**
 * The citizen's side after submission through the real runtime, engine, Redis,
 * lifecycle store and notifications queue: an officer's reply reaches the citizen as
 * a turn, the citizen's answer becomes a citizen_message event and job, then a
 * resolution is rated and reopened.
 */

const engine = createEngine({ gazetteer: loadGazetteer(), categories: defaultCategories });
let handle: DatabaseHandle;
let scene: Scene;
let liaison: Officer;

beforeAll(async () => {
  handle = await openTestDatabase();
  scene = await createScene(handle.db);
  liaison = await enrolTestOfficer(handle.db, scene.pupr, 'liaison');
});
afterAll(() => handle.close());

function done(result: TransitionResult): Transitioned & { notifyCitizen: StatusChangedNotice } {
  if (!result.ok || !result.notifyCitizen) throw new Error(`expected a transition with a citizen notice, got ${JSON.stringify(result)}`);
  return result as Transitioned & { notifyCitizen: StatusChangedNotice };
}

async function setUp(label: string) {
  const t = await testRuntime(label);
  const queue = openQueue(notificationsQueue, { url: inject('redisUrl') }, t.prefix);
  onTestFinished(() => queue.close());
  const runtime = await t.another({ engine, followUp: createCitizenFollowUp(handle.db, queue) });
  const report = await insertTestReport(handle.db, { regionCode: scene.city, opdCode: scene.pupr, coordinatorOpdCode: scene.cityAdminOpd, status: 'disposed' });
  const officer = { kind: 'officer' as const, officerId: liaison.id };
  const jobs = async () => (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).map((j) => j.data as Notification);
  return { t, queue, runtime, report, officer, jobs };
}

describe('the citizen after submission', () => {
  it('hears an officer’s reply once, answers it into the store and the OPD’s notifications', async () => {
    const { t, runtime, report, officer, jobs } = await setUp('follow-up-respond');
    const replied = done(await replyToCitizen(handle.db, officer, { ticket: report.ticket, text: 'Mohon kirim foto lokasinya.' }, new Date()));
    const updateId = `event-${replied.event.id}-citizen`;

    const heard = texts(await runtime.handleReportUpdate(replied.notifyCitizen, updateId)).join('\n');
    expect(heard).toContain('Mohon kirim foto lokasinya.');
    expect(heard).toContain(`- Dinas ${scene.pupr}`);
    // The notifications worker retries: the same notice again says nothing.
    expect(await runtime.handleReportUpdate(replied.notifyCitizen, updateId)).toEqual([]);
    const saved = JSON.parse((await t.redis.hget(chatKey(t.prefix, chatId('telegram', report.chat_ref)), 's'))!);
    expect(saved).toMatchObject({ step: 'follow_up', f: { t: report.ticket, s: 'answered' } });
    expect(JSON.stringify(saved).length).toBeLessThan(200);

    const answer = texts(await runtime.handleInbound(envelope(report.chat_ref, 'Fotonya saya kirim besok pagi.')));
    expect(answer).toEqual([`Pesan Anda sudah diteruskan ke Dinas ${scene.pupr}.`]);
    expect(await eventTypes(handle.db, report.ticket)).toEqual(['officer_message', 'citizen_message']);
    expect(await jobs()).toContainEqual({ type: 'citizen_message', ticket: report.ticket, opdCode: scene.pupr, text: 'Fotonya saya kirim besok pagi.' });

    // Someone else's chat naming this ticket learns nothing and changes nothing.
    const stranger = texts(await runtime.handleInbound(envelope('stranger', `/balas ${report.ticket} halo`)));
    expect(stranger).toEqual([expect.stringContaining('tidak ditemukan')]);
    expect(await eventTypes(handle.db, report.ticket)).toHaveLength(2);
  });

  it('rates a resolution from its buttons once, then reopens it once', async () => {
    const { runtime, report, officer, jobs } = await setUp('follow-up-rate');
    const resolved = done(await resolve(handle.db, officer, { ticket: report.ticket, text: 'Lubang sudah ditambal.' }, new Date()));
    const [news] = await runtime.handleReportUpdate(resolved.notifyCitizen, `event-${resolved.event.id}-citizen`);
    expect(news?.text).toContain('Lubang sudah ditambal.');
    expect(news?.choices?.map((c) => c.value)).toContain(`nilai:${report.ticket}:5`);

    expect(texts(await runtime.handleInbound(envelope(report.chat_ref, '5')))).toEqual(['Terima kasih atas penilaian Anda.']);
    const row = () => handle.db.selectFrom('reports').select(['status', 'rating', 'reopen_count']).where('ticket', '=', report.ticket).executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ rating: 5 });
    const acquires = runtime.stats.acquire.calls;
    expect(texts(await runtime.handleInbound(envelope(report.chat_ref, { type: 'choice', value: `nilai:${report.ticket}:1` })))).toEqual([
      expect.stringContaining('hanya bisa sekali'),
    ]);
    expect(await row()).toMatchObject({ rating: 5 });
    // This process remembers the chat, but an action on the store runs under its lock.
    expect(runtime.stats.acquire.calls - acquires).toBe(1);

    expect(texts(await runtime.handleInbound(envelope(report.chat_ref, 'buka lubangnya muncul lagi setelah hujan')))[0]).toContain('dibuka lagi');
    expect(await row()).toMatchObject({ status: 'disposed', reopen_count: 1 });
    expect(await eventTypes(handle.db, report.ticket)).toEqual(['resolved', 'rated', 'reopened']);
    expect(await jobs()).toContainEqual({
      type: 'citizen_message',
      ticket: report.ticket,
      opdCode: scene.pupr,
      text: 'Laporan dibuka kembali oleh pelapor. Alasan: lubangnya muncul lagi setelah hujan',
    });

    const again = done(await resolve(handle.db, officer, { ticket: report.ticket, text: 'Ditambal ulang.' }, new Date()));
    await runtime.handleReportUpdate(again.notifyCitizen, `event-${again.event.id}-citizen`);
    expect(texts(await runtime.handleInbound(envelope(report.chat_ref, 'buka masih rusak')))).toEqual([expect.stringContaining('sudah pernah dibuka lagi')]);
  });

  it('answers a follow-up it cannot carry out with an apology and keeps the awaited rating', async () => {
    const t = await testRuntime('follow-up-down');
    const runtime = await t.another({
      engine,
      followUp: {
        respond: async () => ({ ok: false, reason: 'unavailable' }),
        rate: async () => {
          throw new Error('database unreachable');
        },
        reopen: async () => ({ ok: false, reason: 'unavailable' }),
      },
    });
    const notice: StatusChangedNotice = {
      type: 'status_changed', ticket: 'LPR-1TK2HK6', channel: 'telegram', chatRef: 'down', language: 'en',
      status: 'resolved', reason: 'Fixed.', message: null, opdName: 'Dinas PUPR',
    };
    expect(texts(await runtime.handleReportUpdate(notice, 'u1'))[0]).toContain('Fixed.');
    expect(texts(await runtime.handleInbound(envelope('down', '4')))).toEqual([expect.stringContaining('system fault')]);
    const saved = JSON.parse((await t.redis.hget(chatKey(t.prefix, chatId('telegram', 'down')), 's'))!);
    expect(saved.f).toMatchObject({ t: 'LPR-1TK2HK6', r: true });
  });
});
