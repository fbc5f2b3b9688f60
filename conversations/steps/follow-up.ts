import type { StepHandler } from './types.js';

/**
 * No intake in progress: the session only remembers the report the citizen last
 * heard about. The engine routes input here through follow-up/citizen-input.ts; the
 * prompt says how to answer that report or start a new one.
 *
 * @example bot: "Untuk menanggapi laporan LPR-7K3QX9M, balas pesan ini. Laporan baru: ketik LAPOR. Bantuan: ketik BANTUAN." — citizen: "Lubang kedua belum ditambal."
 */
export const followUpStep: StepHandler = {
  prompt: (s, { m }) => ({ text: s.f ? m.followUp.prompt(s.f.t) : m.followUp.promptNoTicket }),
  // Only a direct call gets here (the engine never does): answer with the prompt.
  answer: (s, _input, { m }) => ({ type: 'rejected', error: s.f ? m.followUp.prompt(s.f.t) : m.followUp.promptNoTicket }),
};
