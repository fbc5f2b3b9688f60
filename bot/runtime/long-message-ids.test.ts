import { describe, expect, it } from 'vitest';
import { chatId, chatKey } from './keys.js';
import { envelope, testRuntime, texts } from './fixtures/test-runtime.js';

const whatsappId = (tail: string) => `false_6285211223344@c.us_3EB0${tail}`;

describe('handled message ids as long as WhatsApp’s', () => {
  it('drops a redelivery, handles ids that differ only at the end, and stores each in 16 characters', async () => {
    const t = await testRuntime('long-ids');
    const first = envelope('c1', 'one', { messageId: whatsappId('C767D26A1D5E1A2B') });
    const second = envelope('c1', 'two', { messageId: whatsappId('C767D26A1D5E1A2C') });
    expect(texts(await t.runtime.handleInbound(first))).toEqual(['#1 one']);
    expect(texts(await t.runtime.handleInbound(second))).toEqual(['#2 two']);
    expect(await t.runtime.handleInbound({ ...first, receivedAt: new Date() })).toEqual([]);
    // A second process, which remembers nothing of the chat, drops it too.
    expect(await (await t.another()).handleInbound({ ...second, receivedAt: new Date() })).toEqual([]);

    const stored = (await t.redis.hget(chatKey(t.prefix, chatId('telegram', 'c1')), 'd'))!.split('\n').filter(Boolean);
    expect(stored).toHaveLength(2);
    expect(new Set(stored).size).toBe(2);
    for (const id of stored) expect(id.length).toBeLessThanOrEqual(16);
  });

  it('keeps a short id as it is and tells a long id with a line break from its neighbours', async () => {
    const t = await testRuntime('short-ids');
    await t.runtime.handleInbound(envelope('c1', 'a', { messageId: '912345678' }));
    await t.runtime.handleInbound(envelope('c1', 'b', { messageId: 'x\ny' }));
    expect(texts(await t.runtime.handleInbound(envelope('c1', 'c', { messageId: 'x y' })))).toEqual(['#3 c']);
    expect(await t.runtime.handleInbound(envelope('c1', 'b', { messageId: 'x\ny' }))).toEqual([]);
    const stored = (await t.redis.hget(chatKey(t.prefix, chatId('telegram', 'c1')), 'd'))!;
    expect(stored.endsWith('\n912345678\n')).toBe(true);
  });
});
