import { pino, type Logger, type LoggerOptions } from 'pino';
import { maskPersonalNumbers } from './mask.js';

export type { Logger } from 'pino';

/**
 * Structured JSON logs (pino). Every line passes through {@link maskPersonalNumbers}
 * after serialisation, so a NIK or phone number is masked wherever it appears —
 * in a message, a field, or an error's stack — without each caller remembering to.
 */
export function createLogger(
  options: { level?: LoggerOptions['level']; name?: string } = {},
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      name: options.name,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: maskPersonalNumbers },
    },
    destination ?? pino.destination({ sync: false }),
  );
}
