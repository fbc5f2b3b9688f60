import { z } from 'zod';
import type { ConversationState } from './contract.js';

/**
 * The saved shape of a conversation. Small on purpose (the runtime writes it to
 * Redis on every message): region codes rather than names, no copies of prompts,
 * no history beyond what `back` needs (the order of the fields is the history).
 */

/**
 * The flow version written into every state; bump it when the shape below changes.
 * The follow-up (`f`, step `follow_up`) was added without a bump on purpose: it is
 * additive, every saved state still reads, and a bump would restart every citizen in
 * the middle of an intake. Only an older release reading a `follow_up` state restarts it.
 */
export const FLOW_VERSION = 1;

/** A question the citizen can be asked; `step` in the state says which one is open. */
export const FIELDS = [
  'kind',
  'name',
  'nik',
  'phone',
  'privacy',
  'province',
  'regency',
  'district',
  'village',
  'body',
  'category',
  'title',
  'incident_date',
  'place',
  'attachments',
] as const;

/** One piece of the report the flow collects, in the order it asks for them. */
export type Field = (typeof FIELDS)[number];

/**
 * Where the conversation stands: a {@link Field} being asked, or one of the
 * questions around them (consent, confirming what a first message said, the summary,
 * which field to change, confirming cancel or restart).
 */
export type Step = Field | 'consent' | 'confirm_extracted' | 'summary' | 'pick_field' | 'confirm_cancel' | 'confirm_restart' | 'follow_up';

/** Report kinds, as the intake queue names them. */
export const KINDS = ['pengaduan', 'aspirasi', 'permintaan_informasi'] as const;
/** A report kind. */
export type Kind = (typeof KINDS)[number];

/** Privacy options: `anonim` hides the reporter from the OPD, `rahasia` keeps the content private. */
export const PRIVACY = ['normal', 'anonim', 'rahasia', 'anonim_rahasia'] as const;
/** A privacy option. */
export type Privacy = (typeof PRIVACY)[number];

// One-letter keys: up to five of these live in every saved state.
const attachmentSchema = z.object({
  /** photo, document, video or audio. */
  k: z.enum(['photo', 'document', 'video', 'audio']),
  /** The channel's file id; the runtime downloads the file by it later. */
  r: z.string(),
  /** MIME type, when the channel said. */
  m: z.string().optional(),
  /** Size in bytes, when the channel said. */
  s: z.number().int().nonnegative().optional(),
});
/** A photo or document the citizen sent. */
export type Attachment = z.infer<typeof attachmentSchema>;

const regionCode = z.string().regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/);

const answersSchema = z.object({
  consent: z.literal(true).optional(),
  kind: z.enum(KINDS).optional(),
  name: z.string().min(1).optional(),
  nik: z.string().regex(/^\d{16}$/).optional(),
  phone: z.string().regex(/^\+\d{8,15}$/).optional(),
  privacy: z.enum(PRIVACY).optional(),
  province: regionCode.optional(),
  regency: regionCode.optional(),
  district: regionCode.optional(),
  /** null: the citizen skipped the village (it is optional in the report). */
  village: regionCode.nullable().optional(),
  body: z.string().min(1).optional(),
  category: z.string().min(1).optional(),
  title: z.string().min(1).optional(),
  /** `YYYY-MM-DD`, or null when the citizen does not know. */
  incident_date: z.string().nullable().optional(),
  /** null: skipped, or given as a shared location only. */
  place: z.string().nullable().optional(),
  attachments: z.array(attachmentSchema).optional(),
  /** The citizen said there are no (more) attachments. */
  attachments_done: z.literal(true).optional(),
  location: z.object({ lat: z.number(), lon: z.number() }).optional(),
});
/** Everything collected so far. A missing key is unanswered; null is answered "none". */
export type Answers = z.infer<typeof answersSchema>;

// `follow_up`: no intake in progress; the session only remembers a report (see `f`).
const stepSchema = z.enum([...FIELDS, 'consent', 'confirm_extracted', 'summary', 'pick_field', 'confirm_cancel', 'confirm_restart', 'follow_up']);

// One-letter keys again: this rides along in every message's state write.
const followUpSchema = z.object({
  /** The ticket the citizen last heard about: free text at `follow_up` answers its OPD. */
  t: z.string().regex(/^LPR-[0-9A-Z]{6,12}$/),
  /** Its status in that news, so a second message in the same status reads as a plain relay. */
  s: z.string().max(20).optional(),
  /** A rating is awaited (the report was resolved and not yet rated from this chat). */
  r: z.literal(true).optional(),
  /** The citizen chose to reopen and the next text is the reason. */
  b: z.literal(true).optional(),
});
/** What the session remembers about a submitted report, for the citizen's answers to its news. */
export type FollowUp = z.infer<typeof followUpSchema>;

const stateSchema = z.object({
  version: z.literal(FLOW_VERSION),
  /** The open question. Test runners and the runtime read it; only the engine writes it. */
  step: stepSchema,
  lang: z.enum(['id', 'en']),
  a: answersSchema,
  /** Rejected answers in a row at the open question. */
  tries: z.number().int().nonnegative(),
  /** Fields to ask again after a correction, in order, before going back to the summary. */
  redo: z.array(z.enum(FIELDS)).optional(),
  /** Fields filled from the first message and not yet confirmed. */
  extracted: z.array(z.enum(FIELDS)).optional(),
  /** Values of the choices offered with the open question when they were not fixed (region candidates). */
  offered: z.array(z.string().max(40)).max(8).optional(),
  /** The report the citizen last heard about; kept while an intake runs beside it. */
  f: followUpSchema.optional(),
});

/** The engine's conversation state, as saved by the runtime. */
export type EngineState = z.infer<typeof stateSchema> & ConversationState;

/** A fresh state: nothing answered, consent open, Indonesian. */
export function newState(lang: 'id' | 'en' = 'id'): EngineState {
  return { version: FLOW_VERSION, step: 'consent', lang, a: {}, tries: 0 };
}

/** A session with no intake, only the report the citizen last heard about. */
export function followUpState(lang: 'id' | 'en', f: FollowUp): EngineState {
  return { version: FLOW_VERSION, step: 'follow_up', lang, a: {}, tries: 0, f };
}

/**
 * Reads a saved state. `outdated` means it was written by another flow version or is
 * damaged: the engine then restarts politely instead of guessing.
 */
export function readState(saved: ConversationState): { ok: true; state: EngineState } | { ok: false; lang: 'id' | 'en' } {
  const parsed = stateSchema.safeParse(saved);
  if (parsed.success && addressConsistent(parsed.data as EngineState)) return { ok: true, state: parsed.data as EngineState };
  return { ok: false, lang: (saved as { lang?: unknown }).lang === 'en' ? 'en' : 'id' };
}

const ADDRESS_CHAIN = ['province', 'regency', 'district', 'village'] as const;

// Each region code must sit under its parent's, and a region question needs its
// parent answered: the engine matches names among that parent's children.
function addressConsistent(s: EngineState): boolean {
  for (let i = 1; i < ADDRESS_CHAIN.length; i += 1) {
    const parent = s.a[ADDRESS_CHAIN[i - 1]!];
    const code = s.a[ADDRESS_CHAIN[i]!];
    if (code && (!parent || !code.startsWith(`${parent}.`))) return false;
    if (s.step === ADDRESS_CHAIN[i] && !parent) return false;
  }
  return true;
}
