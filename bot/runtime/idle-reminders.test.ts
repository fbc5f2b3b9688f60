import { describe, expect, it } from 'vitest';
import { chatId, idleKey } from './keys.js';
import { envelope, testRuntime, texts } from './fixtures/test-runtime.js';

const HOUR = 3600_000;

describe('sendIdleReminders', () => {
  it('reminds a silent citizen once per silence, after the configured hours', async () => {
    let now = new Date('2026-11-20T03:00:00Z');
    const t = await testRuntime('idle', { clock: () => now, reminderAfterSeconds: 24 * 3600 });
    await t.runtime.handleInbound(envelope('c1', 'a'));
    const at = (hours: number) => new Date(now.getTime() + hours * HOUR);

    expect(await t.runtime.sendIdleReminders(at(23))).toEqual([]);
    const due = await t.runtime.sendIdleReminders(at(25));
    expect(due).toEqual([{ channel: 'telegram', chatRef: 'c1', replies: [{ text: 'reminder' }] }]);
    expect(await t.runtime.sendIdleReminders(at(48))).toEqual([]);

    // The citizen comes back: the session went on where it was, and a new silence earns a new reminder.
    now = at(30);
    expect(texts(await t.runtime.handleInbound(envelope('c1', 'b')))).toEqual(['#2 b']);
    expect(await t.runtime.sendIdleReminders(at(25))).toHaveLength(1);
  });

  it('sends one reminder when several processes sweep at once', async () => {
    const now = new Date('2026-11-20T03:00:00Z');
    const t = await testRuntime('idle-race', { clock: () => now });
    const other = await t.another();
    await Promise.all(['c1', 'c2', 'c3'].map((c) => t.runtime.handleInbound(envelope(c, 'a'))));
    const later = new Date(now.getTime() + 25 * HOUR);
    const [a, b] = await Promise.all([t.runtime.sendIdleReminders(later), other.sendIdleReminders(later)]);
    expect([...a, ...b].map((r) => r.chatRef).sort()).toEqual(['c1', 'c2', 'c3']);
  });

  it('skips chats whose session has ended or whose channel cannot write first', async () => {
    const now = new Date('2026-11-20T03:00:00Z');
    const t = await testRuntime('idle-skip', { clock: () => now, canRemind: (channel) => channel !== 'sms' });
    await t.runtime.handleInbound(envelope('ended', 'a'));
    await t.runtime.handleInbound(envelope('ended', 'cancel'));
    await t.runtime.handleInbound(envelope('by-sms', 'a', { channel: 'sms' }));
    await t.runtime.handleInbound(envelope('expired', 'a'));
    // The session expired by TTL while its activity entry stayed behind.
    await t.redis.del(`${t.prefix}:bot:chat:{${chatId('telegram', 'expired')}}`);

    expect(await t.runtime.sendIdleReminders(new Date(now.getTime() + 25 * HOUR))).toEqual([]);
    expect(await t.redis.zcard(idleKey(t.prefix))).toBe(0);
  });
});
