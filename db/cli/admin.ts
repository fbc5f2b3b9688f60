/**
 * `npm run admin -- <command>`: enrolment invites and officer administration for
 * coordinating admins and operators. Every change is written to admin_events.
 *
 *   invite --opd <code> --role liaison|admin [--by <name>]
 *   officers [--opd <code>]
 *   disable --officer <id> [--by <name>]
 *   move --officer <id> --opd <code> [--by <name>]
 *   opds [--region <code>] [--kind <kind>]
 */
import { userInfo } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Db } from '../database.js';
import { createInvite } from '../officers/invites.js';
import { disableOfficer, listOfficers, moveOfficer } from '../officers/officers.js';
import { listOpds } from '../officers/opds.js';

/** Where the command writes. */
export interface AdminIo {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `usage: npm run admin -- <command>
  invite --opd <code> --role liaison|admin [--by <name>]
  officers [--opd <code>]
  disable --officer <id> [--by <name>]
  move --officer <id> --opd <code> [--by <name>]
  opds [--region <code>] [--kind <kind>]`;

const REFUSALS: Record<string, string> = {
  unknown_opd: 'no OPD with that code (see `opds`)',
  inactive_opd: 'that OPD is inactive',
  admin_needs_coordinator_opd: 'an admin belongs to a coordinating unit (`<region>-admin`)',
  unknown_officer: 'no officer with that id (see `officers`)',
  already_disabled: 'that officer is already disabled',
  same_opd: 'the officer is already in that OPD',
};

function defaultActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/**
 * Runs one admin command against `db` and returns the exit code: 0 done, 1 refused
 * or misused (with the reason on `err`). Exported so tests run it without a process.
 */
export async function runAdminCommand(db: Db, argv: readonly string[], io: AdminIo, now = new Date()): Promise<number> {
  const [command, ...rest] = argv;
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...rest],
      options: {
        opd: { type: 'string' },
        role: { type: 'string' },
        by: { type: 'string' },
        officer: { type: 'string' },
        region: { type: 'string' },
        kind: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values as Record<string, string | undefined>;
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 1;
  }
  const by = values.by ?? defaultActor();
  const need = (...names: string[]) => {
    const missing = names.filter((n) => !values[n]);
    if (missing.length > 0) io.err(`${command}: missing ${missing.map((n) => `--${n}`).join(', ')}\n${USAGE}`);
    return missing.length === 0;
  };
  const refused = (reason: string) => {
    io.err(`${command} refused: ${REFUSALS[reason] ?? reason}`);
    return 1;
  };

  switch (command) {
    case 'invite': {
      if (!need('opd', 'role')) return 1;
      if (values.role !== 'liaison' && values.role !== 'admin') {
        io.err('invite: --role must be liaison or admin');
        return 1;
      }
      const result = await createInvite(db, { opdCode: values.opd!, role: values.role, createdBy: by, now });
      if (!result.ok) return refused(result.reason);
      io.out(`invite code: ${result.code}`);
      io.out(`for: ${result.role} of ${result.opdCode}`);
      io.out(`expires: ${result.expiresAt.toISOString()} (single use; the officer sends /daftar ${result.code} to the bot)`);
      return 0;
    }
    case 'officers': {
      const officers = await listOfficers(db, { opdCode: values.opd });
      if (officers.length === 0) io.out('no officers');
      for (const o of officers) {
        io.out(
          [o.id, o.opd_code, o.role, o.active ? 'active' : 'disabled', o.channel, o.display_name ?? '-', o.created_at.toISOString()].join('\t'),
        );
      }
      return 0;
    }
    case 'disable': {
      if (!need('officer')) return 1;
      const result = await disableOfficer(db, { officerId: values.officer!, by, now });
      if (!result.ok) return refused(result.reason);
      io.out(`officer ${result.officer.id} (${result.officer.role} of ${result.officer.opd_code}) disabled`);
      return 0;
    }
    case 'move': {
      if (!need('officer', 'opd')) return 1;
      const result = await moveOfficer(db, { officerId: values.officer!, opdCode: values.opd!, by, now });
      if (!result.ok) return refused(result.reason);
      io.out(`officer ${result.officer.id} moved to ${result.officer.opd_code}`);
      return 0;
    }
    case 'opds': {
      const opds = await listOpds(db, { regionCode: values.region, kind: values.kind });
      if (opds.length === 0) io.out('no OPDs match');
      for (const o of opds) io.out([o.code, o.kind, o.region_code, o.is_coordinator ? 'coordinator' : '-', o.name].join('\t'));
      return 0;
    }
    default:
      io.err(command ? `unknown command: ${command}\n${USAGE}` : USAGE);
      return 1;
  }
}

async function main(): Promise<void> {
  // Imported lazily so tests importing runAdminCommand need no configuration.
  const { loadConfigOrExit } = await import('../../core/config.js');
  const { openDatabase } = await import('../connect.js');
  const { migrateToLatest } = await import('../migrate.js');
  const config = loadConfigOrExit();
  const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  try {
    await migrateToLatest(handle.db);
    process.exitCode = await runAdminCommand(handle.db, process.argv.slice(2), {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    });
  } finally {
    await handle.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
