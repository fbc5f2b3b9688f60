import type { Reply } from '../../conversations/contract.js';
import { getReportForOfficer, LIFECYCLE, type Refusal } from '../../db/lifecycle/index.js';
import type { OfficerRole } from '../../db/tables/officers.table.js';
import type { DeskAction } from './commands.js';
import type { DeskContext } from './context.js';
import { EXAMPLE_TICKET, ROLE_LABEL, STATUS_LABEL } from './format.js';
import { actionsFor, commandWord, LIFECYCLE_OF, usage } from './render.js';

/**
 * Refusals explained in plain Indonesian with an example. A refusal never shows
 * anything of a report the officer may not see: for another unit's (or region's)
 * report only "not yours" is said, and the status is only named for reports the
 * store already let them act on (invalid_transition comes after the scope check).
 */

const VERB: Record<DeskAction, string> = {
  lihat: 'dibuka',
  balas: 'dibalas',
  proses: 'ditandai sedang diproses',
  selesai: 'ditandai selesai',
  verifikasi: 'diverifikasi',
  pindah: 'dipindahkan ke OPD lain',
  tunda: 'ditunda',
  bukan: 'ditandai bukan wewenang',
  tolak: 'ditolak',
};

/** The answer to a ticket that does not read as one. */
export function badTicket(action: DeskAction, typed: string): Reply {
  const what = typed === '' ? 'Nomor tiketnya belum ditulis.' : `"${typed}" bukan nomor tiket yang benar.`;
  return { text: `${what} Contoh: ${usage(action)}` };
}

/** A role's own commands, for the "not your role" answer. */
function ownCommands(role: OfficerRole): string {
  return role === 'admin' ? '/verifikasi, /pindah, /tunda, /bukanwewenang, /tolak' : '/balas, /proses, /selesai';
}

/** Refused because of the officer's role (a liaison's /tolak, an admin's /balas). */
export function wrongRole(role: OfficerRole, action: DeskAction): Reply {
  const other: OfficerRole = role === 'admin' ? 'liaison' : 'admin';
  return {
    text: `Perintah /${commandWord(action)} hanya untuk ${ROLE_LABEL[other]}. Sebagai ${ROLE_LABEL[role]}, Anda bisa memakai ${ownCommands(role)}.`,
  };
}

/** Refused because the report belongs to another unit or region. */
export function notYours(role: OfficerRole): Reply {
  return {
    text:
      role === 'admin'
        ? 'Laporan ini di luar wilayah Anda. Ketik /laporan untuk melihat laporan wilayah Anda.'
        : 'Laporan ini bukan milik unit Anda. Ketik /laporan untuk melihat laporan unit Anda.',
  };
}

/** The answer to an action the report's status does not allow. */
export function wrongStatus(role: OfficerRole, action: DeskAction, ticket: string, status: keyof typeof STATUS_LABEL): Reply {
  const possible = actionsFor(role, status).map((a) => `/${commandWord(a)}`);
  const hint = possible.length > 0 ? ` Yang bisa dilakukan sekarang: ${possible.join(', ')}.` : '';
  return { text: `Laporan ${ticket} berstatus "${STATUS_LABEL[status]}", jadi tidak bisa ${VERB[action]}.${hint}` };
}

/** Explains a store refusal of `action` on `ticket`. */
export async function explainRefusal(ctx: DeskContext, action: DeskAction, ticket: string, refusal: Refusal): Promise<Reply> {
  const role = ctx.officer.role;
  switch (refusal.reason) {
    case 'not_found':
      return { text: `Tiket ${ticket} tidak ditemukan. Periksa lagi nomornya, contoh: /lihat ${EXAMPLE_TICKET}` };
    case 'forbidden': {
      if (action !== 'lihat' && LIFECYCLE[LIFECYCLE_OF[action]].by !== role) return wrongRole(role, action);
      if (refusal.detail?.includes('disabled')) return { text: 'Akun petugas Anda sudah tidak aktif. Hubungi admin untuk kode pendaftaran baru.' };
      return notYours(role);
    }
    case 'invalid_transition': {
      // Scope was checked before the status, so this officer may see the report.
      const view = await getReportForOfficer(ctx.db, ctx.officer.id, ticket);
      if (!view.ok) return notYours(role);
      return wrongStatus(role, action, ticket, view.report.status);
    }
    case 'invalid_input':
      return { text: invalidInputText(action, ticket) };
  }
}

function invalidInputText(action: DeskAction, ticket: string): string {
  switch (action) {
    case 'verifikasi':
    case 'pindah':
      return `Kode OPD itu tidak dikenal, tidak aktif, di luar wilayah Anda, atau laporan sudah di OPD itu. Contoh: ${usage(action, ticket)}`;
    case 'balas':
      return `Balasan kosong atau terlalu panjang (paling banyak 4000 huruf). Contoh: ${usage(action, ticket)}`;
    case 'selesai':
      return `Tulis ringkasan penyelesaiannya (paling banyak 4000 huruf). Contoh: ${usage(action, ticket)}`;
    default:
      return `Tulis alasannya (paling banyak 4000 huruf). Contoh: ${usage(action, ticket)}`;
  }
}
