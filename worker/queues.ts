import { Queue, UnrecoverableError, type ConnectionOptions, type Job, type JobsOptions } from 'bullmq';
import { z } from 'zod';

/**
 * Every queue of the product, its one job name and the zod schema of its payload.
 * Producers validate before adding ({@link addJob}); processors validate again on
 * receipt ({@link parseJobData}), because a job may have been written by an older or
 * newer release, or by hand.
 */

const regionCode = (level: 1 | 2 | 3 | 4) =>
  z.string().regex(
    [/^\d{2}$/, /^\d{2}\.\d{2}$/, /^\d{2}\.\d{2}\.\d{2}$/, /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/][level - 1]!,
    `expected a level-${level} Kemendagri region code such as ${['21', '21.71', '21.71.07', '21.71.07.1004'][level - 1]}`,
  );

/** The channels a citizen can write from; `terminal` is the local `npm run chat`. */
export const channelSchema = z.enum(['telegram', 'whatsapp', 'sms', 'terminal']);
/** A channel name. */
export type Channel = z.infer<typeof channelSchema>;

/** The languages of the message catalogue. */
export const languageSchema = z.enum(['id', 'en']);
/** A catalogue language. */
export type Language = z.infer<typeof languageSchema>;

/** A ticket as typed: `LPR-` and Crockford base32 characters (the last one a check character). */
export const ticketSchema = z.string().regex(/^LPR-[0-9A-HJKMNP-TV-Z]{6,12}$/, 'expected a ticket such as LPR-7K3QX9');

/** A report the citizen confirmed, as the conversation hands it to the intake worker. */
export const submittedReportSchema = z.object({
  ticket: ticketSchema,
  submittedAt: z.iso.datetime({ offset: true }),
  kind: z.enum(['pengaduan', 'aspirasi', 'permintaan_informasi']),
  category: z.string().min(1),
  title: z.string().trim().min(3).max(200),
  body: z.string().trim().min(10),
  /** Calendar date of the incident in Jakarta, `YYYY-MM-DD`. */
  incidentDate: z.iso.date().nullable(),
  place: z.string().trim().max(500).nullable(),
  region: z.object({
    provinceCode: regionCode(1),
    regencyCode: regionCode(2),
    districtCode: regionCode(3),
    villageCode: regionCode(4).nullable(),
  })
    // Routing matches each level's code exactly; codes from different branches of
    // the tree would route by whichever level happened to match.
    .refine(
      (r) =>
        r.regencyCode.startsWith(`${r.provinceCode}.`) &&
        r.districtCode.startsWith(`${r.regencyCode}.`) &&
        (r.villageCode === null || r.villageCode.startsWith(`${r.districtCode}.`)),
      'expected each region code to lie inside the one above it (21 > 21.71 > 21.71.07 > 21.71.07.1004)',
    ),
  location: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }).nullable(),
  privacy: z.object({ anonim: z.boolean(), rahasia: z.boolean() }),
  language: languageSchema,
  channel: channelSchema,
  /** The channel's id of the citizen's chat: Telegram chat id, `628…@c.us`, `+628…`. */
  chatRef: z.string().min(1),
  reporter: z.object({
    name: z.string().trim().min(2).max(200),
    nik: z.string().regex(/^\d{16}$/, 'expected 16 digits'),
    phone: z.string().regex(/^\+\d{8,15}$/, 'expected an E.164 number such as +6281266778899'),
    address: z.string().trim().max(500).nullable(),
  }),
  attachments: z
    .array(
      z.object({
        kind: z.enum(['photo', 'document', 'video', 'audio', 'location']),
        channelFileRef: z.string().min(1).nullable(),
        storagePath: z.string().min(1).nullable(),
        mimeType: z.string().min(1).nullable(),
        sizeBytes: z.number().int().nonnegative().nullable(),
      }),
    )
    .max(20),
});
/** A confirmed report on its way to the routing store. */
export type SubmittedReport = z.infer<typeof submittedReportSchema>;

