import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { inject } from 'vitest';
import type { InboundEnvelope, InboundMessage, Reply } from '../../conversations/contract.js';
import { createRedis, deleteKeysByPrefix } from '../../core/redis.js';
import type { DatabaseHandle } from '../../db/connect.js';
import { snapshot } from '../../db/lifecycle/test-support.js';
import { createInvite, enrolOfficer } from '../../db/officers/index.js';
import { createScene, enrolTestOfficer, insertTestReport, type Scene, type TestReportOptions } from '../../db/officers/test-fixtures.js';
import type { Officer, OfficerRole } from '../../db/tables/officers.table.js';
import type { Report } from '../../db/tables/reports.table.js';
import { openTestDatabase, uniquePrefix } from '../../test/support.js';
import { notificationsQueue, openQueue, type Channel } from '../../worker/queues.js';
import { createOfficerDesk, type OfficerDesk } from './desk.js';

/**
 * The desk over the run's real database and Redis, with a scene of its own (see
 * db/officers/test-fixtures.ts) and helpers to talk to it as an officer would.
 */
export interface DeskHarness {
  handle: DatabaseHandle;
  redis: Redis;
  prefix: string;
  notifications: Queue;
  scene: Scene;
  desk: OfficerDesk;
  now: Date;
  /** Sends a text from an officer's (or anyone's) chat; a fresh message id unless given. */
  say(from: ChatOf, text: string, extra?: Partial<InboundEnvelope>): Promise<Reply[] | null>;
  /** Presses a button (a choice value). */
  press(from: ChatOf, value: string): Promise<Reply[] | null>;
  send(from: ChatOf, message: InboundMessage, extra?: Partial<InboundEnvelope>): Promise<Reply[] | null>;
  officer(opdCode: string, role: OfficerRole, channel?: Channel): Promise<Officer>;
  report(options: Partial<TestReportOptions> & { status: TestReportOptions['status'] }): Promise<Report>;
  /** The report row and its event count. */
  snapshot(ticket: string): Promise<{ row: unknown; events: number }>;
  /** Notification payloads queued for a ticket. */
  notices(ticket: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** A chat to write from. */
export type ChatOf = { channel: string; chat_ref: string };

/** Builds a {@link DeskHarness}; the desk is created after `setup` enrols the file's officers. */
export async function openDeskHarness(now = new Date('2026-12-01T03:00:00Z')): Promise<DeskHarness> {
  const handle = await openTestDatabase();
  const redis = createRedis(inject('redisUrl'));
  const prefix = uniquePrefix('desk');
  const notifications = openQueue(notificationsQueue, redis, prefix);
  const scene = await createScene(handle.db);
  const desk = createOfficerDesk({ db: handle.db, redis, redisPrefix: prefix, notifications, clock: () => now });
  await desk.ready;

  const send = (from: ChatOf, message: InboundMessage, extra: Partial<InboundEnvelope> = {}) =>
    desk.handle({
      channel: from.channel as Channel,
      chatRef: from.chat_ref,
      messageId: `m-${randomBytes(6).toString('hex')}`,
      receivedAt: now,
      message,
      ...extra,
    });

  return {
    handle,
    redis,
    prefix,
    notifications,
    scene,
    desk,
    now,
    send,
    say: (from, text, extra) => send(from, { type: 'text', text }, extra),
    press: (from, value) => send(from, { type: 'choice', value }),
    async officer(opdCode, role, channel = 'telegram') {
      let officer: Officer;
      if (channel === 'telegram') {
        officer = await enrolTestOfficer(handle.db, opdCode, role, now);
      } else {
        const invite = await createInvite(handle.db, { opdCode, role, createdBy: 'test', now });
        if (!invite.ok) throw new Error(invite.reason);
        const chatRef = channel === 'whatsapp' ? `62812${randomBytes(4).readUInt32BE() % 10 ** 8}@c.us` : `+62812${randomBytes(3).readUIntBE(0, 3)}`;
        const enrolled = await enrolOfficer(handle.db, { code: invite.code, channel, chatRef, displayName: null, now });
        if (!enrolled.ok) throw new Error(enrolled.reason);
        officer = enrolled.officer;
      }
      // The desk learns of officers enrolled outside it at its next reload.
      await desk.officers.refresh();
      return officer;
    },
    report: (options) =>
      insertTestReport(handle.db, {
        regionCode: scene.city,
        opdCode: scene.pupr,
        coordinatorOpdCode: scene.cityAdminOpd,
        followupDueAt: options.status === 'submitted' || options.status === 'postponed' ? null : new Date('2026-12-08T03:00:00Z'),
        ...options,
      }),
    snapshot: (ticket) => snapshot(handle.db, ticket),
    async notices(ticket) {
      const jobs = await notifications.getJobs(['waiting', 'delayed', 'prioritized', 'paused', 'active', 'completed', 'failed']);
      return jobs.map((j) => j.data as Record<string, unknown>).filter((d) => d['ticket'] === ticket);
    },
    async close() {
      await desk.close();
      await notifications.close();
      await deleteKeysByPrefix(redis, prefix);
      redis.disconnect();
      await handle.close();
    },
  };
}

/** All reply texts joined, for `toContain` checks. */
export function textOf(replies: Reply[] | null): string {
  if (replies === null) return '(null)';
  return replies.map((r) => r.text).join('\n---\n');
}

/** The choice values offered by the replies. */
export function choicesOf(replies: Reply[] | null): string[] {
  return (replies ?? []).flatMap((r) => r.choices?.map((c) => c.value) ?? []);
}
