import type { Queue } from 'bullmq';
import { sql, type Kysely } from 'kysely';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../../db/database.js';

/** What the metrics read on each scrape. */
export interface MetricsSources {
  db: Kysely<Database>;
  queues: readonly Queue[];
}

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;
// Counting reports by status is a table scan on a big store; a scrape every few
// seconds from several Prometheus replicas must not turn into that many scans.
const REPORT_COUNT_CACHE_MS = 15_000;

/**
 * A Prometheus registry with process metrics, queue depths and job totals per state
 * (read from Redis, so they are the same whichever process is scraped), and
 * reports by status (read from the routing store, cached briefly).
 */
export function createMetrics(sources: MetricsSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'lapor_' });

  new Gauge({
    name: 'lapor_queue_jobs',
    help: 'BullMQ jobs per queue and state (waiting and delayed are the depth; completed/failed are kept totals)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const queue of sources.queues) {
        const counts = await queue.getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
      }
    },
  });

  let cached: { at: number; rows: { status: string; count: number }[] } | undefined;
  new Gauge({
    name: 'lapor_reports',
    help: 'Reports in the routing store by lifecycle status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      if (!cached || Date.now() - cached.at > REPORT_COUNT_CACHE_MS) {
        const rows = await sources.db
          .selectFrom('reports')
          .select(['status', sql<number>`count(*)::int`.as('count')])
          .groupBy('status')
          .execute();
        cached = { at: Date.now(), rows };
      }
      this.reset();
      for (const row of cached.rows) this.set({ status: row.status }, row.count);
    },
  });
  return registry;
}
