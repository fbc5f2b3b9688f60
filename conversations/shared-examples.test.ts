import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { submittedReportSchema, type SubmittedReport } from '../worker/queues.js';
import type { Reply } from './contract.js';
import { fitsOneSms } from './sms/gsm7.js';
import { renderNumbered } from './sms/render.js';
import { TestChat, testContext, testEngine } from './testing/harness.js';

/**
 * Runs the example citizens of ../shared/conversations/ exactly as their README
 * describes: send `first`, then answer whatever field the bot asks (read from the
 * state's `step`) with that field's entry — a list gives successive tries — doing the
 * `steps` when their point is reached, and check `expect` against the submitted report.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = join(repoRoot, '..', 'shared', 'conversations');

interface Example {
  title: string;
  channel: 'telegram' | 'whatsapp' | 'sms';
  from?: string;
  now: string;
  first: string;
  answers: Record<string, string | string[]>;
  steps?: { at: string; send: string }[];
  expect: {
    kind?: string;
    reporter?: { name?: string; nik?: string; phone?: string };
    privacy?: { anonim: boolean; rahasia: boolean };
    village_code?: string;
    district_code?: string;
    category?: string;
    incident_date?: string;
    body_contains?: string;
    nik_reprompts?: number;
    never_asked?: string[];
    every_reply_fits_one_sms?: boolean;
    language?: string;
    ticket_given?: boolean;
  };
}

// The README's field for each question the bot can have open.
function fieldOf(step: string): string {
  return step === 'summary' || step === 'confirm_extracted' ? 'confirm' : step;
}

function run(example: Example) {
  const senderPhone = example.from && example.channel !== 'telegram' ? `+${example.from.replace(/\D/g, '')}` : undefined;
  const chat = new TestChat(
    testEngine(),
    testContext({ channel: example.channel, now: example.now, chatRef: example.from ?? 'tg-1', senderPhone }),
  );
  const replies: Reply[] = [];
  const asked: Record<string, number> = {};
  const steps = [...(example.steps ?? [])];
  const send = (text: string) => replies.push(...chat.send(text).replies);

  send(example.first);
  for (let guard = 0; chat.state !== null; guard += 1) {
    if (guard > 100) throw new Error(`no end after 100 messages; stuck at ${chat.state.step}`);
    const step = String(chat.state.step);
    if (steps[0]?.at === step) {
      send(steps.shift()!.send);
      continue;
    }
    const field = fieldOf(step);
    const answer = example.answers[field];
    if (answer === undefined) throw new Error(`the bot asked "${field}", which this citizen has no answer for`);
    const count = (asked[field] = (asked[field] ?? 0) + 1);
    send(Array.isArray(answer) ? answer[Math.min(count, answer.length) - 1]! : answer);
  }
  const submitted = chat.results.flatMap((r) => r.effects).find((e) => e.type === 'submit_report');
  return { replies, asked, steps, report: submitted?.type === 'submit_report' ? submitted.report : undefined };
}

const files = readdirSync(examplesDir).filter((f) => f.endsWith('.json')).sort();

describe('shared example conversations', () => {
  it('finds the examples', () => expect(files.length).toBeGreaterThanOrEqual(5));

  for (const file of files) {
    const example = JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as Example;
    it(`${file}: ${example.title}`, () => {
      const { replies, asked, steps, report } = run(example);
      expect(steps, 'every step was reached').toEqual([]);
      expect(report, 'a report was submitted').toBeDefined();
      const r = report as SubmittedReport;
      expect(submittedReportSchema.safeParse(r).error).toBeUndefined();
      const e = example.expect;
      if (e.kind) expect(r.kind).toBe(e.kind);
      if (e.reporter) expect(r.reporter).toMatchObject(e.reporter);
      if (e.privacy) expect(r.privacy).toEqual(e.privacy);
      if (e.village_code) expect(r.region.villageCode).toBe(e.village_code);
      if (e.district_code) expect(r.region.districtCode).toBe(e.district_code);
      if (e.category) expect(r.category).toBe(e.category);
      if (e.incident_date) expect(r.incidentDate).toBe(e.incident_date);
      if (e.body_contains) expect(r.body.toLowerCase()).toContain(e.body_contains.toLowerCase());
      if (e.nik_reprompts !== undefined) expect((asked.nik ?? 0) - 1).toBe(e.nik_reprompts);
      for (const field of e.never_asked ?? []) expect(asked[field], `${field} was asked`).toBeUndefined();
      if (e.every_reply_fits_one_sms) {
        for (const reply of replies) expect(fitsOneSms(renderNumbered(reply)), renderNumbered(reply)).toBe(true);
      }
      if (e.language) expect(r.language).toBe(e.language);
      if (e.ticket_given) expect(replies.some((reply) => reply.text.includes(r.ticket))).toBe(true);
    });
  }
});
