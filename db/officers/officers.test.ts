import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support.js';
import type { DatabaseHandle } from '../connect.js';
import { createInvite, enrolOfficer } from './invites.js';
import { disableOfficer, findOfficerByChat, listOfficers, moveOfficer } from './officers.js';
import { listOpds } from './opds.js';
import { createScene, enrolTestOfficer, type Scene } from './test-fixtures.js';

let handle: DatabaseHandle;
let scene: Scene;
const now = new Date('2026-12-01T03:00:00Z');

beforeAll(async () => {
  handle = await openTestDatabase();
  scene = await createScene(handle.db);
});
afterAll(() => handle.close());

async function auditRows(officerId: string) {
  return handle.db
    .selectFrom('admin_events')
    .select(['action', 'actor', 'data'])
    .where('data', '@>', JSON.stringify({ officer_id: officerId }) as never)
    .orderBy('id')
    .execute();
}

describe('officer administration', () => {
  it('lists officers of an OPD with the unit name', async () => {
    const a = await enrolTestOfficer(handle.db, scene.dinkes, 'liaison', now);
    const b = await enrolTestOfficer(handle.db, scene.dinkes, 'liaison', now);
    const listed = await listOfficers(handle.db, { opdCode: scene.dinkes });
    expect(listed.map((o) => o.id)).toEqual([a.id, b.id]);
    expect(listed[0]!.opd_name).toBe(`Dinas ${scene.dinkes}`);
  });

  it('disables an officer once, audited; the chat then finds no officer', async () => {
    const officer = await enrolTestOfficer(handle.db, scene.pupr, 'liaison', now);
    expect((await findOfficerByChat(handle.db, 'telegram', officer.chat_ref))?.id).toBe(officer.id);
    const result = await disableOfficer(handle.db, { officerId: officer.id, by: 'cli:ani', now });
    expect(result.ok && result.officer.active).toBe(false);
    expect(await findOfficerByChat(handle.db, 'telegram', officer.chat_ref)).toBeUndefined();
    expect(await disableOfficer(handle.db, { officerId: officer.id, by: 'cli:ani', now })).toEqual({ ok: false, reason: 'already_disabled' });
    expect(await disableOfficer(handle.db, { officerId: '999999999999', by: 'cli:ani', now })).toEqual({ ok: false, reason: 'unknown_officer' });
    expect(await disableOfficer(handle.db, { officerId: 'abc', by: 'cli:ani', now })).toEqual({ ok: false, reason: 'unknown_officer' });
    expect((await auditRows(officer.id)).map((e) => [e.action, e.actor])).toEqual([
      ['officer_enrolled', `officer:${officer.id}`],
      ['officer_disabled', 'cli:ani'],
    ]);
    expect((await listOfficers(handle.db, { opdCode: scene.pupr, includeDisabled: false })).map((o) => o.id)).not.toContain(officer.id);
  });

  it('re-activates a disabled officer who enrols again with a new code', async () => {
    const officer = await enrolTestOfficer(handle.db, scene.pupr, 'liaison', now);
    await disableOfficer(handle.db, { officerId: officer.id, by: 'cli:ani', now });
    const invite = await createInvite(handle.db, { opdCode: scene.dinkes, role: 'liaison', createdBy: 'cli:ani', now });
    if (!invite.ok) throw new Error(invite.reason);
    const again = await enrolOfficer(handle.db, { code: invite.code, channel: 'telegram', chatRef: officer.chat_ref, displayName: 'Baru', now });
    expect(again.ok && again.officer).toMatchObject({ id: officer.id, opd_code: scene.dinkes, active: true });
  });

  it('moves an officer to another active OPD, audited, and refuses bad moves changing nothing', async () => {
    const officer = await enrolTestOfficer(handle.db, scene.pupr, 'liaison', now);
    const admin = await enrolTestOfficer(handle.db, scene.cityAdminOpd, 'admin', now);
    expect(await moveOfficer(handle.db, { officerId: officer.id, opdCode: 'nope', by: 'cli:ani', now })).toEqual({ ok: false, reason: 'unknown_opd' });
    expect(await moveOfficer(handle.db, { officerId: officer.id, opdCode: scene.closedOpd, by: 'cli:ani', now })).toEqual({
      ok: false,
      reason: 'inactive_opd',
    });
    expect(await moveOfficer(handle.db, { officerId: officer.id, opdCode: scene.pupr, by: 'cli:ani', now })).toEqual({ ok: false, reason: 'same_opd' });
    expect(await moveOfficer(handle.db, { officerId: admin.id, opdCode: scene.pupr, by: 'cli:ani', now })).toEqual({
      ok: false,
      reason: 'admin_needs_coordinator_opd',
    });
    expect((await auditRows(officer.id)).map((e) => e.action)).toEqual(['officer_enrolled']);

    const moved = await moveOfficer(handle.db, { officerId: officer.id, opdCode: scene.otherPupr, by: 'cli:ani', now });
    expect(moved.ok && moved.officer.opd_code).toBe(scene.otherPupr);
    const audit = await auditRows(officer.id);
    expect(audit.at(-1)).toMatchObject({ action: 'officer_moved', actor: 'cli:ani', data: { from_opd_code: scene.pupr, to_opd_code: scene.otherPupr } });
  });

  it('lists OPDs inside a region, by kind, active only unless asked', async () => {
    const inProvince = await listOpds(handle.db, { regionCode: scene.province });
    expect(inProvince.map((o) => o.code).sort()).toEqual(
      [scene.provinceAdminOpd, scene.cityAdminOpd, scene.dinkes, scene.pupr, scene.otherCityAdminOpd, scene.otherPupr].sort(),
    );
    const inCity = await listOpds(handle.db, { regionCode: scene.city, includeInactive: true });
    expect(inCity.map((o) => o.code).sort()).toEqual([scene.cityAdminOpd, scene.dinkes, scene.pupr, scene.closedOpd].sort());
    const coordinators = await listOpds(handle.db, { regionCode: scene.province, coordinatorsOnly: true, kind: 'uji-lifecycle' });
    expect(coordinators.map((o) => o.code).sort()).toEqual([scene.provinceAdminOpd, scene.cityAdminOpd, scene.otherCityAdminOpd].sort());
    expect(await listOpds(handle.db, { regionCode: scene.province, kind: 'no-such-kind' })).toEqual([]);
  });
});
