/** Why the runtime refused to go on; every code names a fault of the caller or the deployment. */
export type BotRuntimeErrorCode =
  /** A chat's lock stayed taken by another process for longer than the wait allows. */
  | 'CHAT_BUSY'
  /** The ticket allocator was used before {@link TicketAllocator.start} finished. */
  | 'TICKETS_NOT_STARTED'
  /** The engine asked for more tickets in one step than the leased block still held. */
  | 'TICKETS_EXHAUSTED'
  /** The 30-bit ticket serial space is used up. */
  | 'TICKET_SPACE_EXHAUSTED'
  /** An option passed to the runtime makes no sense (e.g. a zero lock TTL). */
  | 'INVALID_OPTION'
  /** The runtime was used after close(). */
  | 'CLOSED';

/**
 * Raised for programmer and deployment errors only. A citizen's bad input is never an
 * exception (the engine answers it), and a failed effect becomes a polite reply.
 */
export class BotRuntimeError extends Error {
  override readonly name = 'BotRuntimeError';

  constructor(
    readonly code: BotRuntimeErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
