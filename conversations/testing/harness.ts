import { ticketFromSerial } from '../../core/ticket.js';
import type { Channel } from '../../worker/queues.js';
import { defaultCategories } from '../categories.js';
import type { ConversationEngine, ConversationState, EngineContext, EngineResult, InboundMessage } from '../contract.js';
import { createEngine } from '../engine.js';
import type { Gazetteer } from '../regions/gazetteer.js';
import { loadGazetteer } from '../regions/load-gazetteer.js';

/**
 * Test support for the engine: one gazetteer per test process (loading it takes a
 * moment), a context with a fixed clock and predictable tickets, and a chat that
 * round-trips the state through JSON between messages as the runtime's Redis does.
 */

let gazetteer: Gazetteer | undefined;

/** The real region index, loaded once per test process. */
export function testGazetteer(): Gazetteer {
  gazetteer ??= loadGazetteer();
  return gazetteer;
}

/** An engine over the real regions and the default topics. */
export function testEngine(): ConversationEngine {
  return createEngine({ gazetteer: testGazetteer(), categories: defaultCategories });
}

/** Options for {@link testContext}. */
export interface ContextOptions {
  channel?: Channel;
  now?: string;
  chatRef?: string;
  senderPhone?: string;
}

/**
 * A context at a fixed instant (default 2026-11-20 10:00 Jakarta) whose tickets are
 * real, check-character-valid tickets from serials 1, 2, 3…
 */
export function testContext(options: ContextOptions = {}): EngineContext {
  let serial = 0;
  return {
    now: new Date(options.now ?? '2026-11-20T10:00:00+07:00'),
    channel: options.channel ?? 'telegram',
    chatRef: options.chatRef ?? '12345',
    senderPhone: options.senderPhone,
    newTicket: () => ticketFromSerial((serial += 1)),
  };
}

/** A conversation driven message by message, its state saved as JSON in between. */
export class TestChat {
  saved: string | null = null;
  readonly results: EngineResult[] = [];

  constructor(
    readonly engine: ConversationEngine,
    readonly ctx: EngineContext,
  ) {}

  /** The state as the runtime would load it, or null. */
  get state(): (ConversationState & { step?: string; a?: Record<string, unknown> }) | null {
    return this.saved === null ? null : JSON.parse(this.saved);
  }

  /** Sends a text (a string) or any inbound message and returns the engine's result. */
  send(message: string | InboundMessage): EngineResult {
    const msg: InboundMessage = typeof message === 'string' ? { type: 'text', text: message } : message;
    const result = this.engine.handle(this.state, msg, this.ctx);
    this.saved = result.state === null ? null : JSON.stringify(result.state);
    this.results.push(result);
    return result;
  }
}
