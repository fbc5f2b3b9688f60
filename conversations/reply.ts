import type { Channel } from '../worker/queues.js';
import type { Choice, Reply } from './contract.js';
import { packForSms } from './sms/render.js';

/**
 * Collects what one engine step says and turns it into replies for the channel:
 * one reply with paragraphs on chat apps, as few single-segment messages as
 * possible on SMS.
 */
export class ReplyBuilder {
  private readonly blocks: string[] = [];
  private choices: Choice[] | undefined;

  /** Adds a paragraph. */
  say(...texts: (string | null | undefined)[]): this {
    for (const t of texts) if (t) this.blocks.push(t);
    return this;
  }

  /** Sets the choices offered with the last paragraph (a later call replaces them). */
  offer(choices: Choice[] | undefined): this {
    this.choices = choices && choices.length > 0 ? choices : undefined;
    return this;
  }

  /** The replies for `channel`. */
  build(channel: Channel): Reply[] {
    if (channel === 'sms') return packForSms(this.blocks, this.choices);
    if (this.blocks.length === 0 && !this.choices) return [];
    const reply: Reply = { text: this.blocks.join('\n\n') };
    if (this.choices) reply.choices = this.choices;
    return [reply];
  }
}
