import type { EngineContext, EngineResult, Effect } from './contract.js';
import type { EngineData } from './data.js';
import { messages } from './messages/index.js';
import { ReplyBuilder } from './reply.js';
import { newState, type EngineState, type Step } from './state.js';
import { STEPS } from './steps/index.js';
import type { Env, Prompt } from './steps/types.js';

/** One call of the engine: the state as it evolves, and what is said and done. */
export class Turn {
  readonly out = new ReplyBuilder();
  readonly effects: Effect[] = [];
  /** null once the session is over (cancelled, submitted). */
  state: EngineState | null;

  constructor(
    state: EngineState,
    readonly data: EngineData,
    readonly ctx: EngineContext,
  ) {
    this.state = state;
  }

  /** The live state; only the engine's own bug can ask for it after the session ended. */
  get s(): EngineState {
    if (!this.state) throw new EngineError('SESSION_OVER', 'the session already ended in this turn');
    return this.state;
  }

  /** What steps see: context, data, catalogue of the conversation's language. */
  get env(): Env {
    const lang = this.s.lang;
    return { ctx: this.ctx, data: this.data, m: messages(lang), lang, sms: this.ctx.channel === 'sms' };
  }

  /** The open question as its step asks it. */
  prompt(): Prompt {
    return STEPS[this.s.step].prompt(this.s, this.env);
  }

  /** Asks the open question. */
  ask(): void {
    const p = this.prompt();
    this.out.say(p.text).offer(p.choices);
  }

  /** Moves to a question and asks it; counters and offered choices belong to the old one. */
  goTo(step: Step): void {
    const next: EngineState = { ...this.s, step, tries: 0 };
    delete next.offered;
    this.state = next;
    this.ask();
  }

  /** What the engine returns for this call. */
  result(): EngineResult {
    return { state: this.state, replies: this.out.build(this.ctx.channel), effects: this.effects };
  }
}

/** A programmer error inside the engine (never a citizen's bad input). */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: 'SESSION_OVER',
    message: string,
  ) {
    super(message);
  }
}

/** The greeting and privacy notice that open every conversation. */
export function greet(turn: Turn): void {
  const { m } = turn.env;
  turn.out.say(m.greeting, m.privacyNotice);
}

/** "Sorry, the service was updated, let us start again": for states this flow cannot continue. */
export function restartPolitely(turn: Turn): void {
  turn.state = newState(turn.state?.lang ?? 'id');
  turn.out.say(turn.env.m.flowUpdated);
  greet(turn);
  turn.ask();
}
