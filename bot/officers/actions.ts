import type { Choice, Reply } from '../../conversations/contract.js';
import {
  changeOpd,
  decline,
  getReportForOfficer,
  LIFECYCLE,
  markInProgress,
  markNotAuthority,
  postpone,
  replyToCitizen,
  resolve,
  verifyAndDispose,
  type TransitionResult,
  type Transitioned,
} from '../../db/lifecycle/index.js';
import { listOpds } from '../../db/officers/index.js';
import { queueLifecycleNotices } from '../../worker/lifecycle-notices.js';
import { planAttachments } from './attachments.js';
import type { DeskAction } from './commands.js';
import type { DeskContext, DeskOutcome } from './context.js';
import { day, STATUS_LABEL } from './format.js';
import { explainRefusal, wrongRole, wrongStatus } from './refusals.js';
import { LIFECYCLE_OF, promptFor, reportView } from './render.js';

/**
 * One action on one report, carried out through the store (which authorizes it) and
 * followed by the lifecycle notices. An action that needs a text and has none asks
 * for it: the desk then remembers it as pending.
 */

/** Actions that cannot run without a text (a reply, a summary, a reason, an OPD code). */
const NEEDS_TEXT: ReadonlySet<DeskAction> = new Set(['balas', 'selesai', 'tunda', 'bukan', 'tolak', 'pindah']);

/** Most OPD buttons offered with an OPD prompt. */
const OPD_CHOICES = 30;
/** Telegram's callback_data budget for a choice value (see conversations/contract.ts). */
const CHOICE_VALUE_MAX_BYTES = 40;

/** Prefix of a choice value that carries an OPD code into a pending verifikasi/pindah. */
export const OPD_CHOICE_PREFIX = 'opd:';

/** Runs `action` on `ticket` with the officer's text (empty: none given). */
export async function runReportAction(ctx: DeskContext, action: DeskAction, ticket: string, text: string): Promise<DeskOutcome> {
  const { db, officer, now, limits } = ctx;
  const actor = { kind: 'officer' as const, officerId: officer.id };
  const body = text.trim();
  if (action === 'lihat') {
    const view = await getReportForOfficer(db, officer.id, ticket);
    if (!view.ok) return { replies: [await explainRefusal(ctx, action, ticket, view)] };
    // Only after the store's check above: the files go to whoever may see the report.
    const attachments = planAttachments(view.report, officer.channel);
    return { replies: [reportView(officer.role, view.report, attachments.line), ...attachments.files] };
  }
  if (action === 'verifikasi' && body === '') return verifyToRoutedOpd(ctx, ticket);
  if (NEEDS_TEXT.has(action) && body === '') return prompt(ctx, action, ticket);

  // An OPD code is one word; anything after it is ignored rather than sent anywhere.
  const opdCode = body.split(/\s+/)[0] ?? '';
  let result: TransitionResult;
  switch (action) {
    case 'balas':
      result = await replyToCitizen(db, actor, { ticket, text: body }, now, limits);
      break;
    case 'proses':
      result = await markInProgress(db, actor, { ticket }, now);
      break;
    case 'selesai':
      result = await resolve(db, actor, { ticket, text: body }, now);
      break;
    case 'verifikasi':
      result = await verifyAndDispose(db, actor, { ticket, targetOpdCode: opdCode }, now, limits);
      break;
    case 'pindah':
      result = await changeOpd(db, actor, { ticket, targetOpdCode: opdCode }, now, limits);
      break;
    case 'tunda':
      result = await postpone(db, actor, { ticket, reason: body }, now);
      break;
    case 'bukan':
      result = await markNotAuthority(db, actor, { ticket, reason: body }, now);
      break;
    case 'tolak':
      result = await decline(db, actor, { ticket, reason: body }, now);
      break;
  }
  if (!result.ok) {
    ctx.logger.info({ officerId: officer.id, action, ticket, refusal: result.reason, detail: result.detail }, 'officer action refused');
    return { replies: [await explainRefusal(ctx, action, ticket, result)] };
  }
  ctx.logger.info({ officerId: officer.id, action, ticket, eventId: result.event.id, status: result.report.status }, 'officer action done');
  await notify(ctx, result);
  return { replies: [{ text: doneText(action, result) }] };
}

