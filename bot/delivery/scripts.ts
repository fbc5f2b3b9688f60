import type { Redis } from 'ioredis';

/**
 * The Lua scripts behind the delivery pacer (pacer.ts), each one atomic so several
 * worker processes share one schedule. Times come from Redis's own TIME, so process
 * clocks need not agree. Loaded once per client with ioredis `defineCommand`
 * (EVALSHA, with ioredis falling back to EVAL after a script-cache flush).
 *
 * The acquire script reads BullMQ job hashes by name (to drop a finished or vanished
 * head) and touches a chat's and its channel's keys together, so it assumes a single
 * Redis, not a Cluster.
 */

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * KEYS: chat order list, chat ids hash. ARGV: ttl s, delivery ids…
 * Appends the ids not registered yet, in order. Returns the chat's head (the id that
 * may go first), or false when the list is empty.
 */
const REGISTER = `${NOW}
for i = 2, #ARGV do
  if redis.call('HSETNX', KEYS[2], ARGV[i], now) == 1 then
    redis.call('RPUSH', KEYS[1], ARGV[i])
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return redis.call('LINDEX', KEYS[1], 0)
`;

/**
 * KEYS: chat state hash, chat order list, chat ids hash, channel slots zset, channel
 * pause key, channel sends zset. ARGV: delivery id, slot ms, chat gap ms, window ms,
 * per-window limit, grace ms, BullMQ job key prefix, ttl s, park ms, in-flight lease ms,
 * chat slot gap ms.
 * Returns {0, 0} send now; {1, ms} come back in ms (a slot is reserved, or the limits
 * need a moment more); {2, ms} the channel is paused for ms; {3, ms} an earlier message
 * of the chat is unfinished.
 *
 * Two layers: a reserved slot spreads a burst evenly over time (each message sleeps
 * until its slot instead of everyone asking at once), and at the moment of sending the
 * real counts decide (sends of the channel in the last window, the chat's last send,
 * each counted until its answer came back: see SETTLE),
 * so a message that wakes late can still go at once without ever crowding a window.
 */
const ACQUIRE = `${NOW}
local id = ARGV[1]
local slot_ms, gap, window, limit = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local ttl = tonumber(ARGV[8])

local paused = redis.call('PTTL', KEYS[5])
if paused > 0 then
  if redis.call('HGET', KEYS[1], 'rj') == id then redis.call('HDEL', KEYS[1], 'rj', 'rs') end
  return {2, paused}
end

-- Only the oldest unfinished message of a chat may go. A head whose job finished
-- without saying so, or was never added (a producer died between registering and
-- adding), is dropped so it cannot hold the chat for ever.
local head = redis.call('LINDEX', KEYS[2], 0)
while head and head ~= id do
  local job = ARGV[7] .. head
  local gone = false
  if redis.call('EXISTS', job) == 0 then
    local since = tonumber(redis.call('HGET', KEYS[3], head) or '0')
    gone = now - since > tonumber(ARGV[6])
  elseif redis.call('HEXISTS', job, 'finishedOn') == 1 then
    gone = true
  end
  if not gone then break end
  redis.call('LPOP', KEYS[2])
  redis.call('HDEL', KEYS[3], head)
  head = redis.call('LINDEX', KEYS[2], 0)
end
if head ~= id then
  if redis.call('LPOS', KEYS[2], id) then return {3, tonumber(ARGV[9])} end
  -- Not listed at all (its registration expired or was dropped): join at the end.
  redis.call('RPUSH', KEYS[2], id)
  redis.call('HSET', KEYS[3], id, now)
  redis.call('EXPIRE', KEYS[2], ttl)
  redis.call('EXPIRE', KEYS[3], ttl)
  if redis.call('LINDEX', KEYS[2], 0) ~= id then return {3, tonumber(ARGV[9])} end
end

local r = redis.call('HMGET', KEYS[1], 'rj', 'rs', 'last', 'sent')
if r[1] ~= id then
  -- Reserve the first free slot of the channel from now that keeps the chat's gap
  -- after its previous slot.
  local earliest = now
  local last = tonumber(r[3])
  local slot_gap = tonumber(ARGV[11])
  if last and last + slot_gap > earliest then earliest = last + slot_gap end
  -- The slot already begun counts too: an idle channel sends a reply at once (the
  -- counts below still keep every window within the limit).
  local slot = math.floor(earliest / slot_ms)
  local page = 128
  repeat
    local taken = redis.call('ZRANGEBYSCORE', KEYS[4], slot, '+inf', 'LIMIT', 0, page)
    local contiguous = true
    for i = 1, #taken do
      if tonumber(taken[i]) == slot then slot = slot + 1 else contiguous = false break end
    end
  until (not contiguous) or #taken < page
  redis.call('ZADD', KEYS[4], slot, string.format('%.0f', slot))
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', math.floor(now / slot_ms) - 1)
  redis.call('PEXPIRE', KEYS[4], 3600000)
  local at = math.ceil(slot * slot_ms)
  redis.call('HSET', KEYS[1], 'last', at, 'rj', id, 'rs', at)
  redis.call('EXPIRE', KEYS[1], ttl)
  r[2] = at
end
local at = tonumber(r[2])
if now < at then return {1, at - now} end

-- The slot has come: the real counts have the last word. A send counts from the
-- moment it was granted until its answer came back (settle), because the channel
-- received it somewhere in between: a send answered more than a window ago cannot
-- share the channel's second with one starting now, however slow the network was.
local wait = 0
local sent = tonumber(r[4])
if sent and sent + gap > now then wait = sent + gap - now end
redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[6])
if n >= limit then
  local e = redis.call('ZRANGE', KEYS[6], n - limit, n - limit, 'WITHSCORES')
  local leaves = tonumber(e[2])
  -- Still in flight: its answer will tell when it leaves; look again shortly.
  if leaves > now then leaves = now - window + 10 end
  if leaves + window + 1 - now > wait then wait = leaves + window + 1 - now end
end
if wait > 0 then return {1, wait} end
local lease = now + tonumber(ARGV[10])
redis.call('ZADD', KEYS[6], lease, id)
redis.call('PEXPIRE', KEYS[6], math.ceil(window) + tonumber(ARGV[10]))
redis.call('HSET', KEYS[1], 'sent', lease)
redis.call('HDEL', KEYS[1], 'rj', 'rs')
return {0, 0}
`;

