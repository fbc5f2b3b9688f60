import { readFileSync } from 'node:fs';

/**
 * Walks one of the example citizens of ../shared/conversations/ through a real
 * channel, as that folder's README describes: send `first`, then answer whichever
 * field the bot has open (read from the saved session's `step`) with that field's
 * entry — a list gives successive tries. Shared by the SMS and WhatsApp end-to-end tests.
 */

/** One example conversation file. */
export interface ExampleConversation {
  title: string;
  channel: 'telegram' | 'whatsapp' | 'sms';
  from: string;
  now: string;
  first: string;
  answers: Record<string, string | string[]>;
  steps?: { at: string; send: string }[];
  expect: Record<string, unknown>;
}

const examples = new URL('../../../../../shared/conversations/', import.meta.url);

/** Reads `../shared/conversations/<file>`. */
export function readExample(file: string): ExampleConversation {
  return JSON.parse(readFileSync(new URL(file, examples), 'utf8')) as ExampleConversation;
}

/** How the walk talks to the channel under test. */
export interface WalkDriver {
  /** Delivers one citizen message through the channel and resolves once it was handled. */
  send(text: string): Promise<void>;
  /** The open question (the session's `step`), or null once the session ended. */
  step(): Promise<string | null>;
}

/** Runs the example; resolves with how often each field was asked. */
export async function walkExample(example: ExampleConversation, driver: WalkDriver): Promise<Record<string, number>> {
  const asked: Record<string, number> = {};
  const steps = [...(example.steps ?? [])];
  await driver.send(example.first);
  for (let guard = 0; ; guard += 1) {
    const step = await driver.step();
    if (step === null) return asked;
    if (guard > 100) throw new Error(`no end after 100 messages; stuck at ${step}`);
    if (steps[0]?.at === step) {
      await driver.send(steps.shift()!.send);
      continue;
    }
    // The summary and the "is this what you meant" check are both answered by `confirm`.
    const field = step === 'summary' || step === 'confirm_extracted' ? 'confirm' : step;
    const answer = example.answers[field];
    if (answer === undefined) throw new Error(`the bot asked "${field}", which this citizen has no answer for`);
    const count = (asked[field] = (asked[field] ?? 0) + 1);
    await driver.send(Array.isArray(answer) ? answer[Math.min(count, answer.length) - 1]! : answer);
  }
}
