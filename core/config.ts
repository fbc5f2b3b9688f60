import { z } from 'zod';

/**
 * Booleans come from the environment as text; accept the spellings operators use
 * and refuse anything else rather than guessing.
 */
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], {
      error: 'expected true or false',
    })
    .default(fallback ? 'true' : 'false')
    .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const int = (fallback: number, min = 0) =>
  z.coerce
    .number({ error: 'expected a whole number' })
    .int('expected a whole number')
    .min(min, `expected a whole number of at least ${min}`)
    .default(fallback);

const rate = (fallback: number) =>
  z.coerce
    .number({ error: 'expected a number of messages per second, such as 1 or 0.5' })
    .positive('expected a number of messages per second above 0')
    .default(fallback);

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
  .pipe(z.url({ error: 'expected a URL such as https://example.org/path' }).optional());

/**
 * Every environment variable the product reads, with its default. `.env.example`
 * mirrors this list; `test/config.test.ts` checks the two stay in step.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** pino level: trace, debug, info, warn, error, fatal, silent. */
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(3000, 0).refine((p) => p <= 65535, 'expected a TCP port (0-65535)'),
  /** Unset: embedded PostgreSQL (PGlite) under DATA_DIR. Set: that server through pg. */
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// connection URL')
      .optional(),
  ),
  DATABASE_POOL_SIZE: int(10, 1),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'expected a redis:// URL such as redis://127.0.0.1:6379')
    .default('redis://127.0.0.1:6379'),
  /** Namespaces every Redis key and BullMQ queue, so deployments and test runs can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]+$/, 'expected letters, digits, colon, dot, dash or underscore')
    .default('lapor'),
  /** Basic-auth user and password for the admin pages (bull-board, WhatsApp QR); empty password turns them off. */
  ADMIN_USER: z.string().min(1).default('admin'),
  ADMIN_PASSWORD: optionalText,
  /** Run migrations and first-start seeding when the process starts. */
  MIGRATE_ON_START: flag(true),
  SEED_ON_START: flag(true),

  /** Working days a coordinating admin has to verify a new report. */
  VERIFICATION_WORKING_DAYS: int(3, 1),
  /** Working days an OPD has to follow up a disposed report. */
  FOLLOWUP_WORKING_DAYS: int(5, 1),
  /** Working days of citizen silence after an answer before the report closes. */
  AUTO_CLOSE_WORKING_DAYS: int(10, 1),

  INTAKE_CONCURRENCY: int(200, 1),
  /** Tries before a submitted report waits in the failed set for `npm run intake:retry`. */
  INTAKE_ATTEMPTS: int(10, 1),
  /** First retry delay; later ones double (exponential backoff). */
  INTAKE_BACKOFF_MS: int(1000, 1),

  /** How long an idle conversation is kept in Redis. */
  SESSION_TTL_HOURS: int(24 * 7, 1),
  /** Silence after which the citizen gets one reminder, where the channel allows it. */
  SESSION_REMINDER_HOURS: int(24, 1),

  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: optionalUrl,
  TELEGRAM_WEBHOOK_URL: optionalUrl,
  TELEGRAM_WEBHOOK_SECRET: optionalText,
  WHATSAPP_ENABLED: flag(false),
  WHATSAPP_CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  SMS_GATEWAY_URL: optionalUrl,
  SMS_WEBHOOK_SECRET: optionalText,

  /** When the weekly reminders to lagging OPDs go out: a cron pattern in Asia/Jakarta time (Monday 08:00). */
  REMINDER_CRON: z
    .string()
    .trim()
    .regex(/^\S+( \S+){4,5}$/, 'expected a cron pattern such as "0 8 * * 1" (Monday 08:00)')
    .default('0 8 * * 1'),

  /** Outbound caps per channel, shared by every process (keep them equal everywhere). */
  DELIVERY_TELEGRAM_PER_SECOND: rate(25),
  DELIVERY_TELEGRAM_PER_CHAT_PER_SECOND: rate(1),
  /** WhatsApp bans numbers that act like bulk senders: keep this low. */
  DELIVERY_WHATSAPP_PER_SECOND: rate(1),
  DELIVERY_SMS_PER_SECOND: rate(10),
  DELIVERY_SMS_PER_CHAT_PER_SECOND: rate(1),
});

/** The parsed, typed configuration. */
export type Config = z.output<typeof configSchema>;

/** Raised when the environment does not describe a runnable process. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
}

/**
 * Parses the environment once. Every problem is listed with the variable's name and
 * what it expects, e.g. `PORT: expected a whole number (got "abc")`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '?');
    const got = env[name];
    return `  ${name}: ${issue.message}${got === undefined ? ' (not set)' : ` (got ${JSON.stringify(got)})`}`;
  });
  return fail(lines);
}

function fail(lines: string[]): never {
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/**
 * Entry points call this: a bad environment ends the process with the message
 * instead of a stack trace.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
