import type { OfficerRole } from '../tables/officers.table.js';

/** The reporter's identity as an officer may see it. */
export interface VisibleReporter {
  name: string;
  phone: string;
  /** Only for coordinating admins. */
  nik: string | null;
}

/**
 * THE one place that decides what of the reporter an officer sees (shared/DOMAIN.md):
 * - admins (coordinating administrators of the system) see name, phone and NIK, even
 *   for an anonim report;
 * - an OPD's liaison sees name and phone only when the report is not anonim, and
 *   never the NIK;
 * - the citizen's chat id is never part of any view (on WhatsApp and SMS it is their
 *   phone number): the bot relays messages instead.
 */
export function visibleReporter(
  role: OfficerRole,
  report: { anonim: boolean },
  reporter: { name: string; phone: string; nik: string },
): VisibleReporter | null {
  if (role === 'admin') return { name: reporter.name, phone: reporter.phone, nik: reporter.nik };
  if (report.anonim) return null;
  return { name: reporter.name, phone: reporter.phone, nik: null };
}

/**
 * Whether a report's attachment of this kind may be sent to an officer's chat. For an
 * anonim report only photos go, whoever asks: a document keeps its file name
 * ("KTP_Budi.pdf") and its author fields, a video or an audio file its metadata, and a
 * file once in a chat can be forwarded on, like a pushed notice; Telegram and WhatsApp
 * re-encode photos, dropping their EXIF (GPS, camera owner). What is not sent stays
 * recorded with the report.
 */
export function mayRelayAttachment(report: { anonim: boolean }, kind: string): boolean {
  return !report.anonim || kind === 'photo';
}
