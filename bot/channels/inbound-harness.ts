import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { InboundEnvelope, InboundMessage } from '../../conversations/contract.js';
import type { ChannelAdapter, InboundOutcome } from './channel.js';

/**
 * The one inbound test helper every channel's `adapter.test.ts` feeds (after courier's
 * `handlers/handlertest`): a table of rows, each a payload fixture exactly as the
 * channel sends it and what the adapter must make of it.
 *
 * ```ts
 * runInboundCases(createTelegramAdapter(), {
 *   fixtures: new URL('./fixtures/', import.meta.url),
 *   rows: [
 *     { label: 'plain text', fixture: 'text.json', expectedStatus: 'accepted',
 *       expectedMessage: { type: 'text', text: 'jalan rusak' },
 *       expectedEnvelope: { chatRef: '123', messageId: '10001' } },
 *     { label: 'group chat', fixture: 'group-text.json', expectedStatus: 'ignored' },
 *   ],
 * });
 * ```
 */

/** One row of a channel's inbound table. */
export interface InboundCase<Payload> {
  /** Names the test: `parses <label>`. */
  label: string;
  /**
   * A file name under {@link InboundCaseOptions.fixtures} (`.json` files are parsed,
   * anything else is read as UTF-8 text, e.g. a form-encoded SMS webhook body), or
   * `{ inline: payload }` for a payload built in the test.
   */
  fixture: string | { inline: Payload };
  expectedStatus: InboundOutcome['status'];
  /** For `accepted`: the normalized message, compared exactly. */
  expectedMessage?: InboundMessage;
  /** For `accepted`: fields of the envelope to check (chatRef, messageId, senderPhone). */
  expectedEnvelope?: Partial<Omit<InboundEnvelope, 'message'>>;
  /** For `ignored`/`rejected`: the reason, as a substring or a pattern. */
  expectedReason?: string | RegExp;
  /**
   * For `ignored`: the polite reply's text (substring or pattern), or `null` to assert
   * there is none. Left out: not checked.
   */
  expectedReply?: string | RegExp | null;
}

/** Options of {@link runInboundCases}. */
export interface InboundCaseOptions<Payload> {
  /** The channel folder's fixtures directory, e.g. `new URL('./fixtures/', import.meta.url)`. */
  fixtures: URL;
  rows: readonly InboundCase<Payload>[];
  /**
   * Turns a loaded fixture into the adapter's payload type, for channels whose payload
   * is not plain data (a whatsapp-web.js `Message` wrapped around its JSON).
   * @defaultValue the fixture as loaded
   */
  load?: (raw: unknown, fileName: string) => Payload;
  /** The time handed to `parseInbound`. @defaultValue 2026-11-20T03:00:00Z */
  receivedAt?: Date;
}

/** Registers one vitest test per row: parses the fixture and checks the outcome. */
export function runInboundCases<Payload>(adapter: ChannelAdapter<Payload>, options: InboundCaseOptions<Payload>): void {
  const receivedAt = options.receivedAt ?? new Date('2026-11-20T03:00:00Z');
  for (const row of options.rows) {
    it(`parses ${row.label}`, () => {
      const payload = loadPayload(row, options);
      const outcome = adapter.parseInbound(payload, receivedAt);
      checkOutcome(adapter, row, outcome, receivedAt);
    });
  }
}

/** Reads a fixture file from a channel's fixtures directory (JSON parsed, else text). */
export function readFixture(fixtures: URL, fileName: string): unknown {
  const text = readFileSync(new URL(fileName, fixtures), 'utf8');
  return fileName.endsWith('.json') ? (JSON.parse(text) as unknown) : text;
}

function loadPayload<Payload>(row: InboundCase<Payload>, options: InboundCaseOptions<Payload>): Payload {
  if (typeof row.fixture !== 'string') return row.fixture.inline;
  const raw = readFixture(options.fixtures, row.fixture);
  return options.load ? options.load(raw, row.fixture) : (raw as Payload);
}

function checkOutcome<Payload>(
  adapter: ChannelAdapter<Payload>,
  row: InboundCase<Payload>,
  outcome: InboundOutcome,
  receivedAt: Date,
): void {
  // Show the whole outcome on a status mismatch: the reason usually says why.
  expect({ status: outcome.status, outcome }).toMatchObject({ status: row.expectedStatus });

  if (outcome.status === 'accepted') {
    const { envelope } = outcome;
    // Invariants of every channel: the adapter's own channel, the given time, and
    // non-empty ids the runtime can key sessions and de-duplication by.
    expect(envelope.channel).toBe(adapter.channel);
    expect(envelope.receivedAt).toEqual(receivedAt);
    expect(envelope.chatRef).not.toBe('');
    expect(envelope.messageId).not.toBe('');
    if (row.expectedMessage !== undefined) expect(envelope.message).toEqual(row.expectedMessage);
    if (row.expectedEnvelope !== undefined) expect(envelope).toMatchObject(row.expectedEnvelope);
    return;
  }

  if (row.expectedReason !== undefined) matchText(outcome.reason, row.expectedReason);
  if (row.expectedReply !== undefined) {
    const reply = outcome.status === 'ignored' ? outcome.politeReply : undefined;
    if (row.expectedReply === null) expect(reply).toBeUndefined();
    else matchText(reply?.text ?? '', row.expectedReply);
  }
}

function matchText(actual: string, expected: string | RegExp): void {
  if (typeof expected === 'string') expect(actual).toContain(expected);
  else expect(actual).toMatch(expected);
}
