import type { Db } from '../database.js';
import type { Officer } from '../tables/officers.table.js';
import { recordAdminEvent } from './admin-events.js';
import { inTransaction } from './in-transaction.js';

/** An officer with their unit's name, as listings show it. */
export interface OfficerListing extends Officer {
  opd_name: string;
}

/** Filters of {@link listOfficers}; unset means all. */
export interface ListOfficersFilter {
  opdCode?: string | undefined;
  /** Include disabled officers. @defaultValue true */
  includeDisabled?: boolean | undefined;
}

/** Officers, by OPD then id. */
export async function listOfficers(db: Db, filter: ListOfficersFilter = {}): Promise<OfficerListing[]> {
  let query = db
    .selectFrom('officers as o')
    .innerJoin('opd', 'opd.code', 'o.opd_code')
    .selectAll('o')
    .select('opd.name as opd_name')
    .orderBy('o.opd_code')
    .orderBy('o.id');
  if (filter.opdCode) query = query.where('o.opd_code', '=', filter.opdCode);
  if (filter.includeDisabled === false) query = query.where('o.active', '=', true);
  return query.execute();
}

/**
 * The active officer writing from a chat, or undefined: what the bot asks on every
 * officer message. A disabled officer's chat is treated as a stranger's.
 */
export async function findOfficerByChat(db: Db, channel: string, chatRef: string): Promise<Officer | undefined> {
  return db
    .selectFrom('officers')
    .selectAll()
    .where('channel', '=', channel)
    .where('chat_ref', '=', chatRef)
    .where('active', '=', true)
    .executeTakeFirst();
}

/** Why an officer administration action was refused. Nothing changed. */
export type OfficerAdminRefusal = 'unknown_officer' | 'already_disabled' | 'unknown_opd' | 'inactive_opd' | 'same_opd' | 'admin_needs_coordinator_opd';

/** An officer action's outcome. */
export type OfficerAdminResult = { ok: true; officer: Officer } | { ok: false; reason: OfficerAdminRefusal };

/** Input of {@link disableOfficer}. */
export interface DisableOfficerInput {
  officerId: string;
  /** Who did it, for the audit trail. */
  by: string;
  now: Date;
}

/**
 * Disables an officer: their chat no longer acts for the OPD (every lifecycle action
 * re-reads `active`). The row stays, so past events still name who acted.
 */
export async function disableOfficer(db: Db, input: DisableOfficerInput): Promise<OfficerAdminResult> {
  return inTransaction(db, async (trx) => {
    const officer = await lockOfficer(trx, input.officerId);
    if (!officer) return { ok: false, reason: 'unknown_officer' } as const;
    if (!officer.active) return { ok: false, reason: 'already_disabled' } as const;
    const updated = await trx
      .updateTable('officers')
      .set({ active: false })
      .where('id', '=', officer.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAdminEvent(trx, {
      action: 'officer_disabled',
      actor: input.by,
      data: { officer_id: officer.id, opd_code: officer.opd_code, role: officer.role },
      now: input.now,
    });
    return { ok: true, officer: updated } as const;
  });
}

/** Input of {@link moveOfficer}. */
export interface MoveOfficerInput {
  officerId: string;
  opdCode: string;
  by: string;
  now: Date;
}

/**
 * Moves an officer to another active OPD, keeping their role. An admin may only move
 * to a coordinating unit (see {@link createInvite}'s rule).
 */
export async function moveOfficer(db: Db, input: MoveOfficerInput): Promise<OfficerAdminResult> {
  return inTransaction(db, async (trx) => {
    const officer = await lockOfficer(trx, input.officerId);
    if (!officer) return { ok: false, reason: 'unknown_officer' } as const;
    const opd = await trx
      .selectFrom('opd')
      .select(['code', 'active', 'is_coordinator'])
      .where('code', '=', input.opdCode)
      .executeTakeFirst();
    if (!opd) return { ok: false, reason: 'unknown_opd' } as const;
    if (!opd.active) return { ok: false, reason: 'inactive_opd' } as const;
    if (opd.code === officer.opd_code) return { ok: false, reason: 'same_opd' } as const;
    if (officer.role === 'admin' && !opd.is_coordinator) return { ok: false, reason: 'admin_needs_coordinator_opd' } as const;
    const updated = await trx
      .updateTable('officers')
      .set({ opd_code: opd.code })
      .where('id', '=', officer.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAdminEvent(trx, {
      action: 'officer_moved',
      actor: input.by,
      data: { officer_id: officer.id, from_opd_code: officer.opd_code, to_opd_code: opd.code, role: officer.role },
      now: input.now,
    });
    return { ok: true, officer: updated } as const;
  });
}

async function lockOfficer(db: Db, officerId: string): Promise<Officer | undefined> {
  // A non-numeric id would be a bigint cast error in PostgreSQL; it is simply unknown.
  if (!/^\d{1,18}$/.test(officerId)) return undefined;
  return db.selectFrom('officers').selectAll().where('id', '=', officerId).forUpdate().executeTakeFirst();
}
