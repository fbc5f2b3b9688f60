import { addWorkingDays, jakartaDate } from '../core/working-days.js';
import { parseCommand, type Command } from './commands.js';
import type { ConversationEngine, EngineContext, EngineResult, Effect, InboundMessage, ConversationState } from './contract.js';
import { LIMITS, type EngineData } from './data.js';
import { extractFirstMessage } from './extract.js';
import { OPTIONAL_FIELDS, applyAnswers, clearField, fieldsToRedo, isAnswered, nextStep, previousField, type EditTarget } from './flow.js';
import { messages } from './messages/index.js';
import { cleanText, matchKey } from './parse/text.js';
import { ReplyBuilder } from './reply.js';
import { buildReport } from './report.js';
import { FLOW_VERSION, newState, readState, type EngineState, type Field, type Step } from './state.js';
import { renderStatus } from './status.js';
import { addAttachment } from './steps/attachments.js';
import { outOfScopeNotes } from './steps/body.js';
import { STEPS } from './steps/index.js';
import type { Env, Input, Outcome, Prompt } from './steps/types.js';

/**
 * The conversation engine: state + one message in, new state + replies + effects
 * out. Pure — the clock, the ticket and the sender's number come in through the
 * EngineContext, the region list and topics through EngineData — so the same inputs
 * always give the same outputs and a conversation can resume in any process.
 */

const DEFAULT_VERIFICATION_DAYS = 3;
const DEFAULT_FOLLOW_UP_DAYS = 5;

type MediaMessage = Extract<InboundMessage, { type: 'media' }>;

/** One call of the engine: the state as it evolves, and what is said and done. */
class Turn {
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

  get s(): EngineState {
    if (!this.state) throw new EngineError('SESSION_OVER', 'the session already ended in this turn');
    return this.state;
  }

