import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { constants as perf, monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { ConversationEngine, ConversationState, InboundEnvelope } from '../conversations/contract.js';
import { createEngine, defaultCategories, loadGazetteer } from '../conversations/index.js';
import { loadConfigOrExit } from '../core/config.js';
import { assertRedisReachable, deleteKeysByPrefix } from '../core/redis.js';
import { countRedisCommands, type CommandCounter } from '../bot/runtime/command-counter.js';
import { startForwarderThread } from '../bot/runtime/forwarder-thread.js';
import { chatId, chatKey } from '../bot/runtime/keys.js';
import { createBotRuntime, type BotRuntime } from '../bot/runtime/runtime.js';
import { createTicketAllocator } from '../bot/runtime/ticket-allocator.js';
import { intakeQueue, openQueue } from '../worker/queues.js';

/**
 * `npm run bench:conversation`: the whole intake conversation through the real bot
 * runtime and the real engine, against real Redis and a real BullMQ intake queue in a
 * throw-away prefix (no worker runs, no channel network), with every guarantee on:
 * de-duplication, per-chat locks, state with TTL, tickets, the confirmed report in the
 * intake outbox before the answer, and the outbox forwarder moving reports into the
 * intake queue in the same process, on its own thread as `npm run bot` runs it (off
 * the messages' path, but on the same two CPUs).
 *
 * 1. capacity: CITIZENS conversations at once, each citizen sending its next message
 *    as soon as the previous one is answered -> messages/s (after a warm-up until the
 *    rate settles; the median of three such loops);
 * 2. latency: messages arriving open-loop at half that rate, spread over
 *    CONVERSATIONS conversations at staggered steps -> p50/p99 from scheduled arrival
 *    to answer.
 * Each of the two starts from a collected heap (see {@link collectGarbage}).
 * The last line of output is one JSON object.
 */

const CITIZENS = Number(process.env.BENCH_CITIZENS ?? 1000);
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 10_000);
const MAX_WARM_ROUNDS = 8;
// BENCH_CITIZENS, BENCH_CONVERSATIONS and BENCH_RATE (below) are for exploring; the
// figures the issue asks for are the defaults.
const TRANSCRIPT = '../../shared/conversations/01-telegram-road-batam.json';

interface Transcript {
  channel: 'telegram';
  now: string;
  first: string;
  answers: Record<string, string>;
}

/** The messages of one citizen walking the flow, and the size of the state after each. */
interface Plan {
  texts: string[];
  stateBytes: number[];
}

/**
 * Walks the transcript through the engine in memory, answering whatever field the
 * state says is open, so the benchmark sends exactly the messages a citizen would.
 */
function planConversation(engine: ConversationEngine, transcript: Transcript): Plan {
  const ctx = {
    now: new Date(transcript.now),
    channel: transcript.channel,
    chatRef: 'planner',
    newTicket: () => 'LPR-0000000',
  };
  const texts = [transcript.first];
  const stateBytes: number[] = [];
  let state: ConversationState | null = null;
  for (;;) {
    const result = engine.handle(state, { type: 'text', text: texts.at(-1)! }, ctx);
    if (result.effects.some((e) => e.type === 'submit_report')) return { texts, stateBytes };
    state = result.state;
    if (state === null) throw new Error(`conversation ended before submitting, after "${texts.at(-1)}"`);
    stateBytes.push(Buffer.byteLength(JSON.stringify(state)));
    const step = String(state['step']);
    const answer = transcript.answers[step === 'summary' ? 'confirm' : step];
    if (answer === undefined || texts.length > 60) {
      throw new Error(`no answer for step "${step}"; last reply: ${result.replies.map((r) => r.text).join(' | ')}`);
    }
    texts.push(answer);
  }
}

function envelope(chatRef: string, index: number, text: string): InboundEnvelope {
  return {
    channel: 'telegram',
    chatRef,
    messageId: String(index),
    receivedAt: new Date(),
    message: { type: 'text', text },
  };
}

const TICKET = /LPR-[0-9A-Z]{7}/;

/** Every citizen sends its next message as soon as the previous one is answered. */
async function closedLoop(runtime: BotRuntime, plan: Plan, citizens: number, tag: string) {
  let tickets = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: citizens }, async (_, i) => {
      const chatRef = `${tag}-${i}`;
      let last = '';
      for (const [k, text] of plan.texts.entries()) {
        const replies = await runtime.handleInbound(envelope(chatRef, k, text));
        last = replies.map((r) => r.text).join('\n');
      }
      if (TICKET.test(last)) tickets += 1;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const messages = citizens * plan.texts.length;
  return { messages, seconds, perSecond: messages / seconds, tickets };
}

