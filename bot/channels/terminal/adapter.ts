import type { Choice, InboundEnvelope, InboundMessage, Reply } from '../../../conversations/contract.js';

/**
 * The terminal channel's adapter: a typed line becomes an {@link InboundEnvelope} and
 * a {@link Reply} becomes text with numbered choices — the same two jobs every channel
 * adapter does with its own payloads. A number typed back picks the choice shown under
 * that number, as a button press would on Telegram.
 *
 * Lines starting with a slash stand in for what a phone would send:
 * `/photo <file>`, `/document <file>`, `/location <lat>,<lon>`, `/sticker`.
 */
export interface TerminalAdapter {
  /** The envelope for one typed line; null for an empty line (nothing to send). */
  toEnvelope(line: string, receivedAt?: Date): InboundEnvelope | null;
  /** The text to print for a reply; remembers its choices for the next typed number. */
  render(reply: Reply): string;
}

/** Options of {@link createTerminalAdapter}. */
export interface TerminalAdapterOptions {
  /** Who is typing: the chat reference the runtime keys the session by. */
  chatRef: string;
  /**
   * Makes message ids unique across runs of the chat, so the runtime's de-duplication
   * never mistakes a new line for a redelivery. @defaultValue process id and start time
   */
  runId?: string;
}

/** Builds the adapter for one person at one terminal. */
export function createTerminalAdapter(options: TerminalAdapterOptions): TerminalAdapter {
  const runId = options.runId ?? `${process.pid}.${Date.now().toString(36)}`;
  let sequence = 0;
  let shownChoices: readonly Choice[] = [];

  return {
    toEnvelope(line, receivedAt = new Date()) {
      const message = toMessage(line.trim(), shownChoices);
      if (message === null) return null;
      sequence += 1;
      return { channel: 'terminal', chatRef: options.chatRef, messageId: `${runId}.${sequence}`, receivedAt, message };
    },

    render(reply) {
      shownChoices = reply.choices ?? [];
      const lines = [sanitize(reply.text)];
      shownChoices.forEach((choice, i) => lines.push(`  ${i + 1}. ${sanitize(choice.label)}`));
      return lines.join('\n');
    },
  };
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
