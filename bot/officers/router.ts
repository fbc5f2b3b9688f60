import type { InboundEnvelope, Reply } from '../../conversations/contract.js';
import type { BotRuntime } from '../runtime/index.js';
import type { OfficerDesk } from './desk.js';

/** What {@link createInboundRouter} needs. */
export interface InboundRouterDeps {
  citizens: Pick<BotRuntime, 'handleInbound'>;
  desk: Pick<OfficerDesk, 'handle' | 'mayHandle'>;
}

/**
 * The one `handleInbound` the channels call (their `runtime` parameter is a
 * `Pick<BotRuntime, 'handleInbound'>`): the officer desk first, the citizen runtime
 * for every message the desk declines. A citizen's message goes straight through (the
 * desk's synchronous check), with no extra promise on the conversation's hot path.
 */
export function createInboundRouter(deps: InboundRouterDeps): Pick<BotRuntime, 'handleInbound'> {
  return {
    handleInbound(envelope: InboundEnvelope): Promise<Reply[]> {
      if (!deps.desk.mayHandle(envelope)) return deps.citizens.handleInbound(envelope);
      // An officer disabled since the last reload is declined by the desk: a citizen again.
      return deps.desk.handle(envelope).then((replies) => replies ?? deps.citizens.handleInbound(envelope));
    },
  };
}
