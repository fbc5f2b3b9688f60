import { randomBytes } from 'node:crypto';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEnvelope, Reply } from '../../conversations/contract.js';
import { createInvite, disableOfficer } from '../../db/officers/index.js';
import { createOfficerDesk } from './desk.js';
import { createInboundRouter } from './router.js';
import { openDeskHarness, textOf, type DeskHarness } from './test-support.js';

let h: DeskHarness;

beforeAll(async () => {
  h = await openDeskHarness();
});
afterAll(() => h.close());

const chat = (channel = 'telegram') => ({ channel, chat_ref: channel === 'sms' ? `+62813${randomBytes(3).readUIntBE(0, 3)}` : `tg-${randomBytes(5).toString('hex')}` });

async function inviteCode(opdCode = h.scene.pupr, role: 'liaison' | 'admin' = 'liaison') {
  const invite = await createInvite(h.handle.db, { opdCode, role, createdBy: 'test', now: h.now });
  if (!invite.ok) throw new Error(invite.reason);
  return invite.code;
}

describe('officer desk: /daftar', () => {
  it('enrols the chat, which is then an officer at once in this process', async () => {
    const code = await inviteCode();
    const me = chat();
    expect(h.desk.officers.has(me.channel, me.chat_ref)).toBe(false);
    const replies = await h.say(me, `/daftar ${code.toLowerCase()}`);
    expect(textOf(replies)).toContain(`Pendaftaran berhasil. Chat ini sekarang mewakili Dinas ${h.scene.pupr}.`);
    expect(h.desk.officers.has(me.channel, me.chat_ref)).toBe(true);
    expect(textOf(await h.say(me, 'laporan'))).toContain('Tidak ada laporan');
  });

  it('plain "daftar <kode>" works; a used code and a wrong code are explained', async () => {
    const code = await inviteCode();
    expect(textOf(await h.say(chat(), `daftar ${code}`))).toContain('Pendaftaran berhasil');
    expect(textOf(await h.say(chat(), `/daftar ${code}`))).toContain('sudah pernah dipakai');
    expect(textOf(await h.say(chat(), '/daftar ZZZZ-ZZZZ'))).toContain('Kode pendaftaran tidak dikenal');
    expect(textOf(await h.say(chat(), '/daftar'))).toContain('Contoh: /daftar');
  });

  it('an expired code is explained', async () => {
    const code = await inviteCode();
    const later = createOfficerDesk({
      db: h.handle.db,
      redis: h.redis,
      redisPrefix: h.prefix,
      notifications: h.notifications,
      clock: () => new Date(h.now.getTime() + 4 * 86_400_000),
    });
    try {
      const replies = await later.handle({ channel: 'telegram', chatRef: chat().chat_ref, messageId: 'x1', receivedAt: h.now, message: { type: 'text', text: `/daftar ${code}` } });
      expect(textOf(replies)).toContain('kedaluwarsa');
    } finally {
      await later.close();
    }
  });

  it('is not available on SMS; a citizen writing "daftar ..." in words is not taken for it', async () => {
    const code = await inviteCode();
    expect(textOf(await h.say(chat('sms'), `DAFTAR ${code}`))).toContain('tidak tersedia lewat SMS');
    expect(await h.say(chat('sms'), 'daftar ulang KTP saya ditolak kelurahan')).toBeNull();
  });
});

describe('officer desk: routing and delivery', () => {
  it('a citizen\'s message returns null without a database query', async () => {
    let queries = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => ((queries += 1), args.node),
      transformResult: async (args) => args.result,
    };
    const db = h.handle.db.withPlugin(counting);
    const desk = createOfficerDesk({ db, redis: h.redis, redisPrefix: h.prefix, notifications: h.notifications });
    await desk.ready;
    const loaded = queries;
    expect(loaded).toBe(1);
    try {
      for (const text of ['halo, saya mau lapor', '/start', 'daftar ulang ktp']) {
        expect(await desk.handle({ channel: 'telegram', chatRef: chat().chat_ref, messageId: 'c1', receivedAt: h.now, message: { type: 'text', text } })).toBeNull();
      }
      expect(await desk.handle({ channel: 'whatsapp', chatRef: '6281@c.us', messageId: 'c2', receivedAt: h.now, message: { type: 'choice', value: 'balas:LPR-0000000' } })).toBeNull();
      expect(queries).toBe(loaded);
    } finally {
      await desk.close();
    }
  });

  it('a redelivered message (same message id) is handled once', async () => {
    const liaison = await h.officer(h.scene.pupr, 'liaison');
    const report = await h.report({ status: 'disposed' });
    const envelope = { messageId: 'same-id-1' };
    const first = await h.say(liaison, `/balas ${report.ticket} Sekali saja.`, envelope);
    const again = await h.say(liaison, `/balas ${report.ticket} Sekali saja.`, envelope);
    expect(textOf(first)).toContain('tercatat');
    expect(again).toEqual([]);
    expect((await h.snapshot(report.ticket)).events).toBe(1);
    expect(await h.notices(report.ticket)).toHaveLength(1);
    expect(await h.redis.exists(`${h.prefix}:bot:officer-seen:telegram:${liaison.chat_ref}:same-id-1`)).toBe(1);
  });

  it('a disabled officer falls back to the citizen runtime', async () => {
    const officer = await h.officer(h.scene.pupr, 'liaison');
    expect(h.desk.officers.has('telegram', officer.chat_ref)).toBe(true);
    await disableOfficer(h.handle.db, { officerId: officer.id, by: 'test', now: h.now });
    // Still cached (no reload yet): the slow path asks the store and lets go.
    expect(await h.say(officer, '/laporan')).toBeNull();
    expect(h.desk.officers.has('telegram', officer.chat_ref)).toBe(false);
  });

  it('the reload picks up officers enrolled elsewhere and drops disabled ones', async () => {
    const desk = createOfficerDesk({ db: h.handle.db, redis: h.redis, redisPrefix: h.prefix, notifications: h.notifications, refreshMs: 50 });
    await desk.ready;
    try {
      const officer = await h.officer(h.scene.dinkes, 'liaison');
      await expect.poll(() => desk.officers.has('telegram', officer.chat_ref), { timeout: 2000 }).toBe(true);
      await disableOfficer(h.handle.db, { officerId: officer.id, by: 'test', now: h.now });
      await expect.poll(() => desk.officers.has('telegram', officer.chat_ref), { timeout: 2000 }).toBe(false);
    } finally {
      await desk.close();
    }
  });

  it('the router sends officers to the desk and everyone else to the citizen runtime', async () => {
    const seen: InboundEnvelope[] = [];
    const citizens = { handleInbound: async (e: InboundEnvelope): Promise<Reply[]> => (seen.push(e), [{ text: 'citizen' }]) };
    const router = createInboundRouter({ citizens, desk: h.desk });
    const officer = await h.officer(h.scene.pupr, 'liaison');
    const base = { channel: 'telegram' as const, receivedAt: h.now };
    expect(await router.handleInbound({ ...base, chatRef: 'citizen-1', messageId: 'r1', message: { type: 'text', text: 'halo' } })).toEqual([{ text: 'citizen' }]);
    const officerReplies = await router.handleInbound({ ...base, chatRef: officer.chat_ref, messageId: 'r2', message: { type: 'text', text: '/bantuan' } });
    expect(textOf(officerReplies)).toContain('Menu petugas');
    expect(seen.map((e) => e.messageId)).toEqual(['r1']);
  });
});
