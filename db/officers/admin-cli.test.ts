import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support.js';
import { runAdminCommand } from '../cli/admin.js';
import type { DatabaseHandle } from '../connect.js';
import { enrolOfficer, findOfficerByChat } from './index.js';
import { createScene, type Scene } from './test-fixtures.js';

let handle: DatabaseHandle;
let scene: Scene;
const now = new Date('2026-12-01T03:00:00Z');

beforeAll(async () => {
  handle = await openTestDatabase();
  scene = await createScene(handle.db);
});
afterAll(() => handle.close());

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdminCommand(handle.db, argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, now);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function auditCount() {
  const { n } = await handle.db.selectFrom('admin_events').select((eb) => eb.fn.countAll<string>().as('n')).where('actor', '=', 'cli:ops').executeTakeFirstOrThrow();
  return Number(n);
}

describe('npm run admin', () => {
  it('invites, lists, moves and disables an officer, each change audited', async () => {
    const invite = await run('invite', '--opd', scene.pupr, '--role', 'liaison', '--by', 'cli:ops');
    expect(invite.code).toBe(0);
    const code = /invite code: (\S+)/.exec(invite.out)?.[1];
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(invite.out).toContain('expires: 2026-12-04T03:00:00.000Z');

    const enrolled = await enrolOfficer(handle.db, { code: code!, channel: 'whatsapp', chatRef: `cli-${scene.province}`, displayName: 'Ani', now });
    if (!enrolled.ok) throw new Error(enrolled.reason);
    const id = enrolled.officer.id;

    const listed = await run('officers', '--opd', scene.pupr);
    expect(listed.out.split('\n').map((l) => l.split('\t').slice(0, 4))).toEqual([[id, scene.pupr, 'liaison', 'active']]);

    expect((await run('move', '--officer', id, '--opd', scene.dinkes, '--by', 'cli:ops')).code).toBe(0);
    expect((await run('disable', '--officer', id, '--by', 'cli:ops')).out).toContain(`officer ${id}`);
    expect(await findOfficerByChat(handle.db, 'whatsapp', `cli-${scene.province}`)).toBeUndefined();

    const audit = await handle.db
      .selectFrom('admin_events')
      .select(['action', 'actor'])
      .where((eb) => eb.or([eb('data', '@>', JSON.stringify({ officer_id: id }) as never), eb('data', '@>', JSON.stringify({ opd_code: scene.pupr, role: 'liaison' }) as never)]))
      .where('actor', 'in', ['cli:ops', `officer:${id}`])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['invite_created', 'officer_enrolled', 'officer_moved', 'officer_disabled']);
  });

  it('exits 1 with a clear message on refusals and misuse, writing no audit row', async () => {
    const before = await auditCount();
    expect(await run('invite', '--opd', 'no-such', '--role', 'liaison', '--by', 'cli:ops')).toMatchObject({ code: 1, err: expect.stringContaining('no OPD with that code') });
    expect(await run('invite', '--opd', scene.pupr, '--role', 'admin', '--by', 'cli:ops')).toMatchObject({ code: 1, err: expect.stringContaining('coordinating unit') });
    expect(await run('invite', '--opd', scene.pupr, '--role', 'boss', '--by', 'cli:ops')).toMatchObject({ code: 1, err: expect.stringContaining('liaison or admin') });
    expect(await run('invite', '--role', 'liaison')).toMatchObject({ code: 1, err: expect.stringContaining('missing --opd') });
    expect(await run('disable', '--officer', '999999999999', '--by', 'cli:ops')).toMatchObject({ code: 1, err: expect.stringContaining('no officer') });
    expect(await run('move', '--officer', '1', '--by', 'cli:ops')).toMatchObject({ code: 1, err: expect.stringContaining('missing --opd') });
    expect(await run('frobnicate')).toMatchObject({ code: 1, err: expect.stringContaining('unknown command') });
    expect(await run('opds', '--nope', 'x')).toMatchObject({ code: 1 });
    expect(await auditCount()).toBe(before);
  });

  it('lists OPDs by region and kind', async () => {
    const result = await run('opds', '--region', scene.otherCity);
    expect(result.code).toBe(0);
    expect(result.out.split('\n').map((l) => l.split('\t')[0]).sort()).toEqual([scene.otherCityAdminOpd, scene.otherPupr].sort());
    expect((await run('opds', '--region', scene.province, '--kind', 'no-such-kind')).out).toBe('no OPDs match');
  });
});
