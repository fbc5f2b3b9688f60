import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WhatsAppMedia } from './client-surface.js';

/**
 * Stores a citizen's WhatsApp media in the attachment store:
 * `<DATA_DIR>/attachments/whatsapp/<message id hash><ext>`. WhatsApp Web can fetch a
 * file only while the message is fresh, so it is saved on arrival; the message id
 * stays the reference in the conversation and the report.
 *
 * Not done here yet: stripping metadata (EXIF GPS, author fields). Photos are kept as
 * sent; an anonymous reporter's photo must be stripped before an OPD officer sees it.
 */

/** A stored file. */
export interface StoredMedia {
  path: string;
  mimeType: string;
  sizeBytes: number;
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
  'video/mp4': '.mp4',
  'audio/ogg': '.ogg',
  'audio/mpeg': '.mp3',
  'audio/mp4': '.m4a',
};

/** Where the file of a message goes (without its extension); the id is hashed so it can never name a path. */
export function whatsAppAttachmentBase(attachmentsDir: string, messageId: string): string {
  return join(attachmentsDir, 'whatsapp', createHash('sha256').update(messageId).digest('hex').slice(0, 32));
}

/**
 * Writes the downloaded media (base64 from `downloadMedia()`) under a temporary name
 * and renames it, so a half-written file is never taken for a whole one.
 */
export async function storeWhatsAppMedia(attachmentsDir: string, messageId: string, media: WhatsAppMedia): Promise<StoredMedia> {
  const mimeType = media.mimetype.split(';')[0]!.trim();
  const path = whatsAppAttachmentBase(attachmentsDir, messageId) + (EXTENSIONS[mimeType] ?? '.bin');
  const bytes = Buffer.from(media.data, 'base64');
  await mkdir(join(attachmentsDir, 'whatsapp'), { recursive: true });
  const partial = `${path}.${process.pid}.part`;
  try {
    await writeFile(partial, bytes);
    await rename(partial, path);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return { path, mimeType, sizeBytes: bytes.length };
}
