import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { Telegram } from 'telegraf';

/**
 * Copies a citizen's photo or document from Telegram into the attachment store:
 * `<DATA_DIR>/attachments/telegram/<file_id><ext>`. The file id stays the reference
 * in the conversation and the report; the file on disk is found by it.
 */

/** Where {@link downloadTelegramFile} puts the file of `fileId` (without its extension). */
export function attachmentBasePath(attachmentsDir: string, fileId: string): string {
  // File ids are base64url today; anything else is hashed so it can never name a path.
  const safe = /^[A-Za-z0-9_-]{1,200}$/.test(fileId) ? fileId : createHash('sha256').update(fileId).digest('hex');
  return join(attachmentsDir, 'telegram', safe);
}

/**
 * Downloads one file (getFile, then the file URL under the API root; a local
 * telegram-bot-api server answers with a path on its disk, which is copied). Writes
 * to a temporary name and renames, so a half-written file is never taken for a
 * whole one; a file already present is left alone. Resolves with the path.
 */
export async function downloadTelegramFile(telegram: Telegram, fileId: string, attachmentsDir: string): Promise<string> {
  const link = await telegram.getFileLink(fileId);
  const target = attachmentBasePath(attachmentsDir, fileId) + extname(link.pathname).slice(0, 10);
  if (await exists(target)) return target;
  await mkdir(join(attachmentsDir, 'telegram'), { recursive: true });
  const partial = `${target}.${process.pid}.part`;
  try {
    if (link.protocol === 'file:') {
      await copyFile(fileURLToPath(link), partial);
    } else {
      const response = await fetch(link);
      if (!response.ok || !response.body) throw new Error(`file download answered ${response.status}`);
      await pipeline(Readable.fromWeb(response.body), createWriteStream(partial));
    }
    await rename(partial, target);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return target;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
