import type { InboundEnvelope, Reply } from '../../conversations/contract.js';
import { OPD_CHOICE_PREFIX, runReportAction } from './actions.js';
import { parseChoiceValue, parseCommand, type DeskCommand } from './commands.js';
import type { DeskContext, DeskOutcome } from './context.js';
import { enrol } from './enrol.js';
import { listReports, recap } from './listings.js';
import { ticketOfBotMessage } from './quoted-ticket.js';
import { badTicket } from './refusals.js';
import { commandWord, menu } from './render.js';
import type { OfficerSession, PendingAction } from './session.js';
import type { Channel } from '../../worker/queues.js';

/**
 * What an active officer's message means, in this order:
 * 1. a slash command (or a bare `batal`) always wins;
 * 2. a reply to a bot message about a report is a reply to that report's citizen;
 * 3. a text completes the pending action (a reply, a reason, an OPD code);
 * 4. a number picks one of the last offered choices (WhatsApp's numbered lists);
 * 5. a command typed without the slash;
 * 6. anything else shows the menu.
 * Steps 2 and 3 come before 5 so that "Selesai kami kerjakan…" is the officer's
 * text, not the `selesai` command.
 */
export async function dispatch(ctx: DeskContext, envelope: InboundEnvelope, session: OfficerSession): Promise<DeskOutcome> {
  const message = envelope.message;
  if (message.type === 'choice') return onChoice(ctx, message.value, session);
  if (message.type !== 'text') {
    return {
      replies: [{ text: 'Desk petugas hanya membaca pesan teks dan pilihan. Ketik /bantuan untuk melihat menu.' }],
      // A stray photo does not cancel a reply being written.
      pending: session.pending,
    };
  }
  const text = message.text;
  const strict = parseCommand(text, { strict: true });
  if (strict) return runCommand(ctx, strict, session);

  if (envelope.replyToMessageId) {
    const ticket = await ticketOfBotMessage(ctx.db, envelope.channel, envelope.chatRef, envelope.replyToMessageId);
    if (ticket) return runReportAction(ctx, 'balas', ticket, text);
  }
  if (session.pending) return runReportAction(ctx, session.pending.action, session.pending.ticket, text);

  const number = /^\s*(\d{1,2})\s*$/.exec(text);
  const picked = number ? session.choices?.[Number(number[1]) - 1] : undefined;
  if (picked !== undefined) return onChoice(ctx, picked, session);

  const loose = parseCommand(text);
  if (loose) return runCommand(ctx, loose, session);
  return { replies: [menu(ctx.officer.role, 'Perintah tidak dikenal. Ini menu petugas LAPOR!')] };
}

async function onChoice(ctx: DeskContext, value: string, session: OfficerSession): Promise<DeskOutcome> {
  if (value.startsWith(OPD_CHOICE_PREFIX)) {
    const pending = session.pending;
    if (pending && (pending.action === 'pindah' || pending.action === 'verifikasi')) {
      return runReportAction(ctx, pending.action, pending.ticket, value.slice(OPD_CHOICE_PREFIX.length));
    }
    return { replies: [{ text: 'Pilihan OPD ini sudah tidak berlaku. Buka lagi laporannya dengan /lihat <tiket>.' }] };
  }
  const action = parseChoiceValue(value);
  if (action) return runReportAction(ctx, action.action, action.ticket, '');
  const command = parseCommand(value);
  if (command) return runCommand(ctx, command, session);
  return { replies: [menu(ctx.officer.role, 'Pilihan ini tidak dikenal. Ini menu petugas LAPOR!')] };
}

async function runCommand(ctx: DeskContext, command: DeskCommand, session: OfficerSession): Promise<DeskOutcome> {
  const one = (reply: Reply): DeskOutcome => ({ replies: [reply] });
  switch (command.kind) {
    case 'daftar':
      return { replies: (await enrol(ctx.db, ctx.officer.channel as Channel, ctx.officer.chat_ref, command.code, ctx.now)).replies };
    case 'laporan':
      return one(await listReports(ctx));
    case 'rekap':
      return one(await recap(ctx, command.args));
    case 'bantuan':
      return one(menu(ctx.officer.role));
    case 'batal':
      return one(menu(ctx.officer.role, session.pending ? cancelled(session.pending) : 'Tidak ada perintah yang sedang menunggu.'));
    case 'action':
      if (command.ticket === null) return one(badTicket(command.action, command.typedTicket));
      return runReportAction(ctx, command.action, command.ticket, command.text);
  }
}

function cancelled(pending: PendingAction): string {
  return `Dibatalkan: /${commandWord(pending.action)} ${pending.ticket} tidak dijalankan.`;
}
