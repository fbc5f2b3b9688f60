import type { Migration } from 'kysely';
import * as initial from './2026-11-23T0001-initial.js';
import * as outboundMessages from './2026-11-23T0002-outbound-messages.js';
import * as smsDeliveryReceipts from './2026-11-23T0003-sms-delivery-receipts.js';
import * as officers from './2026-11-23T0004-officers.js';
import * as reminderRuns from './2026-11-23T0006-reminder-runs.js';
import * as eventNotices from './2026-11-23T0007-event-notices.js';
import * as outboundMedia from './2026-11-23T0008-outbound-media.js';

/**
 * Every migration, by name, oldest first. An explicit list rather than a folder scan:
 * it works the same under tsx, vitest and a bundled build.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-23T0001-initial': initial,
  '2026-11-23T0002-outbound-messages': outboundMessages,
  '2026-11-23T0003-sms-delivery-receipts': smsDeliveryReceipts,
  '2026-11-23T0004-officers': officers,
  '2026-11-23T0006-reminder-runs': reminderRuns,
  '2026-11-23T0007-event-notices': eventNotices,
  '2026-11-23T0008-outbound-media': outboundMedia,
};
