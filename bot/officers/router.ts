import type { InboundEnvelope, Reply } from '../../conversations/contract.js';
import type { BotRuntime } from '../runtime/index.js';
import type { OfficerDesk } from './desk.js';

/** What {@link createInboundRouter} needs. */
export interface InboundRouterDeps {
  citizens: Pick<BotRuntime, 'handleInbound'>;
  desk: Pick<OfficerDesk, 'handle'>;
}

/**
 * The one `handleInbound` the channels call (their `runtime` parameter is a
 * `Pick<BotRuntime, 'handleInbound'>`): the officer desk first, the citizen runtime
 * for every message the desk declines.
 */
export function createInboundRouter(deps: InboundRouterDeps): Pick<BotRuntime, 'handleInbound'> {
  return {
    async handleInbound(envelope: InboundEnvelope): Promise<Reply[]> {
      const replies = await deps.desk.handle(envelope);
      return replies ?? deps.citizens.handleInbound(envelope);
    },
  };
}
