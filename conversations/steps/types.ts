import type { Choice, EngineContext } from '../contract.js';
import type { EngineData } from '../data.js';
import type { EditTarget } from '../flow.js';
import type { Lang, Messages } from '../messages/index.js';
import type { Answers, EngineState } from '../state.js';

/**
 * What every step module implements: how to ask its question and what an answer
 * does. Bad answers are outcomes, not exceptions.
 */

/** The read-only surroundings of a step. */
export interface Env {
  ctx: EngineContext;
  data: EngineData;
  m: Messages;
  lang: Lang;
  /** SMS: every reply must fit one segment, choices become numbered lines. */
  sms: boolean;
}

/** A question as the step asks it. */
export interface Prompt {
  text: string;
  choices?: Choice[];
}

/** An answer: the cleaned text, and the choice value when it named or numbered a choice. */
export interface Input {
  text: string;
  value: string | null;
}

/** What an answer did. */
export type Outcome =
  /** Accepted: store these answers (and say these notes before the next question). */
  | { type: 'answered'; set: Partial<Answers>; notes?: string[] }
  /** Refused: say what was wrong, with an example, and ask again. */
  | { type: 'rejected'; error: string }
  /** More than one thing fits: ask which, offering these. */
  | { type: 'offer'; text: string; choices: Choice[] }
  /** Yes / no at a confirmation step. */
  | { type: 'confirmed' }
  | { type: 'declined' }
  /** At the summary: send the report. */
  | { type: 'submit' }
  /** Change one part (null: ask which). */
  | { type: 'edit'; target: EditTarget | null };

/** One step of the flow. */
export interface StepHandler {
  prompt(s: EngineState, env: Env): Prompt;
  answer(s: EngineState, input: Input, env: Env): Outcome;
}
