import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults for every variable', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.WHATSAPP_ENABLED).toBe(false);
    expect(config.VERIFICATION_WORKING_DAYS).toBe(3);
  });

  it('keeps a silent session 7 days and reminds the citizen after 24 hours by default', () => {
    const config = loadConfig({});
    expect(config.SESSION_TTL_HOURS).toBe(168);
    expect(config.SESSION_REMINDER_HOURS).toBe(24);
    expect(loadConfig({ SESSION_TTL_HOURS: '48', SESSION_REMINDER_HOURS: '6' })).toMatchObject({
      SESSION_TTL_HOURS: 48,
      SESSION_REMINDER_HOURS: 6,
    });
  });

  it('names each wrong variable and what it expects', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', REDIS_URL: 'localhost:6379', WHATSAPP_ENABLED: 'maybe' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT: expected a whole number \(got "abc"\)/);
    expect(message).toMatch(/REDIS_URL: expected a redis:\/\/ URL/);
    expect(message).toMatch(/WHATSAPP_ENABLED: expected true or false/);
  });

  it('treats empty optional values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', TELEGRAM_BOT_TOKEN: '  ' }).TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it('refuses a DATABASE_URL that is not a postgres URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: expected a postgres:\/\//);
  });

  it('.env.example lists exactly the variables the schema reads, with their defaults', () => {
    const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    const entries = new Map(
      example
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect([...entries.keys()].sort()).toEqual(Object.keys(configSchema.shape).sort());
    const defaults = loadConfig({});
    const fromExample = loadConfig(Object.fromEntries(entries));
    expect(fromExample).toEqual(defaults);
  });
});
