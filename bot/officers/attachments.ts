import type { Reply } from '../../conversations/contract.js';
import { mayRelayAttachment, type OfficerReportView } from '../../db/lifecycle/index.js';
import type { OutboundMedia } from '../../worker/queues.js';
import { WHATSAPP_FILE_MAX_BYTES } from '../channels/whatsapp/file-cap.js';

/**
 * What `/lihat` does with a report's photos and documents. Files are not stored by
 * us, only the citizen's channel's reference to them, and such a reference works
 * only on that channel: a Telegram file_id for the same bot, a WhatsApp message id
 * on the same linked phone. So an officer on the citizen's channel gets the files
 * sent after the view, one message each (through the delivery path, like every
 * reply); on another channel the view says where the files are. For an anonim report
 * only photos go ({@link mayRelayAttachment}), and the view says how many files were
 * held back and why. WhatsApp must download a file into memory to send it again, so
 * there a file over the cap, or a non-photo of unknown size, is held back too.
 */

/** The view's line about the files, and the files to send after it, in order. */
export interface AttachmentPlan {
  /** Null when the report has no files. */
  line: string | null;
  /** One reply per file, its text the caption (`LPR-7K3QX9M lampiran 1/2`). */
  files: Reply[];
}

const KIND_WORD: Record<OutboundMedia['kind'], string> = { photo: 'foto', document: 'dokumen', video: 'video', audio: 'audio' };
const CHANNEL_NAME: Record<string, string> = { telegram: 'Telegram', whatsapp: 'WhatsApp', sms: 'SMS', terminal: 'chat uji' };
/** Channels whose sender can send a file again by the reference the channel gave us. */
const RELAYING_CHANNELS: ReadonlySet<string> = new Set(['telegram', 'whatsapp']);
/**
 * The largest file a channel's sender will fetch to send again (see
 * {@link WHATSAPP_FILE_MAX_BYTES}). Telegram sends by file_id without downloading
 * anything, so it has no cap.
 */
const RESEND_MAX_BYTES: Readonly<Record<string, number | undefined>> = { whatsapp: WHATSAPP_FILE_MAX_BYTES };
const MB = 1024 * 1024;

/**
 * Plans the files of `report` for an officer writing from `officerChannel`.
 *
 * @example
 * planAttachments(report, 'telegram')
 * // { line: 'Lampiran: 2 foto, dikirim setelah pesan ini.', files: [{ text: 'LPR-7K3QX9M lampiran 1/2', media: { kind: 'photo', fileRef: 'AgAC…' } }, …] }
 */
export function planAttachments(report: OfficerReportView, officerChannel: string): AttachmentPlan {
  const all = report.attachments.flatMap((a): { media: OutboundMedia; sizeBytes: number | null }[] =>
    a.channelFileRef !== null && a.kind in KIND_WORD
      ? [{ media: { kind: a.kind as OutboundMedia['kind'], fileRef: a.channelFileRef }, sizeBytes: a.sizeBytes }]
      : [],
  );
  if (all.length === 0) return { line: null, files: [] };

  if (officerChannel !== report.sourceChannel || !RELAYING_CHANNELS.has(officerChannel)) {
    const where = CHANNEL_NAME[report.sourceChannel] ?? report.sourceChannel;
    return { line: `Lampiran: ${count(all.map((f) => f.media))}, dikirim pelapor lewat ${where} dan belum bisa ditampilkan di sini.`, files: [] };
  }

  const cap = RESEND_MAX_BYTES[officerChannel];
  const sent: OutboundMedia[] = [];
  const anonim: OutboundMedia[] = [];
  const tooBig: OutboundMedia[] = [];
  const unknownSize: OutboundMedia[] = [];
  for (const { media, sizeBytes } of all) {
    // Privacy first: an anonim report's document is held back whatever its size.
    if (!mayRelayAttachment(report, media.kind)) anonim.push(media);
    else if (cap !== undefined && sizeBytes !== null && sizeBytes > cap) tooBig.push(media);
    // A WhatsApp photo is recompressed by WhatsApp to well under the cap, so an
    // unknown size is a risk only for a document, video or audio (up to 2 GB).
    else if (cap !== undefined && sizeBytes === null && media.kind !== 'photo') unknownSize.push(media);
    else sent.push(media);
  }
  const sentences: string[] = [];
  if (sent.length > 0) sentences.push(`${count(sent)}, dikirim setelah pesan ini.`);
  if (anonim.length > 0) {
    sentences.push(`${count(anonim)} tidak dikirim untuk melindungi identitas pelapor (laporan anonim) dan tetap tercatat bersama laporan.`);
  }
  if (tooBig.length > 0) {
    sentences.push(`${count(tooBig)} terlalu besar untuk dikirim ulang di sini (lebih dari ${cap! / MB} MB) dan tetap tercatat bersama laporan.`);
  }
  if (unknownSize.length > 0) {
    sentences.push(`${count(unknownSize)} tidak dikirim ulang di sini karena ukurannya tidak diketahui, dan tetap tercatat bersama laporan.`);
  }
  return {
    line: `Lampiran: ${sentences.join(' ')}`,
    files: sent.map((media, i) => ({ text: `${report.ticket} lampiran ${i + 1}/${sent.length}`, media })),
  };
}

/** "2 foto, 1 dokumen", kinds in the order they first appear. */
function count(files: OutboundMedia[]): string {
  const byKind = new Map<string, number>();
  for (const f of files) byKind.set(KIND_WORD[f.kind], (byKind.get(KIND_WORD[f.kind]) ?? 0) + 1);
  return [...byKind].map(([word, n]) => `${n} ${word}`).join(', ');
}
