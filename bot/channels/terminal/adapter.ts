import { randomBytes } from 'node:crypto';
import type { Choice, InboundMessage, Reply } from '../../../conversations/contract.js';
import type { ChannelAdapter, InboundOutcome, OutboundMessage } from '../channel.js';

/**
 * The terminal channel's adapter (`npm run chat`): a typed line is the payload, and
 * replies render as text with numbered choices, as on WhatsApp and SMS. A number typed
 * back picks the choice shown under it, as a button press would on Telegram, so the
 * engine sees the same `choice` message.
 *
 * Lines starting with a slash stand in for what a phone would send:
 * `/photo <file>`, `/document <file>`, `/location <lat>,<lon>`, `/sticker`.
 */
export interface TerminalAdapter extends ChannelAdapter<string> {
  readonly channel: 'terminal';
}

/** Options of {@link createTerminalAdapter}. */
export interface TerminalAdapterOptions {
  /** Who is typing: the chat reference the runtime keys the session by. */
  chatRef: string;
  /**
   * Makes message ids unique across runs of the chat, so the runtime's de-duplication
   * never mistakes a new line for a redelivery. @defaultValue 48 random bits
   */
  runId?: string;
}

/**
 * Builds the adapter for one person at one terminal. It remembers the choices it last
 * rendered (one person, one screen), which a channel adapter for many chats would not.
 */
export function createTerminalAdapter(options: TerminalAdapterOptions): TerminalAdapter {
  const runId = options.runId ?? randomBytes(6).toString('base64url');
  let sequence = 0;
  let shownChoices: readonly Choice[] = [];

  return {
    channel: 'terminal',

    parseInbound(line, receivedAt): InboundOutcome {
      const message = toMessage(line.trim(), shownChoices);
      if (message === null) return { status: 'ignored', reason: 'empty line' };
      sequence += 1;
      return {
        status: 'accepted',
        envelope: { channel: 'terminal', chatRef: options.chatRef, messageId: `${runId}.${sequence}`, receivedAt, message },
      };
    },

    render(chatRef, replies): OutboundMessage[] {
      shownChoices = replies.at(-1)?.choices ?? [];
      return replies.map((reply) => ({ channel: 'terminal', chatRef, text: renderText(reply) }));
    },
  };
}

function renderText(reply: Reply): string {
  const lines = [sanitize(reply.text)];
  reply.choices?.forEach((choice, i) => lines.push(`  ${i + 1}. ${sanitize(choice.label)}`));
  return lines.join('\n');
}

function toMessage(text: string, choices: readonly Choice[]): InboundMessage | null {
  if (text === '') return null;
  if (/^\d{1,2}$/.test(text)) {
    const choice = choices[Number(text) - 1];
    if (choice) return { type: 'choice', value: choice.value };
  }
  const [command, ...rest] = text.split(/\s+/);
  const argument = rest.join(' ');
  switch (command?.toLowerCase()) {
    case '/photo':
    case '/document':
      if (argument === '') break;
      return {
        type: 'media',
        kind: command.toLowerCase() === '/photo' ? 'photo' : 'document',
        fileRef: `terminal:${argument}`,
      };
    case '/location': {
      const match = /^(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/.exec(argument);
      if (!match) break;
      return { type: 'location', latitude: Number(match[1]), longitude: Number(match[2]) };
    }
    case '/sticker':
      return { type: 'unsupported', what: 'sticker' };
  }
  return { type: 'text', text };
}

// Replies are plain text, but one echoing a citizen's answer could carry terminal
// escape sequences; printing them raw would let a message repaint the screen.
function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
