import type { Reply } from '../../conversations/contract.js';
import type { Db } from '../../db/database.js';
import { enrolOfficer, type EnrolRefusal } from '../../db/officers/index.js';
import type { Officer } from '../../db/tables/officers.table.js';
import type { Channel } from '../../worker/queues.js';
import { menu } from './render.js';

/** `/daftar <kode>`: linking a chat to an OPD and role with an invite code. */

/** Channels an officer may enrol on: a desk needs a chat that can carry a conversation and buttons or numbers. */
const ENROL_CHANNELS: ReadonlySet<Channel> = new Set(['telegram', 'whatsapp']);

const EXAMPLE = 'Contoh: /daftar 7K3Q-X9MB';

const REFUSAL_TEXT: Record<EnrolRefusal, string> = {
  unknown_code: `Kode pendaftaran tidak dikenal. Periksa lagi kode dari admin (8 huruf/angka). ${EXAMPLE}`,
  expired_code: 'Kode pendaftaran ini sudah kedaluwarsa (berlaku 3 hari). Minta kode baru ke admin.',
  used_code: 'Kode pendaftaran ini sudah pernah dipakai. Setiap kode hanya bisa dipakai sekali; minta kode baru ke admin.',
  chat_already_enrolled: 'Chat ini sudah terdaftar sebagai petugas. Ketik /bantuan untuk melihat menu.',
};

/** The outcome of an enrolment: replies, and the new officer when it worked. */
export interface EnrolOutcome {
  replies: Reply[];
  officer?: Officer;
}

/** Enrols the chat with the typed code. */
export async function enrol(db: Db, channel: Channel, chatRef: string, code: string, now: Date): Promise<EnrolOutcome> {
  if (!ENROL_CHANNELS.has(channel)) {
    return { replies: [{ text: `Pendaftaran petugas tidak tersedia lewat ${channel === 'sms' ? 'SMS' : 'saluran ini'}. Silakan daftar lewat Telegram atau WhatsApp.` }] };
  }
  if (code.trim() === '') return { replies: [{ text: `Tulis kode pendaftaran dari admin setelah /daftar. ${EXAMPLE}` }] };
  const result = await enrolOfficer(db, { code, channel, chatRef, displayName: null, now });
  if (!result.ok) return { replies: [{ text: REFUSAL_TEXT[result.reason] }] };
  const opd = await db.selectFrom('opd').select('name').where('code', '=', result.officer.opd_code).executeTakeFirst();
  return {
    officer: result.officer,
    replies: [menu(result.officer.role, `Pendaftaran berhasil. Chat ini sekarang mewakili ${opd?.name ?? result.officer.opd_code}.`)],
  };
}
