/**
 * The channel-agnostic bot runtime: every channel adapter turns its payload into an
 * InboundEnvelope, calls {@link BotRuntime.handleInbound} and renders the replies.
 */
export { createBotRuntime, type BotRuntime, type BotRuntimeDeps, type IdleReminder } from './runtime.js';
export { openBotRuntime, type OpenedBotRuntime } from './open-bot-runtime.js';
export { createTicketAllocator, type TicketAllocator, type TicketAllocatorOptions } from './ticket-allocator.js';
export { createIntakeForwarder, type IntakeForwarder, type IntakeForwarderOptions } from './intake-forwarder.js';
export { createCitizenFollowUp, type CitizenFollowUp, type CitizenFollowUpOptions } from './follow-up.js';
export { createStatusLookup, highestTicketSerial, type LookupStatus } from './report-queries.js';
export { countRedisCommands, type CommandCounter } from './command-counter.js';
export { BotRuntimeError, type BotRuntimeErrorCode } from './errors.js';
