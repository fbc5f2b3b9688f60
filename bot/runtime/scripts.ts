import type { Redis } from 'ioredis';

/**
 * The Lua scripts behind the two round trips of a message. Loaded once per client
 * with ioredis `defineCommand`, so each call is an EVALSHA (ioredis falls back to
 * EVAL by itself after a Redis restart empties the script cache).
 *
 * The chat hash holds:
 * - `s` the engine's state (JSON),
 * - `d` recently handled message ids, newest first, framed by `\n` (`\nid2\nid1\n`),
 *   and `n` how many there are,
 * - `l` the last lock holder's token and `u` until when (ms, Redis clock) it holds
 *   the lock; 0 when released.
 * The lock is two fields rather than a key of its own so the hash is the only key
 * per chat; expiry compares with Redis's own TIME, so process clocks need not agree.
 */

/**
 * KEYS: chat hash, activity zset. ARGV: message id ('' = none), lock token, lock ttl
 * ms, session ttl s, chat id, idle cutoff ms ('' = no check).
 * Returns {0} duplicate, {1, ms left} locked by another, {2} no longer idle (skip),
 * {3[, state]} lock taken.
 */
const ACQUIRE = `
local h = KEYS[1]
local f = redis.call('HMGET', h, 's', 'd', 'l', 'u')
if ARGV[1] ~= '' and f[2] and string.find(f[2], '\\n' .. ARGV[1] .. '\\n', 1, true) then
  return {0}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local held = tonumber(f[4])
if held and held > now and f[3] ~= ARGV[2] then
  return {1, held - now}
end
if ARGV[6] ~= '' then
  local score = redis.call('ZSCORE', KEYS[2], ARGV[5])
  if (not score) or tonumber(score) > tonumber(ARGV[6]) then return {2} end
end
redis.call('HSET', h, 'l', ARGV[2], 'u', now + tonumber(ARGV[3]))
if f[1] then return {3, f[1]} end
-- A hash without state or ids is new: give it a TTL at once, so a process dying
-- before its commit leaves nothing behind for good. Every commit refreshes it.
if not f[2] then redis.call('EXPIRE', h, ARGV[4]) end
return {3}
`;

/**
 * KEYS: chat hash, activity zset. ARGV: lock token, message id ('' = none), mode
 * ('w' write state, 'd' delete state, 'k' keep state), state JSON, session ttl s,
 * max ids kept, activity ('a' add, 'r' remove, 'n' leave), chat id, activity score ms.
 * Returns 1, or 0 when the lock was taken over by another process (nothing written).
 * Unlocking sets `u` to 0 and leaves the last token in `l`: one HSET writes
 * everything, and a late commit still finds a token that is not its own.
 */
const COMMIT = `
local h = KEYS[1]
local f = redis.call('HMGET', h, 'l', 'd', 'n')
if f[1] ~= ARGV[1] then return 0 end
local mode = ARGV[3]
if mode == 'd' then redis.call('HDEL', h, 's') end
if ARGV[2] ~= '' then
  local ids = '\\n' .. ARGV[2] .. (f[2] or '\\n')
  local n = (tonumber(f[3]) or 0) + 1
  if n > tonumber(ARGV[6]) then
    -- drop the oldest id (the last line)
    ids = string.match(ids, '^(.*\\n)[^\\n]*\\n$')
    n = n - 1
  end
  if mode == 'w' then
    redis.call('HSET', h, 's', ARGV[4], 'd', ids, 'n', n, 'u', 0)
  else
    redis.call('HSET', h, 'd', ids, 'n', n, 'u', 0)
  end
elseif mode == 'w' then
  redis.call('HSET', h, 's', ARGV[4], 'u', 0)
elseif (not f[2]) and redis.call('HEXISTS', h, 's') == 0 then
  -- Nothing but the lock was ever stored here (an idle-reminder run on an ended session).
  redis.call('DEL', h)
  h = nil
else
  redis.call('HSET', h, 'u', 0)
end
if h then redis.call('EXPIRE', h, ARGV[5]) end
if ARGV[7] == 'a' then
  redis.call('ZADD', KEYS[2], ARGV[9], ARGV[8])
elseif ARGV[7] == 'r' then
  redis.call('ZREM', KEYS[2], ARGV[8])
end
return 1
`;

/**
 * KEYS: ticket counter. ARGV: block size. Returns the new counter value, or false when
 * the counter is missing: INCRBY would silently restart it from zero and hand out
 * serials existing reports already carry.
 */
const LEASE_TICKETS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
return redis.call('INCRBY', KEYS[1], ARGV[1])
`;

/** A client with the runtime's scripts defined on it. */
export interface ScriptedRedis extends Redis {
  laporBotAcquire(...args: Array<string | number>): Promise<[number, (number | string)?]>;
  laporBotCommit(...args: Array<string | number>): Promise<number>;
  laporLeaseTickets(counterKey: string, blockSize: number): Promise<number | null>;
}

/** Defines the scripts on a client (idempotent: defining twice replaces the same body). */
export function withScripts(redis: Redis): ScriptedRedis {
  const scripted = redis as ScriptedRedis;
  if (typeof scripted.laporBotAcquire !== 'function') {
    redis.defineCommand('laporBotAcquire', { numberOfKeys: 2, lua: ACQUIRE });
    redis.defineCommand('laporBotCommit', { numberOfKeys: 2, lua: COMMIT });
    redis.defineCommand('laporLeaseTickets', { numberOfKeys: 1, lua: LEASE_TICKETS });
  }
  return scripted;
}
