import { Gauge, type Registry } from 'prom-client';
import type { IntakeForwarder } from './intake-forwarder.js';

/**
 * `lapor_intake_outbox_reports`: confirmed reports that have their ticket but are not
 * in the intake queue yet. It should hover near zero; a climb means no bot process is
 * forwarding (Redis trouble, every forwarder stopped), and those reports wait in Redis.
 */
export function registerForwarderMetrics(registry: Registry, forwarder: Pick<IntakeForwarder, 'backlog'>): void {
  new Gauge({
    name: 'lapor_intake_outbox_reports',
    help: 'Confirmed reports waiting in the intake outbox for the forwarder',
    registers: [registry],
    async collect() {
      this.set(await forwarder.backlog());
    },
  });
}
