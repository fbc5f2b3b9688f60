import { Redis } from 'ioredis';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { parseTicket } from '../../../core/ticket.js';
import { deleteKeysByPrefix } from '../../../core/redis.js';
import { uniquePrefix } from '../../../test/support.js';
import { intakeQueue, openQueue, submittedReportSchema } from '../../../worker/queues.js';
import { chatId, chatKey, intakeOutboxKey } from '../../runtime/keys.js';
import { readExample, walkExample } from '../sms/test-support/example-walk.js';
import { startChatProcess, type ChatProcess } from './test-support/chat-process.js';

const example = readExample('01-telegram-road-batam.json');
const chatRef = 'budi-cli';

/** The calendar date in Jakarta `days` days before now, as the engine reads "2 hari lalu". */
function jakartaDateDaysAgo(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date(Date.now() - days * 86_400_000));
}

/** The number printed beside the choice labelled `answer` ("  2. Anonim"), if there is one. */
function choiceNumber(printed: string, answer: string): string | undefined {
  for (const [, number, label] of printed.matchAll(/^ {2}(\d+)\. (.+)$/gm)) {
    if (label!.trim().toLowerCase() === answer.trim().toLowerCase()) return number;
  }
  return undefined;
}

describe('npm run chat', () => {
  it(
    `walks "${example.title}" to a ticket, resumes after /quit, and queues the confirmed report`,
    async () => {
      const prefix = uniquePrefix('cli');
      const redis = new Redis(inject('redisUrl'));
      const queue = openQueue(intakeQueue, { url: inject('redisUrl') }, prefix);
      let chat: ChatProcess | undefined;
      onTestFinished(async () => {
        chat?.kill();
        await queue.close();
        await deleteKeysByPrefix(redis, prefix);
        await redis.quit();
      });

      const start = () =>
        startChatProcess({
          chatRef,
          env: { DATABASE_URL: inject('databaseUrl'), REDIS_URL: inject('redisUrl'), REDIS_PREFIX: prefix },
        });
      const step = async () => {
        const saved = await redis.hget(chatKey(prefix, chatId('terminal', chatRef)), 's');
        return saved === null ? null : String((JSON.parse(saved) as { step?: unknown }).step);
      };

      chat = await start();
      expect(chat.output).toContain(`Redis prefix: ${prefix}`);
      const datesBefore = jakartaDateDaysAgo(2);
      const answers: string[] = [];
      let restarted = false;
      let byNumber = 0;
      const asked = await walkExample(example, {
        async send(text) {
          // Halfway, leave and come back: the session must carry on at the same question.
          if (!restarted && (await step()) === 'province') {
            expect(await chat!.quit()).toBe(0);
            chat = await start();
            restarted = true;
            expect(await step()).toBe('province');
            answers.push(''); // a new process shows no choices until it answers
          }
          // Pick a choice by its number where the answer is one, as a person at the terminal would.
          const number = choiceNumber(answers.at(-1) ?? '', text);
          if (number !== undefined) byNumber += 1;
          answers.push(await chat!.send(number ?? text));
        },
        step,
      });
      expect(restarted, 'the conversation reached the address').toBe(true);
      expect(byNumber, 'answers given as a choice number').toBeGreaterThanOrEqual(3);
      // Straight through: no question asked twice, so no line was lost or misread on the way.
      expect(Object.entries(asked).filter(([, times]) => times > 1)).toEqual([]);
      expect(answers[0]).toContain('LAPOR!');

      const last = answers.at(-1) ?? '';
      const printed = /LPR-[0-9A-Z]{7}/.exec(last)?.[0];
      expect(printed, `last answer: ${last}`).toBeDefined();
      const ticket = parseTicket(printed!);
      expect(ticket).toBe(printed);
      expect(last).toMatch(/3 hari kerja/);
      expect(last).toMatch(/5 hari kerja/);

      // The CLI's forwarder thread moves the report from the outbox to the intake queue,
      // the ticket as job id, for `npm run worker` to store. The first run's forwarder
      // gave its lease up on /quit, so the second run's forwards at once.
      await expect.poll(() => queue.getJob(ticket!), { timeout: 10_000, interval: 100 }).toBeDefined();
      const queued = await queue.getJob(ticket!);
      expect(queued?.name).toBe(intakeQueue.job);
      const report = submittedReportSchema.parse(queued?.data);
      expect(report).toMatchObject({
        ticket,
        channel: 'terminal',
        chatRef,
        kind: example.expect.kind,
        category: example.expect.category,
        reporter: example.expect.reporter,
        privacy: example.expect.privacy,
        region: { villageCode: example.expect.village_code },
        title: example.answers.title,
      });
      expect([datesBefore, jakartaDateDaysAgo(2)]).toContain(report.incidentDate);
      // Trimmed from the outbox once queued (just after the job is added).
      await expect.poll(() => redis.llen(intakeOutboxKey(prefix)), { timeout: 5_000, interval: 50 }).toBe(0);

      expect(await chat.quit()).toBe(0);
    },
    90_000,
  );
});
