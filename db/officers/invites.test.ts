import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support.js';
import type { DatabaseHandle } from '../connect.js';
import { hashInviteCode, normalizeInviteCode } from './invite-code.js';
import { createInvite, enrolOfficer, INVITE_TTL_MS } from './invites.js';
import { createScene, type Scene } from './test-fixtures.js';

let handle: DatabaseHandle;
let scene: Scene;
const now = new Date('2026-12-01T03:00:00Z');
const chat = () => `chat-${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  handle = await openTestDatabase();
  scene = await createScene(handle.db);
});
afterAll(() => handle.close());

async function invite(role: 'liaison' | 'admin' = 'liaison', opdCode = scene.pupr) {
  const result = await createInvite(handle.db, { opdCode, role, createdBy: 'cli:test', now });
  if (!result.ok) throw new Error(result.reason);
  return result;
}

async function adminEventsFor(hashPrefix: string) {
  return handle.db
    .selectFrom('admin_events')
    .selectAll()
    .where('data', '@>', JSON.stringify({ code_hash_prefix: hashPrefix }) as never)
    .orderBy('id')
    .execute();
}

describe('invite codes', () => {
  it('reads codes as people type them', () => {
    expect(normalizeInviteCode('abcd-efgh')).toBe('ABCDEFGH');
    expect(normalizeInviteCode(' 0o1l ilk7 ')).toBe('001111K7');
    expect(normalizeInviteCode('ABCD-EFG')).toBeNull();
    expect(normalizeInviteCode('ABCD-EFGU')).toBeNull();
  });

  it('stores only the hash, expiring in 72 h, and audits the creation', async () => {
    const result = await invite();
    expect(result.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(result.expiresAt.getTime() - now.getTime()).toBe(INVITE_TTL_MS);
    const hash = hashInviteCode(normalizeInviteCode(result.code)!);
    const row = await handle.db.selectFrom('officer_invites').selectAll().where('code_hash', '=', hash).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ opd_code: scene.pupr, role: 'liaison', created_by: 'cli:test', used_at: null });
    const stored = await handle.db.selectFrom('officer_invites').select('code_hash').where('code_hash', '=', result.code).execute();
    expect(stored).toEqual([]);
    const events = await adminEventsFor(hash.slice(0, 12));
    expect(events.map((e) => [e.action, e.actor])).toEqual([['invite_created', 'cli:test']]);
  });

  it('refuses unknown OPDs, inactive OPDs and admin invites for a non-coordinating unit', async () => {
    const base = { role: 'liaison' as const, createdBy: 'cli:test', now };
    expect(await createInvite(handle.db, { ...base, opdCode: 'nope-nope' })).toEqual({ ok: false, reason: 'unknown_opd' });
    expect(await createInvite(handle.db, { ...base, opdCode: scene.closedOpd })).toEqual({ ok: false, reason: 'inactive_opd' });
    expect(await createInvite(handle.db, { ...base, role: 'admin', opdCode: scene.pupr })).toEqual({
      ok: false,
      reason: 'admin_needs_coordinator_opd',
    });
  });
});

describe('enrolOfficer', () => {
  it('links the chat to the OPD and role once; the code cannot be used again', async () => {
    const { code } = await invite('admin', scene.cityAdminOpd);
    const first = await enrolOfficer(handle.db, { code: code.toLowerCase(), channel: 'telegram', chatRef: chat(), displayName: 'Budi', now });
    expect(first.ok && first.officer).toMatchObject({ opd_code: scene.cityAdminOpd, role: 'admin', active: true, display_name: 'Budi' });
    const again = await enrolOfficer(handle.db, { code, channel: 'whatsapp', chatRef: chat(), displayName: null, now });
    expect(again).toEqual({ ok: false, reason: 'used_code' });

    const hash = hashInviteCode(normalizeInviteCode(code)!);
    const row = await handle.db.selectFrom('officer_invites').selectAll().where('code_hash', '=', hash).executeTakeFirstOrThrow();
    expect(row.used_by_officer_id).toBe(first.ok ? first.officer.id : 'x');
    const events = await adminEventsFor(hash.slice(0, 12));
    expect(events.map((e) => e.action)).toEqual(['invite_created', 'officer_enrolled']);
  });

  it('lets exactly one of many concurrent attempts with one code win', async () => {
    const { code } = await invite();
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () => enrolOfficer(handle.db, { code, channel: 'telegram', chatRef: chat(), displayName: null, now })),
    );
    expect(attempts.filter((a) => a.ok)).toHaveLength(1);
    expect(attempts.filter((a) => !a.ok).map((a) => !a.ok && a.reason)).toEqual(Array(4).fill('used_code'));
    const hash = hashInviteCode(normalizeInviteCode(code)!);
    const events = await adminEventsFor(hash.slice(0, 12));
    expect(events.map((e) => e.action)).toEqual(['invite_created', 'officer_enrolled']);
  });

  it('refuses an expired code, an unknown code and a malformed code', async () => {
    const { code } = await invite();
    const later = new Date(now.getTime() + INVITE_TTL_MS);
    expect(await enrolOfficer(handle.db, { code, channel: 'telegram', chatRef: chat(), displayName: null, now: later })).toEqual({
      ok: false,
      reason: 'expired_code',
    });
    // Just before expiry it still works.
    const justBefore = new Date(later.getTime() - 1);
    expect((await enrolOfficer(handle.db, { code, channel: 'telegram', chatRef: chat(), displayName: null, now: justBefore })).ok).toBe(true);
    expect(await enrolOfficer(handle.db, { code: 'ZZZZ-ZZZZ', channel: 'telegram', chatRef: chat(), displayName: null, now })).toEqual({
      ok: false,
      reason: 'unknown_code',
    });
    expect(await enrolOfficer(handle.db, { code: 'hello', channel: 'telegram', chatRef: chat(), displayName: null, now })).toEqual({
      ok: false,
      reason: 'unknown_code',
    });
  });

  it('refuses a chat that is already an active officer without burning the code', async () => {
    const chatRef = chat();
    const first = await invite();
    expect((await enrolOfficer(handle.db, { code: first.code, channel: 'telegram', chatRef, displayName: null, now })).ok).toBe(true);
    const second = await invite('liaison', scene.dinkes);
    expect(await enrolOfficer(handle.db, { code: second.code, channel: 'telegram', chatRef, displayName: null, now })).toEqual({
      ok: false,
      reason: 'chat_already_enrolled',
    });
    const hash = hashInviteCode(normalizeInviteCode(second.code)!);
    const row = await handle.db.selectFrom('officer_invites').select('used_at').where('code_hash', '=', hash).executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
    // The same chat on another channel is another officer.
    expect((await enrolOfficer(handle.db, { code: second.code, channel: 'whatsapp', chatRef, displayName: null, now })).ok).toBe(true);
  });
});
