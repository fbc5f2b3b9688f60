import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { maskPersonalNumbers } from './mask.js';

describe('masking personal numbers', () => {
  it.each([
    ['NIK 2171070512900003', 'NIK 2171************'],
    ['NIK 2171 0705 1290 0003', 'NIK 2171************'],
    ['hp +6281266778899', 'hp +62812*****899'],
    ['hp 0812-6677-8899', 'hp 0812******899'],
    ['wa 6285211223344@c.us', 'wa 62852*****344@c.us'],
    ['ticket LPR-7K3QX9M, 3 hari', 'ticket LPR-7K3QX9M, 3 hari'],
  ])('%s', (input, expected) => {
    expect(maskPersonalNumbers(input)).toBe(expected);
  });

  it('masks numbers in every log line, whatever field carries them', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'info' }, sink);
    logger.info({ reporter: { nik: '2171070512900003', phone: '+6281266778899' } }, 'report from 081266778899');
    logger.error(new Error('bad NIK 2104025208850001'));
    expect(lines.join('')).not.toMatch(/2171070512900003|6281266778899|081266778899|2104025208850001/);
    expect(lines.join('')).toContain('2171************');
  });
});
