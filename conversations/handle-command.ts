import type { Command } from './commands.js';
import { OPTIONAL_FIELDS, applyAnswers, clearField, nextStep, previousField } from './flow.js';
import { confirmation, startEdit } from './outcomes.js';
import { newState, type EngineState, type Field } from './state.js';
import { greet, type Turn } from './turn.js';

/** What the words that work at any step do: help, back, cancel, restart, skip, language, status, edit. */

function back(turn: Turn): void {
  const s = turn.s;
  const { m } = turn.env;
  if (s.step === 'confirm_cancel' || s.step === 'confirm_restart' || s.step === 'pick_field') {
    turn.goTo(nextStep(s));
    return;
  }
  if (s.redo) {
    // Back from a correction returns to the summary with the old answer kept.
    const next: EngineState = { ...s };
    delete next.redo;
    turn.state = next;
    turn.goTo(nextStep(next));
    return;
  }
  const previous = previousField(s, s.step);
  if (s.step === 'confirm_extracted' || (!previous && s.a.consent)) {
    // Before the first question comes the consent: going back reopens it.
    const next: EngineState = { ...s, a: { ...s.a } };
    delete next.a.consent;
    turn.state = next;
    turn.goTo('consent');
    return;
  }
  if (!previous) {
    turn.out.say(m.backAtStart);
    turn.ask();
    return;
  }
  const next: EngineState = { ...s, a: clearField(s.a, previous) };
  turn.state = next;
  turn.goTo(nextStep(next));
}

function skip(turn: Turn): void {
  const s = turn.s;
  const field = s.step as Field;
  if (!OPTIONAL_FIELDS.has(field)) {
    turn.out.say(turn.env.m.cannotSkip);
    turn.ask();
    return;
  }
  turn.state = applyAnswers(s, field === 'attachments' ? { attachments_done: true } : { [field]: null });
  turn.ask();
}

/** Carries out a command given instead of an answer. */
export function handleCommand(turn: Turn, cmd: Command): void {
  const s = turn.s;
  const { m } = turn.env;
  switch (cmd.type) {
    case 'help':
      turn.out.say(m.help[s.step], m.commandsHint);
      turn.ask();
      return;
    case 'back':
      back(turn);
      return;
    case 'cancel':
      if (s.step === 'confirm_cancel') confirmation(turn, true);
      else turn.goTo('confirm_cancel');
      return;
    case 'restart':
      if (Object.keys(s.a).length === 0) {
        turn.state = newState(s.lang);
        greet(turn);
        turn.ask();
      } else turn.goTo('confirm_restart');
      return;
    case 'skip':
      skip(turn);
      return;
    case 'language':
      turn.state = { ...s, lang: cmd.lang };
      turn.out.say(turn.env.m.languageSwitched);
      turn.ask();
      return;
    case 'status':
      lookup(turn, cmd.ticket);
      return;
    case 'edit':
      startEdit(turn, cmd.target);
      return;
  }
}

/** Asks the runtime to look a ticket up (or asks for one). */
export function lookup(turn: Turn, ticket: string | null): void {
  const { m, lang } = turn.env;
  if (!ticket) {
    turn.out.say(m.statusNeedTicket);
    return;
  }
  turn.effects.push({ type: 'lookup_status', ticket, language: lang });
  turn.out.say(m.statusChecking(ticket));
}
