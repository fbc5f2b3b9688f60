/**
 * The largest WhatsApp file the bot takes in or sends on: 16 MiB, WhatsApp's own limit
 * for photos and videos. whatsapp-web.js's `downloadMedia()` hands a whole file over as
 * one base64 string in the bot's memory (a document may be up to 2 GB), so a bigger
 * file is refused when the citizen sends it (start-whatsapp.ts), never planned for an
 * officer (bot/officers/attachments.ts) and, should one still come, not sent (sender.ts).
 */
export const WHATSAPP_FILE_MAX_BYTES = 16 * 1024 * 1024;

/** The size of a file held as base64, counted from the text: no decoded copy is made. */
export function base64Bytes(data: string): number {
  return Buffer.byteLength(data, 'base64');
}
