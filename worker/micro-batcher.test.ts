import { describe, expect, it } from 'vitest';
import { MicroBatcher, type Settlement } from './micro-batcher.js';

function deferred() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return { gate, release };
}

describe('MicroBatcher', () => {
  it('groups items that arrive together into one flush and settles each with its own result', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>({
      maxWaitMs: 5,
      flush: async (items) => {
        batches.push(items);
        return items.map((n) => ({ ok: true, value: n * 10 }));
      },
    });
    const results = await Promise.all([1, 2, 3].map((n) => batcher.add(n)));
    expect(results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('never exceeds maxSize nor maxConcurrentFlushes, and flushes what piled up when a slot frees', async () => {
    const { gate, release } = deferred();
    const batches: number[][] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const batcher = new MicroBatcher<number, number>({
      maxSize: 3,
      maxWaitMs: 1,
      maxConcurrentFlushes: 2,
      flush: async (items) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        batches.push(items);
        await gate;
        inFlight -= 1;
        return items.map((n) => ({ ok: true, value: n }));
      },
    });
    const all = Array.from({ length: 10 }, (_, i) => batcher.add(i));
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(batcher.pendingCount).toBe(4);
    release();
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(batches.slice(2)).toEqual([[6, 7, 8], [9]]);
    expect(maxInFlight).toBe(2);
    await batcher.whenIdle();
  });

  it('fails every item of a batch whose flush throws, and only that batch', async () => {
    const batcher = new MicroBatcher<string, string>({
      maxSize: 2,
      maxWaitMs: 1,
      flush: async (items) => {
        if (items.includes('bad')) throw new Error('database unreachable');
        return items.map((value) => ({ ok: true, value }));
      },
    });
    const outcomes = await Promise.allSettled(['a', 'bad', 'c', 'd'].map((s) => batcher.add(s)));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[0] as PromiseRejectedResult).reason.message).toBe('database unreachable');
  });

  it('passes per-item failures through without failing the rest', async () => {
    const batcher = new MicroBatcher<number, number>({
      flush: async (items) =>
        items.map((n): Settlement<number> => (n % 2 ? { ok: false, error: new Error(`odd ${n}`) } : { ok: true, value: n })),
    });
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map((n) => batcher.add(n)));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
      'odd 1',
      2,
      'odd 3',
      4,
    ]);
  });
});
