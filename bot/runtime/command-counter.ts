import type { Redis } from 'ioredis';

/** A running count of the commands one client sent; see {@link countRedisCommands}. */
export interface CommandCounter {
  /** Commands sent since the counter started or was last reset, by command name. */
  readonly byName: ReadonlyMap<string, number>;
  /** Commands sent since the counter started or was last reset. */
  total(): number;
  reset(): void;
  /** Puts the client's own sendCommand back. */
  stop(): void;
}

/**
 * Counts every command a client writes — plain calls, scripts (EVALSHA, and the EVAL
 * fallback after NOSCRIPT), pipelines and auto-pipelined batches all pass through
 * `sendCommand`. Each command is one request/response exchange with Redis; with
 * pipelining several share a network write, so this is an upper bound on round trips
 * as a client waits for them. For tests and the benchmark.
 */
export function countRedisCommands(redis: Redis): CommandCounter {
  const byName = new Map<string, number>();
  const original = redis.sendCommand;
  // Pipelines call sendCommand with a third argument (the cluster node) the typings omit.
  const patched = function (this: Redis, ...args: Parameters<Redis['sendCommand']>) {
    const name = args[0].name;
    byName.set(name, (byName.get(name) ?? 0) + 1);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  redis.sendCommand = patched as Redis['sendCommand'];
  return {
    byName,
    total: () => [...byName.values()].reduce((a, b) => a + b, 0),
    reset: () => byName.clear(),
    stop: () => {
      redis.sendCommand = original;
    },
  };
}
