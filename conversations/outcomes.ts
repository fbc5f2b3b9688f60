import { addWorkingDays, jakartaDate } from '../core/working-days.js';
import { LIMITS } from './data.js';
import { OPTIONAL_FIELDS, applyAnswers, clearField, fieldsToRedo, isAnswered, nextStep, type EditTarget } from './flow.js';
import { buildReport } from './report.js';
import { newState, type EngineState, type Field } from './state.js';
import type { Outcome } from './steps/types.js';
import { greet, restartPolitely, type Turn } from './turn.js';

/**
 * What the engine does with a step's outcome: store and move on, re-ask with the
 * error, offer candidates, submit, start a correction, act on a confirmation.
 */

const DEFAULT_VERIFICATION_DAYS = 3;
const DEFAULT_FOLLOW_UP_DAYS = 5;

function nextStepsReply(turn: Turn, ticket: string): void {
  const { m } = turn.env;
  const verifyDays = turn.data.verificationWorkingDays ?? DEFAULT_VERIFICATION_DAYS;
  const followDays = turn.data.followUpWorkingDays ?? DEFAULT_FOLLOW_UP_DAYS;
  const [y, mo, d] = jakartaDate(addWorkingDays(turn.ctx.now, verifyDays)).split('-').map(Number) as [number, number, number];
  turn.out.say(m.submitted(ticket), m.nextSteps(`${d} ${m.months[mo - 1]} ${y}`, verifyDays, followDays), m.statusHint(ticket));
}

function submit(turn: Turn): void {
  const report = buildReport(turn.s, turn.ctx, turn.data);
  if (!report) {
    // Only a hand-made or damaged state gets here; never send half a report.
    restartPolitely(turn);
    return;
  }
  turn.effects.push({ type: 'submit_report', report });
  nextStepsReply(turn, report.ticket);
  turn.state = null;
}

/** Starts changing one part (null: asks which), keeping every other answer. */
export function startEdit(turn: Turn, target: EditTarget | null): void {
  if (target === null) {
    turn.goTo('pick_field');
    return;
  }
  const s = turn.s;
  // Only answers already given can be changed; the others will be asked in turn.
  const redo = fieldsToRedo(target).filter((f) => isAnswered(s.a, f));
  if (redo.length === 0) {
    turn.ask();
    return;
  }
  const next: EngineState = { ...s, redo };
  delete next.extracted;
  turn.state = next;
  turn.goTo(nextStep(next));
}

/** Carries out a step's outcome. */
export function applyOutcome(turn: Turn, outcome: Outcome): void {
  const s = turn.s;
  const { m } = turn.env;
  switch (outcome.type) {
    case 'answered': {
      turn.state = applyAnswers(s, outcome.set);
      turn.out.say(...(outcome.notes ?? []));
      turn.ask();
      return;
    }
    case 'rejected': {
      const tries = s.tries + 1;
      turn.state = { ...s, tries };
      turn.out.say(outcome.error);
      if (tries >= LIMITS.failuresBeforeHelp) {
        turn.out.say(m.offerHelp);
        if (OPTIONAL_FIELDS.has(s.step as Field)) turn.out.say(m.offerSkip);
      }
      turn.out.offer(turn.prompt().choices);
      return;
    }
    case 'offer': {
      turn.state = { ...s, offered: outcome.choices.map((c) => c.value) };
      turn.out.say(outcome.text).offer(outcome.choices);
      return;
    }
    case 'submit':
      submit(turn);
      return;
    case 'edit':
      startEdit(turn, outcome.target);
      return;
    case 'confirmed':
    case 'declined':
      confirmation(turn, outcome.type === 'confirmed');
      return;
  }
}

/** A yes or no at a confirmation question (extracted data, cancel, restart, the summary's cancel). */
export function confirmation(turn: Turn, yes: boolean): void {
  const s = turn.s;
  const { m } = turn.env;
  switch (s.step) {
    case 'confirm_extracted': {
      let a = s.a;
      if (!yes) {
        for (const f of s.extracted ?? []) a = clearField(a, f);
        turn.out.say(m.extractedRejected);
      }
      const next: EngineState = { ...s, a };
      delete next.extracted;
      turn.state = next;
      turn.goTo(nextStep(next));
      return;
    }
    case 'confirm_cancel':
      if (yes) {
        turn.out.say(m.cancelled);
        turn.effects.push({ type: 'end_session' });
        turn.state = null;
        return;
      }
      turn.out.say(m.resumed);
      turn.goTo(nextStep(s));
      return;
    case 'confirm_restart':
      if (yes) {
        turn.state = newState(s.lang);
        turn.out.say(m.restarted);
        greet(turn);
        turn.ask();
        return;
      }
      turn.out.say(m.resumed);
      turn.goTo(nextStep(s));
      return;
    case 'summary':
      // "Batal" chosen at the summary: confirm before throwing the report away.
      turn.goTo('confirm_cancel');
      return;
  }
}