/**
 * Arrivals on a fixed schedule whatever the answers do (open loop), at `rate` messages
 * per second on average. Conversations start one after another over the first three
 * quarters of the run and each sends its messages evenly over a quarter of it, so at
 * any moment citizens at every step are writing (not all at the same step in waves).
 * Latency counts from the scheduled arrival, so a stalled process cannot hide its
 * queueing delay (no coordinated omission).
 */
async function openLoop(runtime: BotRuntime, plan: Plan, conversations: number, rate: number, tag: string) {
  const steps = plan.texts.length;
  const total = conversations * steps;
  const span = (total / rate) * 1000;
  const window = span / 4;
  const at = new Float64Array(total);
  for (let c = 0; c < conversations; c += 1) {
    const begin = (c / conversations) * (span - window);
    for (let k = 0; k < steps; k += 1) at[c * steps + k] = begin + (k * window) / (steps - 1);
  }
  const order = Uint32Array.from({ length: total }, (_, i) => i).sort((a, b) => at[a]! - at[b]!);
  const latencies = new Float64Array(total);
  // How late the event loop runs its callbacks: on a busy machine the process waits for
  // a CPU, and every message waiting meanwhile waits as long.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  // The chat thread's collections during the run: a full one (marking the whole old
  // generation) was behind most slow stretches seen while tuning.
  const gcs = { minor: 0, minorMaxMs: 0, major: 0, majorMaxMs: 0 };
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) countCollection(gcs, entry);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const start = performance.now() + 5;
  let next = 0;
  let done = 0;
  let tickets = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      const now = performance.now();
      while (next < total && start + at[order[next]!]! <= now) {
        const i = order[next]!;
        next += 1;
        const conversation = Math.floor(i / steps);
        const k = i % steps;
        const scheduled = start + at[i]!;
        runtime.handleInbound(envelope(`${tag}-${conversation}`, k, plan.texts[k]!)).then((replies) => {
          latencies[i] = performance.now() - scheduled;
          if (k === steps - 1 && replies.some((r) => TICKET.test(r.text))) tickets += 1;
          done += 1;
          if (done === total) resolve();
        }, reject);
      }
      if (next < total) {
        const wait = start + at[order[next]!]! - performance.now();
        if (wait > 1) setTimeout(pump, Math.floor(wait));
        else setImmediate(pump);
      }
    };
    pump();
  });
  loopDelay.disable();
  gcObserver.disconnect();
  const quantile = (values: Float64Array, q: number) => {
    const sorted = Float64Array.from(values).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  };
  // p99 of each tenth of the run by arrival time: tells a steady overload from passing stalls.
  const byArrival = Float64Array.from(order, (i) => latencies[i]!);
  const tenth = Math.ceil(total / 10);
  const p99ByTenth = Array.from({ length: 10 }, (_, i) => quantile(byArrival.subarray(i * tenth, (i + 1) * tenth), 0.99));
  const seconds = (performance.now() - start) / 1000;
  return {
    messages: total,
    seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: quantile(latencies, 1),
    p99ByTenth,
    loopDelayP50: loopDelay.percentile(50) / 1e6,
    loopDelayP99: loopDelay.percentile(99) / 1e6,
    gcs,
    tickets,
  };
}

function countCollection(
  gcs: { minor: number; minorMaxMs: number; major: number; majorMaxMs: number },
  entry: PerformanceEntry,
): void {
  const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
  if (kind === perf.NODE_PERFORMANCE_GC_MAJOR) {
    gcs.major += 1;
    gcs.majorMaxMs = Math.max(gcs.majorMaxMs, entry.duration);
  } else if (kind === perf.NODE_PERFORMANCE_GC_MINOR) {
    gcs.minor += 1;
    gcs.minorMaxMs = Math.max(gcs.minorMaxMs, entry.duration);
  }
}

/**
 * What one conversation keeps in Redis, measured on the chat's hash after each of its
 * messages: the state plus its version, lock fields and the handled message ids. The
 * ids are shaped like WhatsApp's (`false_628…@c.us_3EB0…`, 44 characters), the longest
 * any channel sends, so the figure is the most a conversation of this length holds.
 */
