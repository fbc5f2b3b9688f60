import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, defaultCategories, loadGazetteer } from '../../conversations/index.js';
import { MAX_TICKET_SERIAL, ticketFromSerial } from '../../core/ticket.js';
import type { DatabaseHandle } from '../../db/connect.js';
import { openTestDatabase } from '../../test/support.js';
import type { Notification } from '../../worker/queues.js';
import { testRuntime } from '../runtime/fixtures/test-runtime.js';
import { outboundFor, startNotificationStack } from './test-support/notification-stack.js';

let handle: DatabaseHandle;
const engine = createEngine({ gazetteer: loadGazetteer(), categories: defaultCategories });

beforeAll(async () => {
  handle = await openTestDatabase();
});

afterAll(async () => {
  await handle.close();
});

function answered(channel: 'telegram' | 'terminal', chatRef: string): Notification {
  return {
    type: 'status_changed',
    ticket: ticketFromSerial(randomInt(0, MAX_TICKET_SERIAL)),
    channel,
    chatRef,
    language: 'id',
    status: 'answered',
    reason: null,
    message: { text: 'Lubang sudah ditambal hari ini.', signedBy: 'Dinas PUPR Kota Batam' },
    opdName: null,
  };
}

describe('status_changed', () => {
  it("renders the update with the real runtime, in the citizen's channel, and sends it once even when processed twice", async () => {
    const t = await testRuntime('citizen-update', { engine });
    const stack = await startNotificationStack(handle.db, { citizenUpdates: (n, id) => t.runtime.handleReportUpdate(n, id) });
    try {
      const chatRef = `citizen-${randomInt(1e9)}`;
      const notice = answered('telegram', chatRef);
      const jobId = `event-${randomInt(1e9)}-citizen`;
      await stack.notify(notice, jobId);
      const first = await outboundFor(handle.db, notice.ticket);
      expect(first.length).toBeGreaterThan(0);
      expect(first.map((r) => r.id)).toEqual(first.map((_r, i) => `notify-${jobId}-${i}`));
      expect(first.every((r) => r.channel === 'telegram' && r.chat_ref === chatRef)).toBe(true);
      expect(first.map((r) => r.text).join('\n')).toContain('Lubang sudah ditambal hari ini.');

      await (await stack.queue.getJob(jobId))!.remove();
      await stack.notify(notice, jobId);
      expect(await outboundFor(handle.db, notice.ticket)).toEqual(first);
    } finally {
      await stack.close();
    }
  });

  it('skips the local terminal chat with a log line', async () => {
    const stack = await startNotificationStack(handle.db);
    try {
      const notice = answered('terminal', 'local');
      await stack.notify(notice, `t-terminal-${notice.ticket}`);
      expect(await outboundFor(handle.db, notice.ticket)).toEqual([]);
      expect(stack.logs.some((l) => l.ticket === notice.ticket && String(l.msg).includes('terminal'))).toBe(true);
    } finally {
      await stack.close();
    }
  });

  it('fails (to be retried) rather than drop the update while no runtime is wired', async () => {
    const stack = await startNotificationStack(handle.db);
    try {
      const notice = answered('telegram', 'citizen-unwired');
      await expect(stack.notify(notice, `t-unwired-${notice.ticket}`)).rejects.toThrow(/citizenUpdates is not wired/);
      expect(await outboundFor(handle.db, notice.ticket)).toEqual([]);
    } finally {
      await stack.close();
    }
  });
});
