import { Gauge, type Registry } from 'prom-client';
import type { IntakeForwarder } from './intake-forwarder.js';

/**
 * `lapor_intake_outbox_reports`: confirmed reports that have their ticket but are not
 * in the intake queue yet. It should hover near zero; a climb means no bot process is
 * forwarding (Redis trouble, every forwarder stopped), and those reports wait in Redis.
 * `lapor_intake_outbox_dead_entries`: entries that were not reports, set aside; any
 * value above 0 wants a look (the list is `<prefix>:bot:intake-outbox-dead`).
 */
export function registerForwarderMetrics(registry: Registry, forwarder: Pick<IntakeForwarder, 'backlog' | 'deadLetters'>): void {
  new Gauge({
    name: 'lapor_intake_outbox_reports',
    help: 'Confirmed reports waiting in the intake outbox for the forwarder',
    registers: [registry],
    async collect() {
      this.set(await forwarder.backlog());
    },
  });
  new Gauge({
    name: 'lapor_intake_outbox_dead_entries',
    help: 'Intake outbox entries the forwarder could not read as a report, set aside for an operator',
    registers: [registry],
    async collect() {
      this.set(await forwarder.deadLetters());
    },
  });
}