/**
 * `/verifikasi <tiket>` without a code: to the OPD routing chose. Routing falls back
 * to the coordinating unit itself when no rule matched; disposing a report to the
 * admin's own unit is not a decision, so the admin is asked for a code then.
 */
async function verifyToRoutedOpd(ctx: DeskContext, ticket: string): Promise<DeskOutcome> {
  const view = await getReportForOfficer(ctx.db, ctx.officer.id, ticket);
  if (!view.ok) return { replies: [await explainRefusal(ctx, 'verifikasi', ticket, view)] };
  const routed = view.report.opdCode;
  if (routed === null || routed === ctx.officer.opd_code) return prompt(ctx, 'verifikasi', ticket);
  return runReportAction(ctx, 'verifikasi', ticket, routed);
}

/**
 * Asks for the missing text, after checking what can be checked now (the report is
 * the officer's to act on, in a status that allows the action), so nobody types a
 * long reply only to hear it was never possible.
 */
async function prompt(ctx: DeskContext, action: DeskAction, ticket: string): Promise<DeskOutcome> {
  const { officer } = ctx;
  const view = await getReportForOfficer(ctx.db, officer.id, ticket);
  if (!view.ok) return { replies: [await explainRefusal(ctx, action, ticket, view)] };
  if (action !== 'lihat') {
    const rule = LIFECYCLE[LIFECYCLE_OF[action]];
    if (rule.by !== officer.role) return { replies: [wrongRole(officer.role, action)] };
    if (!rule.from.includes(view.report.status)) return { replies: [wrongStatus(officer.role, action, ticket, view.report.status)] };
  }
  const reply: Reply = { text: promptFor(action, ticket) };
  if (action === 'pindah' || action === 'verifikasi') {
    const choices = await opdChoices(ctx, view.report.opdCode);
    if (choices.length > 0) reply.choices = choices;
  }
  return { replies: [reply], pending: { action, ticket } };
}

/** The active service units of the admin's region, as buttons. */
async function opdChoices(ctx: DeskContext, currentOpd: string | null): Promise<Choice[]> {
  const own = await ctx.db.selectFrom('opd').select('region_code').where('code', '=', ctx.officer.opd_code).executeTakeFirst();
  if (!own) return [];
  const units = await listOpds(ctx.db, { regionCode: own.region_code });
  return units
    .filter((u) => !u.is_coordinator && u.code !== currentOpd)
    .map((u) => ({ value: `${OPD_CHOICE_PREFIX}${u.code}`, label: `${u.name} (${u.code})` }))
    .filter((c) => Buffer.byteLength(c.value) <= CHOICE_VALUE_MAX_BYTES)
    .slice(0, OPD_CHOICES);
}

/**
 * Queues the notices of a done transition. The transition is committed already: a
 * queue failure is logged, not thrown, because a redelivery of the message would run
 * a non-idempotent action a second time.
 */
async function notify(ctx: DeskContext, result: Transitioned): Promise<void> {
  try {
    await queueLifecycleNotices(ctx.notifications, result);
  } catch (err) {
    ctx.logger.error({ err, ticket: result.report.ticket, eventId: result.event.id }, 'lifecycle notices not queued');
  }
}

function doneText(action: DeskAction, result: Transitioned): string {
  const r = result.report;
  const opdName = result.notifyCitizen?.opdName ?? r.opd_code ?? '-';
  switch (action) {
    case 'balas':
      return `Balasan untuk ${r.ticket} tercatat dan dikirim ke pelapor atas nama unit Anda. Laporan ditutup otomatis pada ${day(r.close_due_at)} jika pelapor tidak menanggapi.`;
    case 'proses':
      return `${r.ticket} ditandai sedang diproses. Pelapor diberi tahu.`;
    case 'selesai':
      return `${r.ticket} ditandai selesai. Pelapor diberi tahu dan diminta memberi penilaian.`;
    case 'verifikasi':
      return `${r.ticket} sudah diverifikasi dan diteruskan ke ${opdName}. Batas tindak lanjut: ${day(r.followup_due_at)}.`;
    case 'pindah':
      return `${r.ticket} dipindahkan ke ${opdName}. Batas tindak lanjut baru: ${day(r.followup_due_at)}.`;
    default:
      return `${r.ticket} sekarang berstatus "${STATUS_LABEL[r.status]}". Pelapor diberi tahu beserta alasannya.`;
  }
}

