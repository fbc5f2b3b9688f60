/**
 * The report lifecycle with authorization in the store: one function per action,
 * each `(db, actor, input, now)` -> TransitionResult, and the officers' views.
 */
export { changeOpd, decline, markNotAuthority, postpone, verifyAndDispose } from './admin-actions.js';
export type { DisposeInput, ReasonInput } from './admin-actions.js';
export { markInProgress, replyToCitizen, resolve } from './liaison-actions.js';
export type { TextInput, TicketInput } from './liaison-actions.js';
export { rate, reopen, respond } from './citizen-actions.js';
export type { CitizenTextInput, RateInput } from './citizen-actions.js';
export { autoClose, closeOverdueAnswered } from './auto-close.js';
export type { AutoCloseInput, CloseOverdueOptions } from './auto-close.js';
export { getReportForOfficer, listOpenReportsForOfficer } from './officer-views.js';
export type { ConversationMessage, OfficerReportResult, OfficerReportView, OpenReportSummary, OpenReportsResult } from './officer-views.js';
export { mayRelayAttachment, visibleReporter } from './redaction.js';
export type { VisibleReporter } from './redaction.js';
export { LIFECYCLE, OPEN_STATUSES } from './transitions.js';
export type { LifecycleAction, Performer, TransitionRule } from './transitions.js';
export { DEFAULT_SLA_LIMITS, slaLimitsFromConfig } from './types.js';
export type { Actor, CitizenNotice, OpdNotice, Refusal, RefusalReason, SlaLimits, Transitioned, TransitionResult } from './types.js';
