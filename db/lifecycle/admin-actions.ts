import { addWorkingDays } from '../../core/working-days.js';
import type { Db } from '../database.js';
import { refuse, runTransition, type StepContext, type StepPlan } from './engine.js';
import { cleanText } from './input.js';
import { withinRegion } from './jurisdiction.js';
import { DEFAULT_SLA_LIMITS, type Actor, type Refusal, type SlaLimits, type TransitionResult } from './types.js';

/**
 * What a coordinating admin does with a report of their jurisdiction: verify and
 * dispose it to an OPD (or change that OPD), postpone it, pass it on as not their
 * authority, or decline it. Each call is one transaction (see runTransition).
 */

/** Input naming a report and the OPD to send it to. */
export interface DisposeInput {
  ticket: string;
  targetOpdCode: string;
}

/** Input naming a report and why. */
export interface ReasonInput {
  ticket: string;
  reason: string;
}

async function findTarget(ctx: StepContext, targetOpdCode: string) {
  const target = await ctx.trx
    .selectFrom('opd')
    .select(['code', 'name', 'region_code', 'active'])
    .where('code', '=', targetOpdCode)
    .executeTakeFirst();
  // An OPD of another jurisdiction is as unusable as an unknown one.
  if (!target || !target.active || !withinRegion(ctx.officer!.regionCode, target.region_code)) return null;
  return target;
}

/**
 * Disposal, shared by the first verification and a later change of OPD: the report
 * goes to `targetOpdCode` with a follow-up clock starting today, and the new unit is
 * notified. `extra` adds the columns only the first disposal sets.
 */
async function disposeTo(
  ctx: StepContext,
  targetOpdCode: string,
  now: Date,
  limits: SlaLimits,
  extra: StepPlan['set'],
): Promise<StepPlan | Refusal> {
  const target = await findTarget(ctx, targetOpdCode);
  if (!target) return refuse('invalid_input', 'target OPD unknown, inactive or outside the jurisdiction');
  return {
    set: { ...extra, opd_code: target.code, disposed_at: now, followup_due_at: addWorkingDays(now, limits.followupWorkingDays) },
    data: { opd_code: target.code, previous_opd_code: ctx.report.opd_code },
    notifyCitizen: () => ({ reason: null, message: null, opdName: target.name }),
    notifyOpd: (r) => ({ type: 'new_report_for_opd', ticket: r.ticket, opdCode: target.code, role: 'handler' }),
  };
}

/**
 * Verifies a submitted (or postponed) report and disposes it to `targetOpdCode`, an
 * active OPD inside the admin's jurisdiction: status disposed, verified_at,
 * disposed_at, and a follow-up clock of {@link SlaLimits.followupWorkingDays}.
 */
export async function verifyAndDispose(
  db: Db,
  actor: Actor,
  input: DisposeInput,
  now: Date,
  limits: SlaLimits = DEFAULT_SLA_LIMITS,
): Promise<TransitionResult> {
  return runTransition(db, actor, 'verify_and_dispose', input.ticket, now, (ctx) =>
    disposeTo(ctx, input.targetOpdCode, now, limits, { verified_at: ctx.report.verified_at ?? now }),
  );
}

/**
 * Re-disposes a report the OPD has not answered yet to another OPD of the
 * jurisdiction, with a fresh follow-up clock (the new unit starts from today).
 */
export async function changeOpd(
  db: Db,
  actor: Actor,
  input: DisposeInput,
  now: Date,
  limits: SlaLimits = DEFAULT_SLA_LIMITS,
): Promise<TransitionResult> {
  return runTransition(db, actor, 'change_opd', input.ticket, now, async (ctx) => {
    if (input.targetOpdCode === ctx.report.opd_code) return refuse('invalid_input', 'report is already with that OPD');
    return disposeTo(ctx, input.targetOpdCode, now, limits, {});
  });
}

function reasonAction(action: 'postpone' | 'not_authority' | 'decline') {
  return async (db: Db, actor: Actor, input: ReasonInput, now: Date): Promise<TransitionResult> => {
    const reason = cleanText(input.reason);
    if (!reason) return refuse('invalid_input', 'a reason is required');
    return runTransition(db, actor, action, input.ticket, now, async () => ({
      // The verification clock is left as it was: postponing does not buy the admin time.
      data: { reason },
      notifyCitizen: () => ({ reason, message: null, opdName: null }),
    }));
  };
}

/** Postpones verification (e.g. waiting for the citizen's details), with a reason the citizen receives. */
export const postpone = reasonAction('postpone');

/** "Bukan wewenang": not this jurisdiction's authority; the report is passed on (status not_authority). */
export const markNotAuthority = reasonAction('not_authority');

/** Declines a report as not eligible ("tidak layak"), with a reason the citizen receives. */
export const decline = reasonAction('decline');