/** Something to tell a citizen or an OPD's officers, rendered by the channel delivery. */
export const notificationSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('report_received'),
    ticket: ticketSchema,
    channel: channelSchema,
    chatRef: z.string().min(1),
    language: languageSchema,
    verificationDueAt: z.iso.datetime({ offset: true }),
  }),
  z.object({
    type: z.literal('new_report_for_opd'),
    ticket: ticketSchema,
    opdCode: z.string().min(1),
    /**
     * Why this OPD hears of it: `handler` when a routing rule picked it, `coordinator`
     * when no rule matched and the report went to the coordinating admin.
     * @defaultValue 'handler'
     */
    role: z.enum(['handler', 'coordinator']).default('handler'),
  }),
  z.object({
    /** A lifecycle change the citizen is told of, in their language, on their channel. */
    type: z.literal('status_changed'),
    ticket: ticketSchema,
    channel: channelSchema,
    chatRef: z.string().min(1),
    language: languageSchema,
    status: z.enum(['submitted', 'postponed', 'disposed', 'in_progress', 'answered', 'resolved', 'closed', 'declined', 'not_authority']),
    /** Why (postponed, not our authority, declined) or the resolution summary. */
    reason: z.string().nullable(),
    /** An officer's message relayed to the citizen, signed with the OPD's name. */
    message: z.object({ text: z.string().min(1), signedBy: z.string().min(1) }).nullable(),
    /** The unit now handling the report, by name (on disposition). */
    opdName: z.string().nullable(),
  }),
  z.object({
    /** A citizen's message relayed to the officers of the unit that has the report. */
    type: z.literal('citizen_message'),
    ticket: ticketSchema,
    opdCode: z.string().min(1),
    text: z.string().min(1),
  }),
]);
/** A notification job's payload. */
export type Notification = z.infer<typeof notificationSchema>;

/** A queue, its single job name, payload schema and default job options. */
export interface QueueSpec<S extends z.ZodType> {
  name: string;
  job: string;
  schema: S;
  jobOptions: JobsOptions;
}

function defineQueue<S extends z.ZodType>(spec: QueueSpec<S>): QueueSpec<S> {
  return spec;
}

/**
 * Confirmed reports waiting to be written to the routing store. The job id is the
 * ticket, so adding the same report twice is a no-op. Attempts and backoff are
 * set per deployment from INTAKE_ATTEMPTS / INTAKE_BACKOFF_MS by the producer.
 */
export const intakeQueue = defineQueue({
  name: 'intake',
  job: 'submit-report',
  schema: submittedReportSchema,
  jobOptions: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 1000 },
    // Completed jobs are kept a week so a re-added ticket is still recognised as a duplicate.
    removeOnComplete: { age: 7 * 24 * 3600 },
    // Failed jobs are never dropped: `npm run intake:retry` replays them.
    removeOnFail: false,
  },
});

/** Notifications for citizens and officers, consumed by the channel delivery. */
export const notificationsQueue = defineQueue({
  name: 'notifications',
  job: 'notify',
  schema: notificationSchema,
  jobOptions: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: 24 * 3600, count: 100_000 },
    removeOnFail: false,
  },
});

/** Raised by a producer when a payload does not match its queue's schema. */
export class InvalidJobError extends Error {
  override readonly name = 'InvalidJobError';
  readonly code = 'INVALID_JOB';
}

