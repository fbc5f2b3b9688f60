import type { SubmittedReport } from '../worker/queues.js';
import type { EngineContext } from './contract.js';
import type { EngineData } from './data.js';
import { describeAddress } from './regions/address.js';
import type { EngineState } from './state.js';

/**
 * The confirmed report as the intake queue expects it (worker/queues.ts), or null
 * when something required is missing — which the flow prevents, but a hand-edited or
 * damaged state must not become a half report. The ticket is drawn only for a
 * complete report, so no ticket number is wasted.
 */
export function buildReport(s: EngineState, ctx: EngineContext, data: EngineData): SubmittedReport | null {
  const a = s.a;
  if (!a.kind || !a.name || !a.nik || !a.phone || !a.privacy || !a.province || !a.regency || !a.district) return null;
  if (!a.body || !a.category || !a.title) return null;
  return {
    ticket: ctx.newTicket(),
    submittedAt: ctx.now.toISOString(),
    kind: a.kind,
    category: a.category,
    title: a.title,
    body: a.body,
    incidentDate: a.incident_date ?? null,
    place: a.place ?? null,
    region: {
      provinceCode: a.province,
      regencyCode: a.regency,
      districtCode: a.district,
      villageCode: a.village ?? null,
    },
    location: a.location ? { latitude: a.location.lat, longitude: a.location.lon } : null,
    privacy: {
      anonim: a.privacy === 'anonim' || a.privacy === 'anonim_rahasia',
      rahasia: a.privacy === 'rahasia' || a.privacy === 'anonim_rahasia',
    },
    language: s.lang,
    channel: ctx.channel,
    chatRef: ctx.chatRef,
    reporter: {
      name: a.name,
      nik: a.nik,
      phone: a.phone,
      address: describeAddress(data.gazetteer, a) || null,
    },
    attachments: (a.attachments ?? []).map((att) => ({
      kind: att.k,
      channelFileRef: att.r,
      storagePath: null,
      mimeType: att.m ?? null,
      sizeBytes: att.s ?? null,
    })),
  };
}
