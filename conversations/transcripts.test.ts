import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { submittedReportSchema } from '../worker/queues.js';
import type { ConversationState, FollowUpEffect, FollowUpOutcome, InboundMessage } from './contract.js';
import { fitsOneSms } from './sms/gsm7.js';
import { renderNumbered } from './sms/render.js';
import { TestChat, testContext, testEngine, type ContextOptions } from './testing/harness.js';

/**
 * Data-driven transcripts (conversations/transcripts/*.json), one runner for all.
 * Each turn sends a message and checks what it must: the open question (`step`),
 * phrases the replies must contain (`says`), values in the saved state (`state`,
 * dot paths), effect types, and the submitted report. `bot` holds the exact replies
 * as a golden record; regenerate it after a deliberate wording change with
 *   UPDATE_TRANSCRIPTS=1 npx vitest run conversations/transcripts
 * and review the diff. The state goes through JSON between every turn, as in Redis.
 */

interface Turn {
  send: string | InboundMessage;
  step?: string | null;
  says?: string[];
  not_says?: string[];
  choices?: string[];
  state?: Record<string, unknown>;
  effects?: string[];
  report?: Record<string, unknown>;
  /** What the store made of this turn's follow-up effect; its rendering joins the replies. */
  outcome?: FollowUpOutcome;
  bot?: string[];
}

const FOLLOW_UP_EFFECTS = new Set(['respond_to_opd', 'rate_report', 'reopen_report']);

interface Transcript {
  title: string;
  context?: ContextOptions;
  /** A saved state to start from instead of a new conversation. */
  initial?: ConversationState;
  /** Every reply must fit one GSM-7 SMS with its choices as numbered lines. */
  sms_segments?: boolean;
  turns: Turn[];
}

const dir = join(dirname(fileURLToPath(import.meta.url)), 'transcripts');
const update = process.env.UPDATE_TRANSCRIPTS === '1';

function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
}

describe('conversation transcripts', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const path = join(dir, file);
    const transcript = JSON.parse(readFileSync(path, 'utf8')) as Transcript;
    it(`${file}: ${transcript.title}`, () => {
      const chat = new TestChat(testEngine(), testContext(transcript.context));
      if (transcript.initial) chat.saved = JSON.stringify(transcript.initial);
      transcript.turns.forEach((turn, index) => {
        const label = `turn ${index + 1} (${JSON.stringify(turn.send).slice(0, 40)})`;
        const result = chat.send(turn.send);
        const followUp = result.effects.find((e): e is FollowUpEffect => FOLLOW_UP_EFFECTS.has(e.type));
        // The runtime sends the outcome's wording after the engine's own replies.
        const replies = followUp && turn.outcome ? [...result.replies, chat.engine.renderFollowUp(followUp.language, followUp, turn.outcome)] : result.replies;
        const texts = replies.map((r) => renderNumbered(r));
        const all = texts.join('\n');
        if (update) turn.bot = texts;
        else if (turn.bot) expect(texts, `${label}: replies (regenerate with UPDATE_TRANSCRIPTS=1)`).toEqual(turn.bot);
        // A follow-up effect is answered by the runtime with the outcome's wording instead.
        expect(replies.length, `${label}: the engine always replies`).toBeGreaterThan(followUp ? -1 : 0);
        if (followUp) expect(turn.outcome, `${label}: a follow-up effect needs an outcome in the transcript`).toBeDefined();
        if (turn.step !== undefined) expect(chat.state?.step ?? null, `${label}: open question`).toBe(turn.step);
        for (const phrase of turn.says ?? []) expect(all, `${label}: says "${phrase}"`).toContain(phrase);
        for (const phrase of turn.not_says ?? []) expect(all, `${label}: does not say "${phrase}"`).not.toContain(phrase);
        if (turn.choices) expect(replies.flatMap((r) => r.choices ?? []).map((c) => c.label), label).toEqual(turn.choices);
        // null in a transcript means "no value": absent and null read the same.
        for (const [key, value] of Object.entries(turn.state ?? {})) {
          expect(value === null ? (at(chat.state, key) ?? null) : at(chat.state, key), `${label}: state ${key}`).toEqual(value);
        }
        if (turn.effects) expect(result.effects.map((e) => e.type), `${label}: effects`).toEqual(turn.effects);
        if (turn.report) {
          const effect = result.effects.find((e) => e.type === 'submit_report');
          expect(effect, `${label}: report submitted`).toBeDefined();
          const report = effect?.type === 'submit_report' ? effect.report : undefined;
          expect(submittedReportSchema.safeParse(report).error, `${label}: report schema`).toBeUndefined();
          expect(report).toMatchObject(turn.report);
        }
        if (transcript.sms_segments) for (const text of texts) expect(fitsOneSms(text), `${label}: one SMS: ${text}`).toBe(true);
      });
      if (update) writeFileSync(path, `${JSON.stringify(transcript, null, 2)}\n`);
    });
  }
});
