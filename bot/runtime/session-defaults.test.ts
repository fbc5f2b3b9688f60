import { describe, expect, it } from 'vitest';
import { envelope, testRuntime } from './fixtures/test-runtime.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The idle reminder's default, with no `reminderAfterSeconds` given: due after 24 h of
 * silence, not a moment sooner. (The 7-day session TTL default is in runtime.test.ts.)
 */
describe('createBotRuntime defaults: idle reminder', () => {
  it('reminds a silent citizen once 24 hours have passed, and not before', async () => {
    const now = new Date('2026-11-20T03:00:00Z');
    const t = await testRuntime('idle-default', { clock: () => now });
    await t.runtime.handleInbound(envelope('c1', 'a'));
    const at = (ms: number) => new Date(now.getTime() + ms);

    expect(await t.runtime.sendIdleReminders(at(23 * HOUR + 59 * MINUTE))).toEqual([]);
    expect(await t.runtime.sendIdleReminders(at(24 * HOUR - 1000))).toEqual([]);
    expect(await t.runtime.sendIdleReminders(at(24 * HOUR))).toEqual([
      { channel: 'telegram', chatRef: 'c1', replies: [{ text: 'reminder' }] },
    ]);
  });
});
