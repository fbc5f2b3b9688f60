import { describe, expect, it } from 'vitest';
import { chatId, chatKey } from './keys.js';
import type { ScriptedState } from './fixtures/scripted-engine.js';
import { envelope, testRuntime, texts } from './fixtures/test-runtime.js';

// A process answers a chat's next message on the state it saved itself, without the
// lock (see createBotRuntime). These are the ways that state can be out of date.
describe('createBotRuntime: messages answered on a remembered state', () => {
  it('applies what another process answered meanwhile before its own message', async () => {
    const t = await testRuntime('moved-on');
    const other = await t.another();
    expect(texts(await t.runtime.handleInbound(envelope('c1', 'one')))).toEqual(['#1 one']);
    expect(texts(await other.handleInbound(envelope('c1', 'two')))).toEqual(['#2 two']);
    // This process still remembers the chat at "one"; the chat has moved on to "two".
    expect(texts(await t.runtime.handleInbound(envelope('c1', 'three')))).toEqual(['#3 three']);
    const json = await t.redis.hget(chatKey(t.prefix, chatId('telegram', 'c1')), 's');
    expect((JSON.parse(json!) as ScriptedState).log).toEqual(['one', 'two', 'three']);
  });

  it('waits while another process holds the chat, then answers on the state it leaves', async () => {
    const t = await testRuntime('held');
    let release!: () => void;
    const held = new Promise<null>((resolve) => (release = () => resolve(null)));
    // The other process's first message for the chat takes the lock, and keeps it while its lookup hangs.
    const other = await t.another({ lookupStatus: () => held });
    await t.runtime.handleInbound(envelope('c1', 'one'));
    const theirs = other.handleInbound(envelope('c1', 'status LPR-0000000'));
    const key = chatKey(t.prefix, chatId('telegram', 'c1'));
    while (Number(await t.redis.hget(key, 'u')) === 0) await new Promise((r) => setTimeout(r, 2));

    const ours = t.runtime.handleInbound(envelope('c1', 'two'));
    await new Promise((r) => setTimeout(r, 50));
    release();
    expect(texts(await theirs)).toEqual(['#2 status LPR-0000000', 'status not found']);
    expect(texts(await ours)).toEqual(['#3 two']);
  });

  it('starts afresh when the saved session expired, though this process still remembers it', async () => {
    const t = await testRuntime('expired');
    await t.runtime.handleInbound(envelope('c1', 'one'));
    await t.redis.del(chatKey(t.prefix, chatId('telegram', 'c1')));
    expect(texts(await t.runtime.handleInbound(envelope('c1', 'two')))).toEqual(['#1 two']);
  });

  it('drops a redelivered message without writing anything', async () => {
    const t = await testRuntime('redelivered');
    await t.runtime.handleInbound(envelope('c1', 'one'));
    const two = envelope('c1', 'two', { messageId: 'u2' });
    expect(texts(await t.runtime.handleInbound(two))).toEqual(['#2 two']);
    const key = chatKey(t.prefix, chatId('telegram', 'c1'));
    const before = await t.redis.hgetall(key);
    expect(await t.runtime.handleInbound({ ...two, receivedAt: new Date() })).toEqual([]);
    expect(await t.redis.hgetall(key)).toEqual(before);
  });
});
