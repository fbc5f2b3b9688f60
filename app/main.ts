import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { RedisUnavailableError } from '../core/redis.js';
import { ROLES, RoleConfigError, startProcess, type Role } from './start-process.js';

/**
 * Entry point of `npm start` (every role in one process), `npm run bot` and
 * `npm run worker`. Stops with one clear line when the configuration is wrong or
 * Redis is missing, and shuts down cleanly on SIGINT/SIGTERM.
 */
const { values } = parseArgs({ options: { role: { type: 'string', default: 'all' } } });
const role = values.role as Role;
if (!ROLES.includes(role)) {
  process.stderr.write(`--role must be one of ${ROLES.join(', ')} (got ${JSON.stringify(values.role)})\n`);
  process.exit(1);
}

const config = loadConfigOrExit();
const logger = createLogger({ level: config.LOG_LEVEL, name: `lapor-${role}` });

try {
  const running = await startProcess(config, role, logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running
      .stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'unclean shutdown');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  if (err instanceof RedisUnavailableError || err instanceof RoleConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    logger.fatal({ err }, 'could not start');
  }
  logger.flush();
  process.exit(1);
}
