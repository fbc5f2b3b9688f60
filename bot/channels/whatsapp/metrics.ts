import { Gauge, type Registry } from 'prom-client';
import type { WhatsAppState, WhatsAppStatusView } from './connection.js';

const STATES: readonly WhatsAppState[] = ['starting', 'waiting_for_scan', 'authenticated', 'ready', 'reconnecting', 'stopped'];

/**
 * Adds the WhatsApp connection to a Prometheus registry, read at scrape time:
 * `lapor_whatsapp_ready` (1 or 0), `lapor_whatsapp_state{state}` (1 for the current
 * one), `lapor_whatsapp_attention{kind}` (needs_pairing, blocked, conflict) and
 * `lapor_whatsapp_reconnects` (clients replaced since start). Alert on
 * `lapor_whatsapp_ready == 0` for a few minutes.
 */
export function registerWhatsAppMetrics(registry: Registry, source: { status(): WhatsAppStatusView }): void {
  new Gauge({
    name: 'lapor_whatsapp_ready',
    help: 'Whether the WhatsApp client is connected and ready (1) or not (0)',
    registers: [registry],
    collect() {
      this.set(source.status().state === 'ready' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'lapor_whatsapp_state',
    help: 'The WhatsApp connection state (1 for the current one)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const now = source.status().state;
      for (const state of STATES) this.set({ state }, state === now ? 1 : 0);
    },
  });
  new Gauge({
    name: 'lapor_whatsapp_attention',
    help: 'Operator attention needed for WhatsApp (1): needs_pairing, blocked, conflict',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      const now = source.status().attention;
      for (const kind of ['needs_pairing', 'blocked', 'conflict']) this.set({ kind }, kind === now ? 1 : 0);
    },
  });
  new Gauge({
    name: 'lapor_whatsapp_reconnects',
    help: 'WhatsApp clients replaced after a disconnect since the process started',
    registers: [registry],
    collect() {
      this.set(source.status().reconnects);
    },
  });
}