  get env(): Env {
    const lang = this.s.lang;
    return { ctx: this.ctx, data: this.data, m: messages(lang), lang, sms: this.ctx.channel === 'sms' };
  }

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

function greet(turn: Turn): void {
  const { m } = turn.env;
  turn.out.say(m.greeting, m.privacyNotice);
}

/** "Sorry, the service was updated, let us start again": for states this flow cannot continue. */
function restartPolitely(turn: Turn): void {
  turn.state = newState(turn.state?.lang ?? 'id');
  turn.out.say(turn.env.m.flowUpdated);
  greet(turn);
  turn.ask();
}

/** A choice typed as its number ("2") or its label ("Anonim") becomes its value. */
function resolveInput(text: string, value: string | null, prompt: Prompt): Input {
  if (value !== null) return { text: value, value };
  const choices = prompt.choices ?? [];
  const number = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  if (number) {
    const chosen = choices[Number(number[1]) - 1];
    if (chosen) return { text, value: chosen.value };
  }
  const key = matchKey(text);
  const byLabel = choices.find((c) => matchKey(c.label) === key);
  return { text, value: byLabel?.value ?? null };
}

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

function startEdit(turn: Turn, target: EditTarget | null): void {
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

function apply(turn: Turn, outcome: Outcome): void {
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

function confirmation(turn: Turn, yes: boolean): void {
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

function command(turn: Turn, cmd: Command): void {
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

function lookup(turn: Turn, ticket: string | null): void {
  const { m, lang } = turn.env;
  if (!ticket) {
    turn.out.say(m.statusNeedTicket);
    return;
  }
  turn.effects.push({ type: 'lookup_status', ticket, language: lang });
  turn.out.say(m.statusChecking(ticket));
}

function media(turn: Turn, msg: MediaMessage): void {
  const { m } = turn.env;
  const added = addAttachment(turn.s, msg);
  if (!added.ok) {
    turn.out.say(added.reason === 'full' ? m.attachmentsFull(LIMITS.attachmentsMax) : m.attachmentRejected);
    turn.out.offer(turn.prompt().choices);
    return;
  }
  turn.state = added.state;
  if (turn.s.step === 'attachments') {
    turn.out.say(m.attachmentReceived(added.count)).offer(turn.prompt().choices);
    return;
  }
  turn.out.say(m.attachmentStored);
  // A caption is the citizen's words: treat it as the answer to the open question.
  const caption = cleanText(typeof msg.caption === 'string' ? msg.caption : '');
  if (caption !== '') text(turn, caption);
  else turn.ask();
}

function location(turn: Turn, latitude: number, longitude: number): void {
  const { m } = turn.env;
  const valid = Number.isFinite(latitude) && Number.isFinite(longitude) && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
  if (!valid) {
    turn.out.say(m.unsupported);
    turn.ask();
    return;
  }
  const loc = { lat: latitude, lon: longitude };
  if (turn.s.step === 'place') {
    turn.state = applyAnswers(turn.s, { place: null, location: loc });
    turn.ask();
    return;
  }
  turn.state = { ...turn.s, a: { ...turn.s.a, location: loc } };
  turn.out.say(m.locationStored);
  turn.ask();
}

function text(turn: Turn, cleaned: string, value: string | null = null): void {
  const s = turn.s;
  if (value === null) {
    if (cleaned === '') {
      turn.out.say(turn.env.m.emptyMessage);
      turn.ask();
      return;
    }
    const cmd = parseCommand(cleaned);
    // Before consent there is nothing to edit or skip: those words are answers then.
    if (cmd && (s.a.consent || (cmd.type !== 'edit' && cmd.type !== 'skip'))) {
      command(turn, cmd);
      return;
    }
  }
  const handler = STEPS[s.step];
  const input = resolveInput(cleaned, value, handler.prompt(s, turn.env));
  apply(turn, handler.answer(s, input, turn.env));
}

function dispatch(turn: Turn, msg: InboundMessage): void {
  const { m } = turn.env;
  switch (msg.type) {
    case 'text':
      text(turn, cleanText(typeof msg.text === 'string' ? msg.text : ''));
      return;
    case 'choice': {
      // A button from an older message (Telegram keeps them pressable) is not an
      // answer to the open question: ask that question again instead.
      const offered = turn.prompt().choices ?? [];
      if (offered.some((c) => c.value === msg.value)) text(turn, msg.value, msg.value);
      else turn.ask();
      return;
    }
    case 'location':
      location(turn, msg.latitude, msg.longitude);
      return;
    case 'media':
      media(turn, msg);
      return;
    case 'idle_reminder':
      turn.out.say(m.idleReminder);
      turn.ask();
      return;
    default:
      turn.out.say(m.unsupported);
      turn.ask();
  }
}

/** A new conversation: greet, note what the first message already told, ask for consent. */
function start(turn: Turn, msg: InboundMessage): void {
  if (msg.type !== 'text') {
    // Media or a location before anything else is kept; the greeting comes first anyway.
    if (msg.type === 'media') {
      const added = addAttachment(turn.s, msg);
      if (added.ok) turn.state = added.state;
    }
    greet(turn);
    turn.ask();
    return;
  }
  const cleaned = cleanText(typeof msg.text === 'string' ? msg.text : '');
  const cmd = parseCommand(cleaned);
  if (cmd?.type === 'status') {
    lookup(turn, cmd.ticket);
    // A status question alone does not open a report.
    turn.state = null;
    return;
  }
  if (cmd?.type === 'language') turn.state = { ...turn.s, lang: cmd.lang };
  const { m } = turn.env;
  greet(turn);
  if (!cmd && cleaned !== '') {
    const found = extractFirstMessage(cleaned, turn.data.gazetteer, turn.ctx.now);
    const s = turn.s;
    const next: EngineState = { ...s, a: { ...s.a, ...found.set } };
    if (found.fields.length > 0) next.extracted = found.fields;
    turn.state = next;
    if (found.lapor && next.a.body) turn.out.say(m.bodyCaptured);
    if (next.a.body) turn.out.say(...outOfScopeNotes(next.a.body, m));
  }
  turn.ask();
}

/**
 * Creates the engine over the region index and topic list (load both once at
 * start-up and share the engine between all chats; it holds no per-chat data).
 *
 * @example
 * const engine = createEngine({ gazetteer: loadGazetteer(), categories: defaultCategories });
 * const { state, replies, effects } = engine.handle(saved, message, ctx);
 */
export function createEngine(data: EngineData): ConversationEngine {
  return {
    version: FLOW_VERSION,
    handle(saved: ConversationState | null, msg: InboundMessage, ctx: EngineContext): EngineResult {
      // Nothing to remind about: the session is already gone.
      if (saved === null && msg.type === 'idle_reminder') return { state: null, replies: [], effects: [] };
      if (saved === null) {
        const turn = new Turn(newState(), data, ctx);
        start(turn, msg);
        return turn.result();
      }
      const read = readState(saved);
      if (!read.ok) {
        const turn = new Turn(newState(read.lang), data, ctx);
        restartPolitely(turn);
        return turn.result();
      }
      const turn = new Turn(read.state, data, ctx);
      dispatch(turn, msg);
      return turn.result();
    },
    renderStatus,
  };
}