async function chatFootprint(runtime: BotRuntime, redis: Redis, prefix: string, plan: Plan) {
  const chatRef = 'footprint';
  const key = chatKey(prefix, chatId('telegram', chatRef));
  let fieldBytes = 0;
  let memoryUsage = 0;
  for (const [k, text] of plan.texts.entries()) {
    const messageId = `false_6281234567890@c.us_3EB0${k.toString(16).toUpperCase().padStart(16, '0')}`;
    await runtime.handleInbound({ ...envelope(chatRef, k, text), messageId });
    const hash = await redis.hgetall(key);
    const bytes = Object.entries(hash).reduce((n, [f, v]) => n + Buffer.byteLength(f) + Buffer.byteLength(v), 0);
    fieldBytes = Math.max(fieldBytes, bytes);
    memoryUsage = Math.max(memoryUsage, Number((await redis.call('MEMORY', 'USAGE', key)) ?? 0));
  }
  return { fieldBytes, memoryUsage };
}

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/** The whole machine's CPU time so far, in ticks, from /proc/stat; null where there is none. */
interface MachineTicks {
  total: number;
  idle: number;
  /** Time the hypervisor gave this virtual machine's CPUs to other guests. */
  steal: number;
}

function machineTicks(): MachineTicks | null {
  try {
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    if (fields.length < 8 || fields.some(Number.isNaN)) return null;
    return { total: fields.reduce((a, b) => a + b, 0), idle: fields[3]! + fields[4]!, steal: fields[7]! };
  } catch {
    return null;
  }
}

/** What a measured phase cost, per message, and how the session scripts were batched. */
interface PhaseCost {
  botMicros: number;
  redisMicros: number;
  acquires: number;
  commits: number;
  /** Script calls that carried the acquires and commits. */
  batches: number;
  chatsPerCall: number;
  /** Session round trips a message waited on: its acquire (if it took the lock) and its commit. */
  sessionRoundTrips: number;
  /** Shares of the machine's CPU time that were idle and stolen by the hypervisor; null off Linux. */
  machine: { idle: number; steal: number } | null;
}

/**
 * Starts measuring a phase: CPU of this process and of the Redis server (which may
 * also be serving others meanwhile), and the runtime's session script calls. The
 * returned function ends it, given the messages the phase handled.
 */
async function startCostMeter(redis: Redis, stats: BotRuntime['stats']): Promise<(messages: number) => Promise<PhaseCost>> {
  const calls = () => ({
    acquires: stats.acquire.calls,
    commits: stats.commit.calls,
    batches: stats.acquire.batches + stats.commit.batches,
  });
  const before = calls();
  const redisBefore = await redisCpuSeconds(redis);
  const ticksBefore = machineTicks();
  const cpuBefore = process.cpuUsage();
  return async (messages) => {
    const cpu = process.cpuUsage(cpuBefore);
    const ticksAfter = machineTicks();
    const redisCpu = (await redisCpuSeconds(redis)) - redisBefore;
    const after = calls();
    const acquires = after.acquires - before.acquires;
    const commits = after.commits - before.commits;
    const batches = after.batches - before.batches;
    return {
      botMicros: (cpu.user + cpu.system) / messages,
      redisMicros: (redisCpu * 1e6) / messages,
      acquires,
      commits,
      batches,
      chatsPerCall: (acquires + commits) / batches,
      sessionRoundTrips: (acquires + commits) / messages,
      machine: machineShares(ticksBefore, ticksAfter),
    };
  };
}

function machineShares(before: MachineTicks | null, after: MachineTicks | null): PhaseCost['machine'] {
  if (!before || !after || after.total === before.total) return null;
  const total = after.total - before.total;
  return { idle: (after.idle - before.idle) / total, steal: (after.steal - before.steal) / total };
}

/** "idle 12%, stolen 0%" of the machine's CPU time over a phase, to tell a slow machine from slow code. */
function describeMachine(machine: PhaseCost['machine']): string {
  if (!machine) return 'machine idle and stolen time unknown (no /proc/stat)';
  const percent = (share: number) => `${round(share * 100, 1)}%`;
  return `machine CPU time idle ${percent(machine.idle)}, stolen by the hypervisor ${percent(machine.steal)}`;
}

