import type { Db } from '../database.js';
import type { Officer, OfficerRole } from '../tables/officers.table.js';
import { recordAdminEvent } from './admin-events.js';
import { generateInviteCode, hashInviteCode, normalizeInviteCode } from './invite-code.js';
import { inTransaction } from './in-transaction.js';

/** How long an invite can be used. @defaultValue 72 hours */
export const INVITE_TTL_MS = 72 * 60 * 60 * 1000;

/** Input of {@link createInvite}. */
export interface CreateInviteInput {
  opdCode: string;
  role: OfficerRole;
  /** Who created it, for the audit trail (e.g. `cli:budi`). */
  createdBy: string;
  now: Date;
}

/** A created invite: the code to hand over (shown once, never stored) and its expiry. */
export type CreateInviteResult =
  | { ok: true; code: string; expiresAt: Date; opdCode: string; role: OfficerRole }
  | { ok: false; reason: 'unknown_opd' | 'inactive_opd' | 'admin_needs_coordinator_opd' };

/**
 * Creates a single-use enrolment code for an OPD and role, valid {@link INVITE_TTL_MS}.
 * Only the code's SHA-256 is stored. An admin invite is refused for an OPD that is
 * not a coordinating unit: an admin's jurisdiction is their unit's region, and only
 * coordinators verify and dispose.
 */
export async function createInvite(db: Db, input: CreateInviteInput): Promise<CreateInviteResult> {
  return inTransaction(db, async (trx) => {
    const opd = await trx
      .selectFrom('opd')
      .select(['code', 'active', 'is_coordinator'])
      .where('code', '=', input.opdCode)
      .executeTakeFirst();
    if (!opd) return { ok: false, reason: 'unknown_opd' } as const;
    if (!opd.active) return { ok: false, reason: 'inactive_opd' } as const;
    if (input.role === 'admin' && !opd.is_coordinator) return { ok: false, reason: 'admin_needs_coordinator_opd' } as const;

    const code = generateInviteCode();
    const hash = hashInviteCode(normalizeInviteCode(code)!);
    const expiresAt = new Date(input.now.getTime() + INVITE_TTL_MS);
    await trx
      .insertInto('officer_invites')
      .values({
        code_hash: hash,
        opd_code: opd.code,
        role: input.role,
        created_by: input.createdBy,
        created_at: input.now,
        expires_at: expiresAt,
      })
      .execute();
    // The hash prefix lets an auditor tie the invite to the enrolment without the code.
    await recordAdminEvent(trx, {
      action: 'invite_created',
      actor: input.createdBy,
      data: { opd_code: opd.code, role: input.role, code_hash_prefix: hash.slice(0, 12), expires_at: expiresAt.toISOString() },
      now: input.now,
    });
    return { ok: true, code, expiresAt, opdCode: opd.code, role: input.role } as const;
  });
}

/** Input of {@link enrolOfficer}: the code as the officer typed it, and who typed it. */
export interface EnrolOfficerInput {
  code: string;
  channel: string;
  chatRef: string;
  displayName: string | null;
  now: Date;
}

/** Why an enrolment was refused. */
export type EnrolRefusal = 'unknown_code' | 'expired_code' | 'used_code' | 'chat_already_enrolled';

/** The enrolled officer, or why not. A refusal changes nothing. */
export type EnrolOfficerResult = { ok: true; officer: Officer } | { ok: false; reason: EnrolRefusal };

class Refused extends Error {
  constructor(readonly reason: EnrolRefusal) {
    super(reason);
  }
}

/**
 * Links a chat to an OPD and role with an invite code. The code is claimed with one
 * `update … where used_at is null returning` inside the transaction, so of two
 * concurrent attempts exactly one wins. A chat that already belongs to an active
 * officer is refused; a chat of a disabled officer is re-activated with the invite's
 * OPD and role (the unique chat key allows one row per chat, and a returning officer
 * should not need the admin to delete history).
 *
 * Given the caller's transaction, a refusal that comes after the claim (only a race
 * of two codes on one chat) is thrown back as a result; roll that transaction back.
 */
export async function enrolOfficer(db: Db, input: EnrolOfficerInput): Promise<EnrolOfficerResult> {
  const canonical = normalizeInviteCode(input.code);
  if (!canonical) return { ok: false, reason: 'unknown_code' };
  const hash = hashInviteCode(canonical);
  try {
    const officer = await inTransaction(db, async (trx) => {
      // The chat first: a refusal for it must not burn the code.
      const existing = await trx
        .selectFrom('officers')
        .selectAll()
        .where('channel', '=', input.channel)
        .where('chat_ref', '=', input.chatRef)
        .forUpdate()
        .executeTakeFirst();
      if (existing?.active) throw new Refused('chat_already_enrolled');
      const claimed = await trx
        .updateTable('officer_invites')
        .set({ used_at: input.now })
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', input.now)
        .returning(['opd_code', 'role', 'created_by'])
        .executeTakeFirst();
      if (!claimed) {
        const invite = await trx
          .selectFrom('officer_invites')
          .select(['used_at', 'expires_at'])
          .where('code_hash', '=', hash)
          .executeTakeFirst();
        throw new Refused(!invite ? 'unknown_code' : invite.used_at ? 'used_code' : 'expired_code');
      }
      const row = existing
        ? await trx
            .updateTable('officers')
            .set({ opd_code: claimed.opd_code, role: claimed.role, display_name: input.displayName, active: true })
            .where('id', '=', existing.id)
            .returningAll()
            .executeTakeFirstOrThrow()
        : await trx
            .insertInto('officers')
            .values({
              opd_code: claimed.opd_code,
              role: claimed.role,
              channel: input.channel,
              chat_ref: input.chatRef,
              display_name: input.displayName,
              created_at: input.now,
            })
            // Two different codes racing for one chat: the loser sees no row and is refused.
            .onConflict((oc) => oc.columns(['channel', 'chat_ref']).doNothing())
            .returningAll()
            .executeTakeFirst();
      if (!row) throw new Refused('chat_already_enrolled');
      await trx.updateTable('officer_invites').set({ used_by_officer_id: row.id }).where('code_hash', '=', hash).execute();
      await recordAdminEvent(trx, {
        action: 'officer_enrolled',
        actor: `officer:${row.id}`,
        data: {
          officer_id: row.id,
          opd_code: row.opd_code,
          role: row.role,
          channel: row.channel,
          invited_by: claimed.created_by,
          code_hash_prefix: hash.slice(0, 12),
          reactivated: Boolean(existing),
        },
        now: input.now,
      });
      return row;
    });
    return { ok: true, officer };
  } catch (err) {
    // Thrown (not returned) so the claim of the code is rolled back with everything else.
    if (err instanceof Refused) return { ok: false, reason: err.reason };
    throw err;
  }
}
