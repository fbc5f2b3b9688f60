import { parseCommand } from './commands.js';
import type { ConversationEngine, ConversationState, EngineContext, EngineResult, InboundMessage, ReportUpdate } from './contract.js';
import { LIMITS, type EngineData } from './data.js';
import { extractFirstMessage } from './extract.js';
import { applyAnswers } from './flow.js';
import { followUpChoice, followUpText, runFollowUpCommand } from './follow-up/citizen-input.js';
import { parseFollowUpCommand } from './follow-up/commands.js';
import { renderFollowUp } from './follow-up/outcome.js';
import { reportUpdate } from './follow-up/updates.js';
import { handleCommand, lookup } from './handle-command.js';
import { applyOutcome } from './outcomes.js';
import { cleanText, matchKey } from './parse/text.js';
import { FLOW_VERSION, followUpState, newState, readState, type EngineState } from './state.js';
import { renderStatus } from './status.js';
import { addAttachment } from './steps/attachments.js';
import { outOfScopeNotes } from './steps/body.js';
import { STEPS } from './steps/index.js';
import type { Input, Prompt } from './steps/types.js';
import { Turn, greet, restartPolitely } from './turn.js';

/**
 * The conversation engine: state + one message in, new state + replies + effects
 * out. Pure — the clock, the ticket and the sender's number come in through the
 * EngineContext, the region list and topics through EngineData — so the same inputs
 * always give the same outputs and a conversation can resume in any process.
 */

type MediaMessage = Extract<InboundMessage, { type: 'media' }>;

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

// Phones and channels count binary megabytes: WhatsApp's "16 MB" is 16 MiB.
const MIB = 1024 * 1024;

/** Says the file was too large, with the limit, and asks the open question again. */
function tooLarge(turn: Turn, msg: Extract<InboundMessage, { type: 'media_too_large' }>): void {
  turn.out.say(turn.env.m.fileTooLarge(Math.max(1, Math.floor(msg.maxBytes / MIB))));
  turn.ask();
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
    // "/balas LPR-… teks" mid-intake: about another report, the intake stays as it is.
    const followUp = parseFollowUpCommand(cleaned, false);
    if (followUp) {
      runFollowUpCommand(turn, followUp);
      return;
    }
    const cmd = parseCommand(cleaned);
    // Before consent there is nothing to edit or skip: those words are answers then.
    if (cmd && (s.a.consent || (cmd.type !== 'edit' && cmd.type !== 'skip'))) {
      handleCommand(turn, cmd);
      return;
    }
  }
  const handler = STEPS[s.step];
  const input = resolveInput(cleaned, value, handler.prompt(s, turn.env));
  applyOutcome(turn, handler.answer(s, input, turn.env));
}

// No intake in progress: the citizen talks about the report they last heard of.
function followUpDispatch(turn: Turn, msg: InboundMessage): void {
  const { m } = turn.env;
  switch (msg.type) {
    case 'text':
      if (followUpText(turn, cleanText(typeof msg.text === 'string' ? msg.text : '')) === 'intake') {
        turn.state = { ...newState(turn.s.lang), ...(turn.s.f ? { f: turn.s.f } : {}) };
        start(turn, msg);
      }
      return;
    case 'choice':
      if (!followUpChoice(turn, msg.value)) turn.ask();
      return;
    case 'idle_reminder':
      // Nothing is unfinished: no reminder.
      return;
    // No file reaches the office from here, whatever its size: "send a smaller one" would mislead.
    case 'media':
    case 'media_too_large':
      turn.out.say(m.followUp.mediaNotRelayed);
      turn.ask();
      return;
    default:
      turn.out.say(m.unsupported);
      turn.ask();
  }
}

function dispatch(turn: Turn, msg: InboundMessage): void {
  const { m } = turn.env;
  if (turn.s.step === 'follow_up') {
    followUpDispatch(turn, msg);
    return;
  }
  switch (msg.type) {
    case 'text':
      text(turn, cleanText(typeof msg.text === 'string' ? msg.text : ''));
      return;
    case 'choice': {
      // Rating and reopen buttons name their ticket: they work whatever the open question.
      if (followUpChoice(turn, msg.value)) return;
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
    case 'media_too_large':
      tooLarge(turn, msg);
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
    if (msg.type === 'media_too_large') tooLarge(turn, msg);
    else turn.ask();
    return;
  }
  const cleaned = cleanText(typeof msg.text === 'string' ? msg.text : '');
  const followUp = turn.s.f ? null : parseFollowUpCommand(cleaned, false);
  if (followUp) {
    // Like a status question, a command about a sent report opens no new one.
    runFollowUpCommand(turn, followUp);
    turn.state = null;
    return;
  }
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
      if (msg.type === 'report_update') return update(saved, msg.update, data, ctx);
      if (saved === null && msg.type === 'choice') {
        // A rating button pressed after the session expired still rates.
        const turn = new Turn(newState(), data, ctx);
        if (followUpChoice(turn, msg.value)) {
          turn.state = null;
          return turn.result();
        }
      }
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
    renderFollowUp: (language, effect, outcome) =>
      renderFollowUp(language, effect, outcome, data.followUpWorkingDays ?? DEFAULT_FOLLOW_UP_DAYS),
  };
}

const DEFAULT_FOLLOW_UP_DAYS = 5;

/** A report update: worded in the session's language (the notice's when there is none). */
function update(saved: ConversationState | null, u: ReportUpdate, data: EngineData, ctx: EngineContext): EngineResult {
  const read = saved === null ? null : readState(saved);
  if (read?.ok) {
    const turn = new Turn(read.state, data, ctx);
    reportUpdate(turn, u, read.state, false);
    return turn.result();
  }
  // No session, or one this flow cannot read: the news starts a follow-up-only session.
  const lang = read ? read.lang : u.language === 'en' ? 'en' : 'id';
  const turn = new Turn(followUpState(lang, { t: u.ticket }), data, ctx);
  reportUpdate(turn, u, null, read !== null);
  return turn.result();
}