/**
 * KEYS: chat state hash, chat order list, chat ids hash. ARGV: delivery id.
 * Takes a delivered (or given-up) message out of its chat's order and returns the
 * chat's next delivery id, or false.
 */
const FINISH = `
redis.call('LREM', KEYS[2], 0, ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if redis.call('HGET', KEYS[1], 'rj') == ARGV[1] then redis.call('HDEL', KEYS[1], 'rj', 'rs') end
return redis.call('LINDEX', KEYS[2], 0)
`;

/**
 * KEYS: chat state hash, channel sends zset. ARGV: delivery id.
 * The channel answered (whatever it said): the send stops counting as in flight and
 * counts from now on, until it is a window old.
 */
const SETTLE = `${NOW}
redis.call('ZADD', KEYS[2], 'XX', now, ARGV[1])
redis.call('HSET', KEYS[1], 'sent', now)
return now
`;

/** KEYS: chat order list. ARGV: delivery id. 1 when it is the chat's oldest unfinished message. */
const IS_HEAD = `
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then return 1 end
return 0
`;

/**
 * KEYS: channel pause key. ARGV: ms, reason. Pauses the channel for at least ms (an
 * existing longer pause is kept). Returns the pause left in ms.
 */
const PAUSE = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
end
return redis.call('PTTL', KEYS[1])
`;

/** A client with the delivery scripts defined on it. */
export interface DeliveryRedis extends Redis {
  deliveryRegister(order: string, ids: string, ttlSeconds: number, ...deliveryIds: string[]): Promise<string | null>;
  deliveryAcquire(
    state: string,
    order: string,
    ids: string,
    slots: string,
    pause: string,
    sends: string,
    ...argv: (string | number)[]
  ): Promise<[number, number]>;
  deliveryFinish(state: string, order: string, ids: string, deliveryId: string): Promise<string | null>;
  deliveryIsHead(order: string, deliveryId: string): Promise<number>;
  deliverySettle(state: string, sends: string, deliveryId: string): Promise<number>;
  deliveryPause(pause: string, ms: number, reason: string): Promise<number>;
}

/** Defines the scripts on a client (idempotent). */
export function withDeliveryScripts(redis: Redis): DeliveryRedis {
  redis.defineCommand('deliveryRegister', { numberOfKeys: 2, lua: REGISTER });
  redis.defineCommand('deliveryAcquire', { numberOfKeys: 6, lua: ACQUIRE });
  redis.defineCommand('deliveryFinish', { numberOfKeys: 3, lua: FINISH });
  redis.defineCommand('deliveryIsHead', { numberOfKeys: 1, lua: IS_HEAD });
  redis.defineCommand('deliverySettle', { numberOfKeys: 2, lua: SETTLE });
  redis.defineCommand('deliveryPause', { numberOfKeys: 1, lua: PAUSE });
  return redis as DeliveryRedis;
}
