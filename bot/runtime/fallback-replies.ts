import type { Reply } from '../../conversations/contract.js';
import type { Language } from '../../worker/queues.js';

/**
 * The few things the runtime itself must tell a citizen, when an effect fails or the
 * engine faults: the engine's catalogue cannot speak for a failure that happened after
 * it returned. Each fits one GSM-7 SMS segment.
 */
const TEXTS = {
  submitFailed: {
    id: 'Maaf, laporan Anda belum terkirim karena gangguan sistem. Data Anda tetap tersimpan. Silakan kirim lagi sebentar lagi.',
    en: 'Sorry, your report was not sent because of a system fault. Your answers are kept. Please send it again in a moment.',
  },
  statusUnavailable: {
    id: 'Maaf, status laporan tidak bisa dicek sekarang. Silakan coba lagi nanti.',
    en: 'Sorry, the report status cannot be checked right now. Please try again later.',
  },
  internalError: {
    id: 'Maaf, terjadi gangguan. Jawaban Anda sebelumnya tetap tersimpan. Silakan coba lagi.',
    en: 'Sorry, something went wrong. Your earlier answers are kept. Please try again.',
  },
} as const satisfies Record<string, Record<Language, string>>;

/** Which runtime text to send. */
export type FallbackKind = keyof typeof TEXTS;

/** The runtime's own reply of a kind, in the citizen's language. */
export function fallbackReply(kind: FallbackKind, language: Language): Reply {
  return { text: TEXTS[kind][language] };
}

/** Every runtime text, for the catalogue length test. */
export const fallbackTexts: ReadonlyArray<string> = Object.values(TEXTS).flatMap((t) => [t.id, t.en]);
