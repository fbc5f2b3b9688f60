/**
 * `npm run bench:delivery`: 2,000 notifications to 200 chats through the delivery path
 * (outbox -> BullMQ -> paced workers -> telegraf's sender) against a fake Telegram Bot
 * API in its own process that answers 429 as Telegram does when more than 30 messages
 * a second, or more than 1 a second into one chat, reach it. The delivery caps are set
 * to those same limits. Before the burst, a few direct replies to idle chats measure
 * the time from enqueue to the channel call. Prints the achieved rate as a share of the
 * overall limit, the 429s received, and messages lost or duplicated (counted at the
 * fake by a unique id in each text); the last line is one JSON object.
 *
 * Reads DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), REDIS_URL,
 * BENCH_MESSAGES (2000), BENCH_CHATS (200), BENCH_WORKERS (2: worker instances with
 * their own connections, sharing the limits), BENCH_INJECT_429 (0: 429s the fake
 * injects mid-run, with retry_after 1). Migrates, uses a fresh Redis prefix, and
 * removes its rows and keys afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createTelegramSender } from '../bot/channels/telegram/sender.js';
import { startDeliveryWorker, type DeliveryWorker } from '../bot/delivery/delivery-worker.js';
import { createDeliveryOutbox } from '../bot/delivery/outbox.js';
import { delivered, maxInWindow, type FakeRequest } from '../bot/delivery/test-support/fake-telegram.js';
import { startRemoteFakeTelegram } from '../bot/delivery/test-support/remote-fake-telegram.js';
import { createLogger } from '../core/logger.js';
import { deleteKeysByPrefix } from '../core/redis.js';
import { ensureDatabase } from './ensure-database.js';
import { openDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const total = Number(process.env.BENCH_MESSAGES ?? 2000);
const chatCount = Number(process.env.BENCH_CHATS ?? 200);
const workerCount = Number(process.env.BENCH_WORKERS ?? 2);
const inject429 = Number(process.env.BENCH_INJECT_429 ?? 0);
const LIMIT = { perSecond: 30, perChatPerSecond: 1 };

const log = (line: string) => process.stdout.write(`${line}\n`);
const logger = createLogger({ level: 'warn', name: 'bench' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const clock = () => performance.timeOrigin + performance.now();

async function waitForDeliveries(read: () => Promise<FakeRequest[]>, count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const requests = await read();
    if (delivered(requests).length >= count || Date.now() > deadline) return requests;
    await sleep(250);
  }
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;

async function main(): Promise<void> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const redisPrefix = `bench-delivery-${runId}`;
  await ensureDatabase(databaseUrl);
  const database = await openDatabase({ url: databaseUrl, poolSize: 10 });
  await migrateToLatest(database.db);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const fake = await startRemoteFakeTelegram({ ...LIMIT, token: 'BENCH:TOKEN' });
  const outbox = createDeliveryOutbox({ db: database.db, redis, redisPrefix });
  const connections: Redis[] = [];
  const workers: DeliveryWorker[] = [];
  for (let i = 0; i < workerCount; i++) {
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    connections.push(connection);
    workers.push(
      startDeliveryWorker({
        // The product's sender (telegraf), pointed at the fake like TELEGRAM_API_ROOT would.
        senders: { telegram: createTelegramSender({ token: fake.token, apiRoot: fake.apiRoot }) },
        limits: { telegram: LIMIT },
        db: database.db,
        connection,
        redisPrefix,
        logger,
      }),
    );
  }
  const idPrefix = `bench-${runId}`;

  try {
    log(`delivery bench: ${total} notifications to ${chatCount} chats, ${workerCount} workers, caps ${LIMIT.perSecond}/s overall and ${LIMIT.perChatPerSecond}/s per chat`);

    // Direct replies to idle chats: enqueue -> channel call, nothing throttled.
    const replyLatencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const text = `reply ${i} [${idPrefix}-r${i}]`;
      const start = clock();
      await outbox.enqueue([{ channel: 'telegram', chatRef: String(9_100_000 + i), text, deliveryId: `${idPrefix}-r${i}` }]);
      let arrival: FakeRequest | undefined;
      while (!(arrival = (await fake.requests()).find((r) => r.text === text))) await sleep(2);
      replyLatencies.push(arrival.at - start);
      await sleep(100);
    }
    replyLatencies.sort((a, b) => a - b);
    log(`direct replies: enqueue -> channel call p50 ${quantile(replyLatencies, 0.5).toFixed(1)} ms, max ${replyLatencies.at(-1)!.toFixed(1)} ms (target < 300 ms)`);
    const before = (await fake.requests()).length;
    await sleep(1100);

    // The burst: each chat's notices queued together, chat after chat.
    const chats = Array.from({ length: chatCount }, (_, c) => String(8_000_000 + c));
    const perChat = Math.ceil(total / chatCount);
    const messages = chats
      .flatMap((chatRef) => Array.from({ length: perChat }, (_, i) => ({ chatRef, i })))
      .slice(0, total)
      .map(({ chatRef, i }, n) => ({
        channel: 'telegram' as const,
        chatRef,
        text: `Laporan Anda diperbarui (${i + 1}/${perChat}) [${idPrefix}-${n}]`,
        deliveryId: `${idPrefix}-${n}`,
      }));
    const started = clock();
    await outbox.enqueue(messages);
    const enqueuedMs = clock() - started;
    if (inject429 > 0) {
      await sleep(5000);
      await fake.inject429(1, inject429);
    }
    const all = await waitForDeliveries(fake.requests, before + total, (total / LIMIT.perSecond) * 3000 + 30_000);
    await sleep(2000); // anything sent twice would arrive by now
    const requests = (await fake.requests()).slice(before);

    const accepted = delivered(requests);
    const seen = new Map<string, number>();
    for (const r of accepted) {
      const id = /\[([^\]]+)\]$/.exec(r.text)?.[1] ?? '';
      seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    const lost = messages.filter((m) => !seen.has(m.deliveryId)).length;
    const duplicated = [...seen.values()].reduce((sum, n) => sum + n - 1, 0);
    const rateLimited = requests.filter((r) => r.status === 429);
    const injected = rateLimited.filter((r) => r.injected).length;
    const times = accepted.map((r) => r.at);
    const lastAt = Math.max(...times);
    const seconds = (lastAt - started) / 1000;
    const rate = accepted.length / seconds;
    const steady = (accepted.length - 1) / ((lastAt - Math.min(...times)) / 1000);
    const perChatMax = Math.max(...chats.map((c) => maxInWindow(accepted.filter((r) => r.chatId === c).map((r) => r.at))));
    const rows = await database.db
      .selectFrom('outbound_messages')
      .select((eb) => ['status', eb.fn.countAll<string>().as('n')])
      .where('id', 'like', `${idPrefix}-%`)
      .where('id', 'not like', `${idPrefix}-r%`)
      .groupBy('status')
      .execute();

    log(`enqueue of ${total}: ${enqueuedMs.toFixed(0)} ms`);
    log(`delivered ${accepted.length} in ${seconds.toFixed(2)} s from the first enqueue: ${rate.toFixed(2)} msg/s = ${((rate / LIMIT.perSecond) * 100).toFixed(1)}% of ${LIMIT.perSecond}/s (first to last send: ${steady.toFixed(2)} msg/s)`);
    log(`busiest second at the fake: ${maxInWindow(times)} overall, ${perChatMax} in one chat`);
    log(`429 answers: ${rateLimited.length} (${injected} injected, ${rateLimited.length - injected} from exceeding the limits)`);
    log(`lost ${lost}, duplicated ${duplicated}; outbound_messages: ${rows.map((r) => `${r.status} ${r.n}`).join(', ')}`);
    void all;
    log(
      JSON.stringify({
        bench: 'delivery',
        share_of_limit: Number((rate / LIMIT.perSecond).toFixed(4)),
        rate_limited_responses: rateLimited.length,
        lost,
        duplicated,
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    for (const c of connections) c.disconnect();
    await outbox.close();
    await fake.close();
    await database.db.deleteFrom('outbound_messages').where('id', 'like', `${idPrefix}-%`).execute();
    await deleteKeysByPrefix(redis, redisPrefix);
    redis.disconnect();
    await database.close();
  }
}

await main();
