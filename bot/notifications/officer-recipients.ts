import type { Db } from '../../db/database.js';
import type { OfficerRole } from '../../db/tables/officers.table.js';

/** An enrolled, active officer a notice goes to. Carries no personal data beyond the chat. */
export interface OfficerRecipient {
  id: string;
  role: OfficerRole;
  opdCode: string;
  /** The officer's own channel (`telegram` or `whatsapp`). */
  channel: string;
  chatRef: string;
}

/**
 * The active officers of one unit with one of the given roles, in id order (so the
 * delivery order is stable across retries). A disabled unit has no recipients: its
 * officers may no longer act, so telling them of reports would only confuse.
 */
export async function activeOfficersOf(db: Db, opdCode: string, roles: readonly OfficerRole[]): Promise<OfficerRecipient[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom('officers as o')
    .innerJoin('opd', 'opd.code', 'o.opd_code')
    .select(['o.id', 'o.role', 'o.opd_code', 'o.channel', 'o.chat_ref'])
    .where('o.opd_code', '=', opdCode)
    .where('o.role', 'in', [...roles])
    .where('o.active', '=', true)
    .where('opd.active', '=', true)
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({ id: r.id, role: r.role, opdCode: r.opd_code, channel: r.channel, chatRef: r.chat_ref }));
}

/** Whether a unit is a coordinating admin unit (false for an unknown code). */
export async function isCoordinatingUnit(db: Db, opdCode: string): Promise<boolean> {
  const row = await db.selectFrom('opd').select('is_coordinator').where('code', '=', opdCode).executeTakeFirst();
  return row?.is_coordinator ?? false;
}

/** A unit's name, or its code when the unit is unknown (a notice must still go out). */
export async function opdNameOf(db: Db, opdCode: string): Promise<string> {
  const row = await db.selectFrom('opd').select('name').where('code', '=', opdCode).executeTakeFirst();
  return row?.name ?? opdCode;
}