/**
 * A full collection before each measured phase (the script runs Node with
 * `--expose-gc`), so a phase does not pay for the one before: the closed loops keep
 * 1,000 conversations in flight at once and leave the old generation far fuller than
 * a process at half load would have it, and whether the full collection that garbage
 * calls for fell inside the ten-second latency run was a matter of luck. Full
 * collections the latency run causes itself still happen inside it and are counted.
 */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  else console.log('note: run with --expose-gc (as npm run bench:conversation does) to start each phase from a collected heap');
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await assertRedisReachable(config.REDIS_URL);
  const prefix = `${config.REDIS_PREFIX}_bench_${randomBytes(3).toString('hex')}`;
  const transcript = JSON.parse(
    readFileSync(fileURLToPath(new URL(TRANSCRIPT, import.meta.url)), 'utf8'),
  ) as Transcript;

  const loadStarted = performance.now();
  const engine = createEngine({ gazetteer: loadGazetteer(), categories: defaultCategories });
  const plan = planConversation(engine, transcript);
  console.log(`engine ready in ${Math.round(performance.now() - loadStarted)} ms; ${plan.texts.length} messages per conversation`);

  // As openBotRuntime makes it: no ioredis auto-pipelining (the runtime batches itself).
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const queue = openQueue(intakeQueue, { url: config.REDIS_URL, maxRetriesPerRequest: null }, prefix);
  const tickets = createTicketAllocator(redis, prefix);
  await tickets.start();
  const forwarder = startForwarderThread({ redisUrl: config.REDIS_URL, redisPrefix: prefix, redis });
  // The thread loads its modules on the other CPU; let it finish before anything is timed.
  await forwarder.forwardOnce();
  const now = new Date(transcript.now);
  const runtime = createBotRuntime({
    redis,
    redisPrefix: prefix,
    engine,
    tickets,
    onReportQueued: forwarder.poke,
    lookupStatus: async () => null,
    // The transcript's relative dates ("2 hari lalu") are relative to its `now`.
    clock: () => now,
    // BENCH_RECENT_CHATS overrides how many chats' states the runtime remembers (0: none).
    ...(process.env.BENCH_RECENT_CHATS ? { recentChats: Number(process.env.BENCH_RECENT_CHATS) } : {}),
  });
  // The forwarder's thread has its own connections; nothing on them is counted here.
  const counter: CommandCounter = countRedisCommands(redis);

  try {
    // Warm-up (JIT, script cache, BullMQ's scripts, V8 sizing its heap): whole closed
    // loops until one runs within 10% of the one before. A single short warm-up left the
    // capacity about 40% low, and the latency run at half of it correspondingly easy.
    const warmRates: number[] = [];
    for (let r = 0; r < MAX_WARM_ROUNDS; r += 1) {
      warmRates.push((await closedLoop(runtime, plan, CITIZENS, `warm${r}`)).perSecond);
      const [last, previous] = [warmRates.at(-1)!, warmRates.at(-2)];
      if (previous !== undefined && Math.abs(last - previous) / previous < 0.1) break;
    }
    console.log(`warm-up: ${warmRates.length} closed loops, ${warmRates.map((r) => Math.round(r)).join(', ')} messages/s`);
    const footprint = await chatFootprint(runtime, redis, prefix, plan);

    collectGarbage();
    counter.reset();
    const endCapacity = await startCostMeter(redis, runtime.stats);
    // Capacity is the median of three closed loops: one is under a second, short enough
    // for a passing stall of the machine to move it.
    const loops = [];
    for (let r = 0; r < 3; r += 1) loops.push(await closedLoop(runtime, plan, CITIZENS, `cap${r}`));
    const capacity = loops.sort((a, b) => a.perSecond - b.perSecond)[1]!;
    const measured = loops.reduce((n, l) => n + l.messages, 0);
    const cost = await endCapacity(measured);
    const ours = Object.fromEntries(counter.byName) as Record<string, number>;
    // Commands on the runtime's client that are not session batches: ticket leases.
    const leases = (ours['evalsha'] ?? 0) + (ours['eval'] ?? 0) - cost.batches;
    // Round trips a message waits on: its acquire, if it had to take the lock (a chat's
    // first message in this process, or one whose chat moved on elsewhere), and its
    // commit (each one reply, even when the chat shared a batched script call with
    // others), plus any ticket lease it had to wait for. The report rides in the
    // commit; the forwarder's thread moves it to the intake queue beside the messages
    // and no message waits for that.
    const roundTrips = cost.sessionRoundTrips + leases / measured;
    const commandsSent = (cost.batches + leases) / measured;
    console.log(
      `capacity: ${CITIZENS} citizens, ${capacity.messages} messages in ${round(capacity.seconds)} s = ` +
        `${Math.round(capacity.perSecond)} messages/s (median of ${loops.map((l) => Math.round(l.perSecond)).join(', ')}); ` +
        `tickets given ${loops.map((l) => l.tickets).join('+')}/${3 * CITIZENS}`,
    );
    // Where the time goes, for a machine shared with other work.
    console.log(
      `cpu per message: bot process ${round(cost.botMicros, 1)} µs, ` +
        `redis server ${round(cost.redisMicros, 1)} µs; ${describeMachine(cost.machine)}; ` +
        `load average ${os.loadavg().map((l) => round(l, 1)).join(' ')} on ${os.availableParallelism()} cpus`,
    );
    console.log(
      `redis round trips per message: ${round(roundTrips, 3)} (session ${cost.acquires} acquires + ` +
        `${cost.commits} commits, ticket leases ${leases}); ` +
        `commands sent per message ${round(commandsSent, 3)} (session scripts batched ` +
        `${round(cost.chatsPerCall, 1)} chats per call)`,
    );

    // BENCH_RATE sets the open-loop rate instead, to find where latency turns up.
    const rate = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : capacity.perSecond / 2;
    collectGarbage();
    const endLatency = await startCostMeter(redis, runtime.stats);
    const latency = await openLoop(runtime, plan, CONVERSATIONS, rate, 'lat');
    const latencyCost = await endLatency(latency.messages);
    console.log(
      `latency: ${latency.messages} messages over ${CONVERSATIONS} conversations at ${Math.round(rate)}/s ` +
        `(${round(latency.seconds)} s): p50 ${round(latency.p50)} ms, p99 ${round(latency.p99)} ms, ` +
        `max ${round(latency.max)} ms; tickets given ${latency.tickets}/${CONVERSATIONS}`,
    );
    console.log(
      `latency p99 by tenth of the run (ms): ${latency.p99ByTenth.map((v) => round(v, 1)).join(' ')}; ` +
        `event loop delay p50 ${round(latency.loopDelayP50)} ms, p99 ${round(latency.loopDelayP99)} ms; ` +
        `load average ${os.loadavg().map((l) => round(l, 1)).join(' ')}`,
    );
    // Arrivals spread out give smaller script batches than the closed loop, so each
    // message costs more here; the bot process's figure includes the pump's spinning.
    console.log(
      `during the latency run: cpu per message bot process ${round(latencyCost.botMicros, 1)} µs ` +
        `(arrivals pump included), redis server ${round(latencyCost.redisMicros, 1)} µs; session round trips per message ` +
        `${round(latencyCost.sessionRoundTrips, 3)}, scripts batched ` +
        `${round(latencyCost.chatsPerCall, 1)} chats per call; ${describeMachine(latencyCost.machine)}`,
    );
    console.log(
      `collections on the chat thread during the latency run: ${latency.gcs.minor} young ` +
        `(longest ${round(latency.gcs.minorMaxMs, 1)} ms), ${latency.gcs.major} full ` +
        `(longest ${round(latency.gcs.majorMaxMs, 1)} ms)`,
    );

    // The same closed loop again: on a shared or virtual machine the CPU the process gets
    // can change within a run, and a p99 measured while it did is not the code's alone.
    const again = await closedLoop(runtime, plan, CITIZENS, 'again');
    console.log(
      `capacity again after the latency run: ${Math.round(again.perSecond)} messages/s ` +
        `(${round(again.perSecond / capacity.perSecond, 2)}× the first measurement)`,
    );

    const meanState = plan.stateBytes.reduce((a, b) => a + b, 0) / plan.stateBytes.length;
    const maxState = Math.max(...plan.stateBytes);
    console.log(
      `session state per conversation: mean ${Math.round(meanState)} B, max ${maxState} B of JSON; ` +
        `the chat's whole hash in Redis (state, version, lock and ${plan.texts.length} message ids as long as ` +
        `WhatsApp's) at most ${footprint.fieldBytes} B of fields and values, ${footprint.memoryUsage} B by MEMORY USAGE`,
    );
    const drainedBy = Date.now() + 30_000;
    while ((await forwarder.backlog()) > 0 && Date.now() < drainedBy) await new Promise((r) => setTimeout(r, 20));
    await forwarder.close();
    const queued = await queue.count();
    console.log(`intake jobs queued: ${queued} (expected ${(warmRates.length + 4) * CITIZENS + CONVERSATIONS + 1}, the footprint probe's included)`);

    counter.stop();
    await queue.close();
    const deleted = await deleteKeysByPrefix(redis, `${prefix}:`);
    console.log(`cleaned up ${deleted} Redis keys under ${prefix}`);
    await redis.quit();
    console.log(
      JSON.stringify({
        bench: 'conversation',
        messages_per_s: Math.round(capacity.perSecond),
        p50_ms: round(latency.p50),
        p99_ms: round(latency.p99),
        redis_roundtrips_per_message: round(roundTrips, 3),
        // The whole hash, not only the state JSON: the rest is kept per conversation too.
        state_bytes_per_conversation: footprint.fieldBytes,
      }),
    );
  } catch (err) {
    await forwarder.close().catch(() => {});
    await queue.close().catch(() => {});
    await deleteKeysByPrefix(redis, `${prefix}:`).catch(() => 0);
    redis.disconnect();
    throw err;
  }
}

await main();
