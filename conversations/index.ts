/**
 * The conversation engine's public surface, for the bot runtime and channels.
 *
 * @example
 * const engine = createEngine({ gazetteer: loadGazetteer(), categories: defaultCategories });
 * const result = engine.handle(savedStateOrNull, inboundMessage, ctx);
 */
export type * from './contract.js';
export { defaultCategories, type Category } from './categories.js';
export type { EngineData } from './data.js';
export { createEngine } from './engine.js';
export { EngineError } from './turn.js';
export type { Gazetteer, Region } from './regions/gazetteer.js';
export { loadGazetteer } from './regions/load-gazetteer.js';
export { renderReportRecorded, renderStatus } from './status.js';
export { fitsOneSms, gsm7Length, toGsm7, SMS_SEGMENT_GSM7 } from './sms/gsm7.js';
export { renderNumbered, packForSms } from './sms/render.js';
export { FLOW_VERSION, type Step } from './state.js';
