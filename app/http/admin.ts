import basicAuth from '@fastify/basic-auth';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';

/** Where the queue dashboard is served. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** Credentials for the admin pages. */
export interface AdminCredentials {
  user: string;
  password: string;
}

/**
 * Registers the admin-only pages (the bull-board queue dashboard; later the
 * WhatsApp pairing QR) in their own encapsulated context, so the basic-auth hook
 * guards them and nothing else.
 */
export async function registerAdminPages(
  app: FastifyInstance,
  queues: readonly Queue[],
  credentials: AdminCredentials,
  extra?: (admin: FastifyInstance) => Promise<void>,
): Promise<void> {
  await app.register(async (admin) => {
    await admin.register(basicAuth, {
      authenticate: { realm: 'lapor-admin' },
      validate: async (user, password) => {
        if (!(same(user, credentials.user) && same(password, credentials.password))) {
          throw new Error('Unauthorized');
        }
      },
    });
    admin.addHook('onRequest', admin.basicAuth);

    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
    await admin.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
    if (extra) await extra(admin);
  });
}

// Constant-time comparison: the admin password must not leak through response timing.
function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