/** The BullMQ key prefix for a deployment's REDIS_PREFIX. */
export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}:bull`;
}

/** Opens a BullMQ Queue for a spec under the deployment's prefix. */
export function openQueue<S extends z.ZodType>(
  spec: QueueSpec<S>,
  connection: ConnectionOptions,
  redisPrefix: string,
  jobOptions: JobsOptions = {},
): Queue {
  return new Queue(spec.name, {
    connection,
    prefix: bullPrefix(redisPrefix),
    defaultJobOptions: { ...spec.jobOptions, ...jobOptions },
  });
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
}

/**
 * Validates then adds a job. Throws {@link InvalidJobError} with zod's message and
 * adds nothing when the payload is wrong.
 */
export async function addJob<S extends z.ZodType>(
  queue: Queue,
  spec: QueueSpec<S>,
  data: z.input<S>,
  options: JobsOptions = {},
): Promise<Job> {
  const parsed = spec.schema.safeParse(data);
  if (!parsed.success) throw new InvalidJobError(`${spec.name}: ${describe(parsed.error)}`);
  return queue.add(spec.job, parsed.data, options);
}

/**
 * Validates a received job's payload. A bad payload will never become good by
 * retrying, so it fails at once with bullmq's UnrecoverableError and zod's message.
 */
export function parseJobData<S extends z.ZodType>(spec: QueueSpec<S>, job: Job): z.output<S> {
  const parsed = spec.schema.safeParse(job.data);
  if (!parsed.success) {
    throw new UnrecoverableError(`invalid ${spec.name} payload: ${describe(parsed.error)}`);
  }
  return parsed.data;
}

/**
 * A file the channel already holds, sent again by reference without our storing it:
 * a Telegram `file_id` (valid for the same bot in any chat), or the serialized id of
 * the WhatsApp message that carried it (the sender fetches and re-sends its media).
 */
export const outboundMediaSchema = z.object({
  kind: z.enum(['photo', 'document', 'video', 'audio']),
  fileRef: z.string().min(1).max(500),
});
/** A file to send by reference. */
export type OutboundMedia = z.infer<typeof outboundMediaSchema>;

/** One rendered message on its way to a channel (bot/delivery); the job id is its delivery id. */
export const outboundMessageSchema = z.object({
  channel: channelSchema,
  /** The channel's chat id (Telegram chat id, `628…@c.us`, `+628…`). */
  chatRef: z.string().min(1),
  text: z.string().min(1),
  /** Inline-keyboard rows for channels with buttons. */
  buttons: z.array(z.array(z.object({ label: z.string().min(1), data: z.string().min(1) }))).optional(),
  /** The report the message belongs to, recorded with its fate. */
  ticket: ticketSchema.optional(),
  /** A file to send with `text` as its caption (see {@link outboundMediaSchema}). */
  media: outboundMediaSchema.optional(),
});
/** A delivery job's payload. */
export type OutboundJobData = z.infer<typeof outboundMessageSchema>;

/**
 * The delivery queue of one channel (`delivery-telegram`, …), consumed only by the
 * process that owns that channel's connection. One queue per channel so a channel
 * that is throttled, paused or down never holds up the others. Throttled waits do not
 * use attempts; the attempts here are for transient failures (1 s, 2 s, … ≈ 4 min).
 */
export function deliveryQueue(channel: Channel): QueueSpec<typeof outboundMessageSchema> {
  return defineQueue({
    name: `delivery-${channel}`,
    job: 'deliver',
    schema: outboundMessageSchema,
    jobOptions: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      // outbound_messages keeps the lasting record; Redis keeps recent jobs for the dashboard.
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
}

/** A weekly reminders run; `now` (ISO) pretends a moment, for a run by hand. */
export const weeklyRemindersSchema = z.object({ now: z.iso.datetime({ offset: true }).optional() });

/**
 * The weekly reminders to lagging OPDs, added by a cron job scheduler
 * (worker/reminders/scheduler.ts). A run is idempotent per ISO week (reminder_runs), so
 * retries are safe.
 */
export const remindersQueue = defineQueue({
  name: 'reminders',
  job: 'weekly-reminders',
  schema: weeklyRemindersSchema,
  jobOptions: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 30_000 },
    removeOnComplete: { count: 100 },
    removeOnFail: { count: 100 },
  },
});
