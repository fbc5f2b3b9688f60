import type { Db } from '../database.js';

/** The administrative actions the audit trail records. */
export type AdminAction = 'invite_created' | 'officer_enrolled' | 'officer_disabled' | 'officer_moved';

/**
 * Appends one row to `admin_events`. Call it with the same transaction as the change
 * it describes, so an action and its audit row commit (or vanish) together.
 */
export async function recordAdminEvent(
  db: Db,
  event: { action: AdminAction; actor: string; data: Record<string, unknown>; now: Date },
): Promise<void> {
  await db
    .insertInto('admin_events')
    .values({ action: event.action, actor: event.actor, data: JSON.stringify(event.data), created_at: event.now })
    .execute();
}
