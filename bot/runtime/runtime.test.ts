import { describe, expect, it } from 'vitest';
import { countRedisCommands } from './command-counter.js';
import { fallbackTexts } from './fallback-replies.js';
import { chatId, chatKey, idleKey } from './keys.js';
import type { ScriptedState } from './fixtures/scripted-engine.js';
import { envelope, testRuntime, texts, type TestRuntime } from './fixtures/test-runtime.js';

// Each test's runtime closes itself when the test ends (onTestFinished in testRuntime).
let t: TestRuntime;

async function savedState(chatRef: string): Promise<ScriptedState | null> {
  const json = await t.redis.hget(chatKey(t.prefix, chatId('telegram', chatRef)), 's');
  return json === null ? null : (JSON.parse(json) as ScriptedState);
}

describe('createBotRuntime: one chat, one message at a time', () => {
  it('handles a duplicate delivery of one message id once', async () => {
    t = await testRuntime('dup');
    const message = envelope('c1', 'hello', { messageId: 'update-1' });
    expect(texts(await t.runtime.handleInbound(message))).toEqual(['#1 hello']);
    expect(await t.runtime.handleInbound({ ...message, receivedAt: new Date() })).toEqual([]);
    expect((await savedState('c1'))?.log).toEqual(['hello']);
  });

  it('handles a duplicate that arrives while the first copy is still being handled once', async () => {
    t = await testRuntime('dup-concurrent');
    const message = envelope('c1', 'hello', { messageId: 'update-1' });
    const [a, b] = await Promise.all([t.runtime.handleInbound(message), t.runtime.handleInbound(message)]);
    expect([texts(a), texts(b)]).toEqual([['#1 hello'], []]);
  });

  it('answers concurrent messages of one chat in order of arrival, each applied once', async () => {
    t = await testRuntime('order');
    const words = ['one', 'two', 'three', 'four', 'five', 'six'];
    const answers = await Promise.all(words.map((w) => t.runtime.handleInbound(envelope('c1', w))));
    expect(answers.map(texts)).toEqual(words.map((w, i) => [`#${i + 1} ${w}`]));
    expect((await savedState('c1'))?.log).toEqual(words);
  });

  it('keeps chats apart', async () => {
    t = await testRuntime('apart');
    await Promise.all([t.runtime.handleInbound(envelope('a', 'x')), t.runtime.handleInbound(envelope('b', 'y'))]);
    expect((await savedState('a'))?.log).toEqual(['x']);
    expect((await savedState('b'))?.log).toEqual(['y']);
  });

  it('resumes where the citizen was after a restart (a new runtime reads the saved state)', async () => {
    t = await testRuntime('resume');
    await t.runtime.handleInbound(envelope('c1', 'a'));
    await t.runtime.handleInbound(envelope('c1', 'b'));
    const restarted = await t.another();
    expect(texts(await restarted.handleInbound(envelope('c1', 'c')))).toEqual(['#3 c']);
  });

  it('saves the state with the session TTL and deletes it when the engine ends the session', async () => {
    t = await testRuntime('ttl', { sessionTtlSeconds: 3600 });
    await t.runtime.handleInbound(envelope('c1', 'a'));
    const key = chatKey(t.prefix, chatId('telegram', 'c1'));
    const ttl = await t.redis.ttl(key);
    expect(ttl).toBeGreaterThan(3590);
    expect(ttl).toBeLessThanOrEqual(3600);
    expect(await t.redis.hget(key, 'u')).toBe('0'); // unlocked

    const cancel = envelope('c1', 'cancel');
    expect(texts(await t.runtime.handleInbound(cancel))).toEqual(['cancelled']);
    expect(await savedState('c1')).toBeNull();
    expect(await t.redis.zscore(idleKey(t.prefix), chatId('telegram', 'c1'))).toBeNull();
    // The handled ids outlive the state: a redelivered "cancel" must not open a new session.
    expect(await t.runtime.handleInbound(cancel)).toEqual([]);
    expect(await savedState('c1')).toBeNull();
  });

  it('keeps a silent session 7 days when not told otherwise, renewed by each message', async () => {
    const WEEK = 7 * 24 * 3600;
    t = await testRuntime('ttl-default');
    const key = chatKey(t.prefix, chatId('telegram', 'c1'));
    await t.runtime.handleInbound(envelope('c1', 'a'));
    const first = await t.redis.ttl(key);
    expect(first).toBeGreaterThan(WEEK - 10);
    expect(first).toBeLessThanOrEqual(WEEK);

    // Redis counts the TTL down in real time; shorten it to show the next message renews it.
    await t.redis.expire(key, 60);
    await t.runtime.handleInbound(envelope('c1', 'b'));
    expect(await t.redis.ttl(key)).toBeGreaterThan(WEEK - 10);
  });

  it('remembers a bounded number of handled ids per chat', async () => {
    t = await testRuntime('bounded', { maxHandledIds: 3 });
    for (const id of ['u1', 'u2', 'u3', 'u4']) await t.runtime.handleInbound(envelope('c1', id, { messageId: id }));
    const key = chatKey(t.prefix, chatId('telegram', 'c1'));
    expect(await t.redis.hget(key, 'd')).toBe('\nu4\nu3\nu2\n');
    expect(await t.runtime.handleInbound(envelope('c1', 'again', { messageId: 'u2' }))).toEqual([]);
    // u1 fell out of the window: a delivery that late is handled again.
    expect(texts(await t.runtime.handleInbound(envelope('c1', 'u1', { messageId: 'u1' })))).toEqual(['#5 u1']);
  });

  it('restarts a conversation whose saved state is unreadable instead of wedging the chat', async () => {
    t = await testRuntime('corrupt');
    await t.redis.hset(chatKey(t.prefix, chatId('telegram', 'c1')), 's', '{not json');
    expect(texts(await t.runtime.handleInbound(envelope('c1', 'hi')))).toEqual(['#1 hi']);
  });

  it('apologises, keeps the state and unlocks the chat when the engine throws', async () => {
    t = await testRuntime('boom');
    await t.runtime.handleInbound(envelope('c1', 'a'));
    const replies = await t.runtime.handleInbound(envelope('c1', 'boom'));
    expect(texts(replies)).toEqual([expect.stringContaining('Maaf')]);
    expect(texts(await t.runtime.handleInbound(envelope('c1', 'b')))).toEqual(['#2 b']);
  });

  it('waits on two Redis round trips for a chat’s first message here and one for the next, batching concurrent chats', async () => {
    t = await testRuntime('roundtrips');
    // The first call of each script may cost a NOSCRIPT/EVAL fallback; count after it.
    await t.runtime.handleInbound(envelope('warm', 'up'));
    const counter = countRedisCommands(t.redis);
    await t.runtime.handleInbound(envelope('alone', 'hello'));
    expect(Object.fromEntries(counter.byName)).toEqual({ evalsha: 2 });
    counter.reset();
    await t.runtime.handleInbound(envelope('alone', 'again'));
    expect(Object.fromEntries(counter.byName)).toEqual({ evalsha: 1 });

    counter.reset();
    const before = { acquires: t.runtime.stats.acquire.calls, commits: t.runtime.stats.commit.calls };
    const sends = 40;
    await Promise.all(
      Array.from({ length: sends }, (_, i) => t.runtime.handleInbound(envelope(`chat-${i % 10}`, `m${i}`))),
    );
    counter.stop();
    // Only each chat's first message took the lock.
    expect(t.runtime.stats.acquire.calls - before.acquires).toBe(10);
    expect(t.runtime.stats.commit.calls - before.commits).toBe(sends);
    // Ten chats at a time share a script call: 4 rounds of 10, two scripts in the first, one after.
    expect(counter.byName.get('evalsha')).toBeLessThanOrEqual(2 + 3);
    expect([...counter.byName.keys()]).toEqual(['evalsha']);
  });

  it('takes the lock for every message when told to remember no chats', async () => {
    t = await testRuntime('remember-none', { recentChats: 0 });
    await t.runtime.handleInbound(envelope('warm', 'up'));
    const counter = countRedisCommands(t.redis);
    for (const text of ['a', 'b', 'c']) await t.runtime.handleInbound(envelope('c1', text));
    counter.stop();
    expect(Object.fromEntries(counter.byName)).toEqual({ evalsha: 6 });
    expect((await savedState('c1'))?.log).toEqual(['a', 'b', 'c']);
  });

  it('keeps its own texts within one GSM-7 SMS segment', () => {
    for (const text of fallbackTexts) {
      expect(text.length).toBeLessThanOrEqual(160);
      expect(text).toMatch(/^[A-Za-z0-9 .,:!?'()\-]*$/);
    }
  });
});
