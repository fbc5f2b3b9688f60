import { describe, expect, it } from 'vitest';
import { FlushGroup, ScriptBatcher } from './script-batcher.js';

describe('ScriptBatcher', () => {
  it('sends the calls of one turn together and hands each caller its own result', async () => {
    const sent: number[][] = [];
    const batcher = new ScriptBatcher<number, number>(async (items) => {
      sent.push(items);
      return items.map((n) => n * 10);
    }, 3);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.call(n)));
    expect(results).toEqual([10, 20, 30, 40, 50]);
    // At most three per command; the rest waited for the end of the turn.
    expect(sent).toEqual([[1, 2, 3], [4, 5]]);
    expect(batcher.stats).toEqual({ calls: 5, batches: 2 });
  });

  it('fails every call of a batch whose command failed, and only those', async () => {
    let fail = true;
    const batcher = new ScriptBatcher<string, string>(async (items) => {
      if (fail) throw new Error('NOSCRIPT or connection lost');
      return items;
    });
    const failed = [batcher.call('a'), batcher.call('b')];
    await expect(Promise.all(failed)).rejects.toThrow('connection lost');
    await expect(failed[1]).rejects.toThrow();
    fail = false;
    await expect(batcher.call('c')).resolves.toBe('c');
  });
});

describe('FlushGroup', () => {
  it('flushes every batcher due in a turn between one cork and one uncork of the socket', async () => {
    const events: string[] = [];
    const socket = { cork: () => events.push('cork'), uncork: () => events.push('uncork') };
    const group = new FlushGroup(() => socket);
    const batcher = (name: string) =>
      new ScriptBatcher<number, number>(async (items) => {
        events.push(`${name}:${items.join(',')}`);
        return items;
      }, 256, group);
    const acquire = batcher('acquire');
    const commit = batcher('commit');
    await Promise.all([acquire.call(1), commit.call(2), acquire.call(3)]);
    expect(events).toEqual(['cork', 'acquire:1,3', 'commit:2', 'uncork']);
    // A later turn is a write of its own.
    await commit.call(4);
    expect(events.slice(4)).toEqual(['cork', 'commit:4', 'uncork']);
  });
});
