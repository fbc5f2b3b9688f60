import type { InboundMessage } from '../contract.js';
import { LIMITS } from '../data.js';
import { matchKey } from '../parse/text.js';
import type { Attachment, EngineState } from '../state.js';
import type { StepHandler } from './types.js';

const DONE = new Set([
  'selesai', 'sudah', 'sudah semua', 'cukup', 'tidak ada', 'tidak', 'gak ada', 'ga ada', 'nggak ada', 'tdk ada', 'tak ada',
  'kosong', 'lanjut', 'done', 'none', 'no', 'nothing', 'finish', 'finished', 'that s all', 'no more', 'next',
]);

/** Why a media message could not be kept. */
export type AttachmentRefusal = 'full' | 'bad_ref';

/**
 * Adds a photo or document to the state's attachments, whatever the open question
 * (citizens send photos when they think of it). References are bounded because they
 * live in the saved state; metadata stripping happens where the file is downloaded.
 */
export function addAttachment(
  s: EngineState,
  media: Extract<InboundMessage, { type: 'media' }>,
): { ok: true; state: EngineState; count: number } | { ok: false; reason: AttachmentRefusal } {
  const list = s.a.attachments ?? [];
  if (list.length >= LIMITS.attachmentsMax) return { ok: false, reason: 'full' };
  // Channel file ids are printable ASCII; anything else is not a reference we can fetch.
  if (typeof media.fileRef !== 'string' || !/^[\x21-\x7e]+$/.test(media.fileRef) || media.fileRef.length > LIMITS.fileRefMax) {
    return { ok: false, reason: 'bad_ref' };
  }
  const attachment: Attachment = { k: media.kind, r: media.fileRef };
  if (typeof media.mimeType === 'string' && media.mimeType.length <= 60 && /^[\w.+-]+\/[\w.+-]+$/.test(media.mimeType)) {
    attachment.m = media.mimeType;
  }
  if (Number.isSafeInteger(media.sizeBytes) && media.sizeBytes! >= 0) attachment.s = media.sizeBytes!;
  const attachments = [...list, attachment];
  return { ok: true, state: { ...s, a: { ...s.a, attachments } }, count: attachments.length };
}

/**
 * Optional photos and documents, several in a row; "selesai", "tidak ada" or
 * "done" ends the list. The media themselves are handled by {@link addAttachment}.
 *
 * @example bot: "Ada foto atau dokumen pendukung? …" — citizen: (photo) — bot: "Lampiran ke-1 diterima. …" — citizen: "selesai"
 */
export const attachmentsStep: StepHandler = {
  prompt: (s, { m }) => ({
    text: m.attachmentsQuestion,
    choices: [{ value: 'done', label: (s.a.attachments?.length ?? 0) > 0 ? m.choices.done : m.choices.none }],
  }),
  answer: (_s, input, { m }) =>
    input.value === 'done' || DONE.has(matchKey(input.text))
      ? { type: 'answered', set: { attachments_done: true } }
      : { type: 'rejected', error: m.attachmentsExpected },
};
