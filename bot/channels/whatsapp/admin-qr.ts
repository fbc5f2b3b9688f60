import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import type { WhatsAppStatusView } from './connection.js';

/** The admin page showing the pairing QR (and the connection state). */
export const WHATSAPP_QR_PATH = '/admin/whatsapp/qr';
/** The QR itself as a PNG image, 404 when none is on offer. */
export const WHATSAPP_QR_PNG_PATH = '/admin/whatsapp/qr.png';

/**
 * Routes for the admin context (registerAdminPages' `extra` hook, behind basic auth):
 * the page refreshes itself because WhatsApp rotates the QR every ~20 seconds.
 * Whoever scans the QR owns the bot's number, so nothing here is cached.
 */
export function whatsAppAdminRoutes(source: { status(): WhatsAppStatusView }): (admin: FastifyInstance) => Promise<void> {
  return async (admin) => {
    admin.get(WHATSAPP_QR_PATH, async (_req, reply) => {
      const { state, attention, qr } = source.status();
      const body = qr
        ? `<p>Buka WhatsApp di ponsel layanan &rarr; Perangkat tertaut &rarr; Tautkan perangkat, lalu pindai kode ini.</p><img src="${WHATSAPP_QR_PNG_PATH}?t=${Date.now()}" alt="QR WhatsApp" width="320" height="320">`
        : `<p>${state === 'ready' ? 'WhatsApp sudah terhubung; tidak perlu memindai.' : 'Belum ada QR; tunggu sebentar.'}</p>`;
      return reply
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta http-equiv="refresh" content="10"><title>WhatsApp</title></head>` +
            `<body><h1>WhatsApp</h1><p>Status: <b>${state}</b>${attention ? ` &mdash; ${attention}` : ''}</p>${body}</body></html>`,
        );
    });

    admin.get(WHATSAPP_QR_PNG_PATH, async (_req, reply) => {
      const { qr } = source.status();
      if (!qr) return reply.code(404).header('cache-control', 'no-store').send({ error: 'no pairing QR on offer' });
      const png = await QRCode.toBuffer(qr, { type: 'png', width: 320, margin: 2 });
      return reply.header('cache-control', 'no-store').type('image/png').send(png);
    });
  };
}
