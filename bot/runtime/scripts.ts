import type { Redis } from 'ioredis';

/**
 * The Lua scripts behind the round trips of a message (two on a locked turn, one on
 * an unlocked one), each taking a batch of chats (see {@link ScriptBatcher}). Loaded once per client
 * with ioredis `defineCommand`, so each call is an EVALSHA (ioredis falls back to
 * EVAL by itself after a Redis restart empties the script cache).
 *
 * The chat hash holds:
 * - `s` the engine's state (JSON),
 * - `d` recently handled message ids, newest first, framed by `\n` (`\nid2\nid1\n`),
 *   and `n` how many there are,
 * - `l` the last lock holder's token and `u` until when (ms, Redis clock) it holds
 *   the lock; 0 when released,
 * - `v` the version: the token of the turn that saved it last.
 * The lock is two fields rather than a key of its own so the hash is the only key
 * per chat; expiry compares with Redis's own TIME, so process clocks need not agree.
 */

/**
 * Takes the locks of a batch of chats. KEYS: the activity zset, then one chat hash per
 * item. ARGV: lock ttl ms, session ttl s, then per item: message id ('' = none), lock
 * token, chat id, idle cutoff ms ('' = no check). Returns two entries per item:
 * 0 duplicate | 1, ms left (locked by another) | 2 no longer idle (skip) | 3, state
 * or nil (the lock is ours).
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lockTtl = tonumber(ARGV[1])
local out = {}
for i = 2, #KEYS do
  local h = KEYS[i]
  local a = 3 + (i - 2) * 4
  local id, token, chat, cutoff = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  local f = redis.call('HMGET', h, 's', 'd', 'l', 'u')
  local code, payload = 3, f[1]
  if id ~= '' and f[2] and string.find(f[2], '\\n' .. id .. '\\n', 1, true) then
    code, payload = 0, false
  else
    local held = tonumber(f[4])
    if held and held > now and f[3] ~= token then
      code, payload = 1, held - now
    elseif cutoff ~= '' then
      local score = redis.call('ZSCORE', KEYS[1], chat)
      if (not score) or tonumber(score) > tonumber(cutoff) then code, payload = 2, false end
    end
  end
  if code == 3 then
    redis.call('HSET', h, 'l', token, 'u', now + lockTtl)
    -- A hash without state or ids is new: give it a TTL at once, so a process dying
    -- before its commit leaves nothing behind for good. Every commit refreshes it.
    if not (f[1] or f[2]) then redis.call('EXPIRE', h, ARGV[2]) end
  end
  out[#out + 1] = code
  out[#out + 1] = payload or false
end
return out
`;

/**
 * Saves a batch of chats. KEYS: the activity zset, the intake outbox list, then one
 * chat hash per item. ARGV: session ttl s, max ids kept, then per item: token, guard,
 * message id ('' = none), mode ('w' write state, 'd' delete state, 'k' keep state),
 * state JSON, activity ('a' add, 'r' remove, 'n' leave), chat id, activity score ms,
 * a confirmed report's JSON ('' = none).
 *
 * The guard says what makes the write safe:
 * - '' (a locked turn): the chat's lock must still be this token's. Returns 1, or 0
 *   when the lock was taken over by another process.
 * - '=' followed by a version (an unlocked turn, run on the state this process saved
 *   last): the chat must still be at that version ('=' alone: no version, a chat never
 *   saved). Returns 1, or 2 when the message id was handled before, 3 when another
 *   process holds the lock, 4 when the chat has moved on since.
 * Anything but 1 writes nothing, report included. Every write stamps the token as the
 * chat's version `v`: tokens are unique per process and message, so a version never
 * comes back, not even after the hash expired and a new conversation began.
 *
 * A report is pushed onto the outbox in the same script that moves the conversation
 * past its summary, so the two cannot disagree: a saved "submitted" state always has
 * its report queued, and a report is never queued for a state that was not saved.
 * Unlocking sets `u` to 0 and leaves the last token in `l`: one HSET writes
 * everything, and a late commit still finds a token that is not its own.
 */
const COMMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = ARGV[1]
local maxIds = tonumber(ARGV[2])
local out = {}
for i = 3, #KEYS do
  local h = KEYS[i]
  local a = 3 + (i - 3) * 9
  local token, guard, id, mode, json = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4]
  local activity, chat, score, report = ARGV[a + 5], ARGV[a + 6], ARGV[a + 7], ARGV[a + 8]
  local f = redis.call('HMGET', h, 'l', 'd', 'n', 'u', 'v')
  local code = 1
  if guard == '' then
    if f[1] ~= token then code = 0 end
  elseif id ~= '' and f[2] and string.find(f[2], '\\n' .. id .. '\\n', 1, true) then
    code = 2
  elseif (tonumber(f[4]) or 0) > now then
    code = 3
  elseif (f[5] or '') ~= string.sub(guard, 2) then
    code = 4
  end
  if code ~= 1 then
    out[#out + 1] = code
  else
    if mode == 'd' then redis.call('HDEL', h, 's') end
    if id ~= '' then
      local ids = '\\n' .. id .. (f[2] or '\\n')
      local n = (tonumber(f[3]) or 0) + 1
      if n > maxIds then
        -- drop the oldest id (the last line)
        ids = string.match(ids, '^(.*\\n)[^\\n]*\\n$')
        n = n - 1
      end
      if mode == 'w' then
        redis.call('HSET', h, 's', json, 'd', ids, 'n', n, 'u', 0, 'v', token)
      else
        redis.call('HSET', h, 'd', ids, 'n', n, 'u', 0, 'v', token)
      end
    elseif mode == 'w' then
      redis.call('HSET', h, 's', json, 'u', 0, 'v', token)
    elseif (not f[2]) and redis.call('HEXISTS', h, 's') == 0 then
      -- Nothing but the lock was ever stored here (an idle-reminder run on an ended session).
      redis.call('DEL', h)
      h = nil
    else
      redis.call('HSET', h, 'u', 0, 'v', token)
    end
    if h then redis.call('EXPIRE', h, ttl) end
    if report ~= '' then redis.call('LPUSH', KEYS[2], report) end
    if activity == 'a' then
      redis.call('ZADD', KEYS[1], score, chat)
    elseif activity == 'r' then
      redis.call('ZREM', KEYS[1], chat)
    end
    out[#out + 1] = 1
  end
end
return out
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
  /** First argument: the number of keys. */
  laporBotAcquire(...args: string[]): Promise<Array<number | string | null>>;
  /** First argument: the number of keys. */
  laporBotCommit(...args: string[]): Promise<number[]>;
  laporLeaseTickets(counterKey: string, blockSize: number): Promise<number | null>;
}

/** Defines the scripts on a client (idempotent: defining twice replaces the same body). */
export function withScripts(redis: Redis): ScriptedRedis {
  const scripted = redis as ScriptedRedis;
  if (typeof scripted.laporBotAcquire !== 'function') {
    // No fixed numberOfKeys: a batch passes one key per chat, counted in the first argument.
    redis.defineCommand('laporBotAcquire', { lua: ACQUIRE });
    redis.defineCommand('laporBotCommit', { lua: COMMIT });
    redis.defineCommand('laporLeaseTickets', { numberOfKeys: 1, lua: LEASE_TICKETS });
  }
  return scripted;
}
