import { describe, expect, it } from 'vitest';
import { KeyedSerialQueue } from './chat-queue.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedSerialQueue', () => {
  it('runs one task per key at a time, in order, and keys side by side', async () => {
    const queue = new KeyedSerialQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`${name}+`);
      await tick(ms);
      log.push(`${name}-`);
      return name;
    };
    const results = await Promise.all([
      queue.run('a', task('a1', 20)),
      queue.run('a', task('a2', 1)),
      queue.run('b', task('b1', 5)),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log).toEqual(['a1+', 'b1+', 'b1-', 'a1-', 'a2+', 'a2-']);
    expect(queue.activeKeys).toBe(0);
  });

  it('goes on with the next task after one fails, and drains', async () => {
    const queue = new KeyedSerialQueue();
    const failed = queue.run('a', async () => {
      throw new Error('boom');
    });
    const thrownSync = queue.run('a', () => {
      throw new Error('sync boom');
    });
    const after = queue.run('a', async () => 'ok');
    const drained = queue.drain();
    await expect(failed).rejects.toThrow('boom');
    await expect(thrownSync).rejects.toThrow('sync boom');
    await expect(after).resolves.toBe('ok');
    await drained;
    expect(queue.activeKeys).toBe(0);
  });
});
