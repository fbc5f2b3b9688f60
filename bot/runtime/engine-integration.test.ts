import { readFileSync } from 'node:fs';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { createEngine, defaultCategories, loadGazetteer } from '../../conversations/index.js';
import { parseTicket } from '../../core/ticket.js';
import { intakeQueue, openQueue, type SubmittedReport } from '../../worker/queues.js';
import { createIntakeForwarder } from './intake-forwarder.js';
import { chatId, chatKey } from './keys.js';
import { envelope, testRuntime, texts } from './fixtures/test-runtime.js';

interface Transcript {
  now: string;
  first: string;
  answers: Record<string, string>;
  expect: { reporter: { nik: string; phone: string }; village_code: string; incident_date: string };
}

const transcript = JSON.parse(
  readFileSync(new URL('../../../shared/conversations/01-telegram-road-batam.json', import.meta.url), 'utf8'),
) as Transcript;
const engine = createEngine({ gazetteer: loadGazetteer(), categories: defaultCategories });

describe('the runtime with the real conversation engine', () => {
  it('walks a citizen from hello to a queued report, across a restart, with a redelivered confirmation ignored', async () => {
    const now = new Date(transcript.now);
    const t = await testRuntime('real-engine', { engine, clock: () => now });
    const queue = openQueue(intakeQueue, { url: inject('redisUrl') }, t.prefix);
    onTestFinished(() => queue.close());
    const forwarder = createIntakeForwarder({ redis: t.redis, redisPrefix: t.prefix, queue });
    onTestFinished(() => forwarder.close());
    let runtime = await t.another({ onReportQueued: forwarder.poke });
    const key = chatKey(t.prefix, chatId('telegram', 'budi'));
    const openStep = async () => JSON.parse((await t.redis.hget(key, 's'))!).step as string;

    let replies = await runtime.handleInbound(envelope('budi', transcript.first));
    let lastMessageId = '';
    for (let turn = 0; turn < 40; turn += 1) {
      const step = await openStep();
      // Half way through the bot process restarts: a new runtime carries on from Redis.
      if (step === 'district') runtime = await t.another({ onReportQueued: forwarder.poke });
      const answer = transcript.answers[step === 'summary' ? 'confirm' : step];
      expect(answer, `an answer for step ${step}`).toBeDefined();
      const message = envelope('budi', answer!);
      lastMessageId = message.messageId;
      replies = await runtime.handleInbound(message);
      if (step === 'summary') break;
    }

    const ticket = parseTicket(/LPR-[0-9A-Z]{7}/.exec(texts(replies).join('\n'))?.[0] ?? '');
    expect(ticket).not.toBeNull();
    await expect.poll(() => queue.getJob(ticket!)).toBeDefined();
    const report = (await queue.getJob(ticket!))!.data as SubmittedReport;
    expect(report.reporter).toMatchObject(transcript.expect.reporter);
    expect(report.region.villageCode).toBe(transcript.expect.village_code);
    expect(report.incidentDate).toBe(transcript.expect.incident_date);
    expect(report).toMatchObject({ channel: 'telegram', chatRef: 'budi' });
    // The session is over: the engine returned no state, so none is kept.
    expect(await t.redis.hget(key, 's')).toBeNull();

    // The channel delivers the confirmation again: no second report, no second ticket.
    expect(await runtime.handleInbound(envelope('budi', transcript.answers['confirm']!, { messageId: lastMessageId }))).toEqual([]);
    expect(await forwarder.backlog()).toBe(0);
    expect(await queue.count()).toBe(1);
  });
});
