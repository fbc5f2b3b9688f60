import { FIELDS, type Answers, type EngineState, type Field, type Step } from './state.js';

/**
 * The order of the intake and the rules that follow from it. The flow is slot
 * filling: the open question is always the first field without an answer (after
 * consent and any pending confirmation or correction), so a first message that
 * already answered something, a correction from the summary and `back` all fall out
 * of the same rule.
 */

// A field's answer only makes sense under its parent's: a new regency voids the district.
const DEPENDENTS: Partial<Record<Field, readonly Field[]>> = {
  province: ['regency', 'district', 'village'],
  regency: ['district', 'village'],
  district: ['village'],
};

/** Fields a citizen may skip ("lewati"); the report stores null for them. */
export const OPTIONAL_FIELDS: ReadonlySet<Field> = new Set(['village', 'incident_date', 'place', 'attachments']);

/** Whether a field has an answer (null counts: it was answered "none"). */
export function isAnswered(a: Answers, field: Field): boolean {
  if (field === 'attachments') return a.attachments_done === true;
  return a[field] !== undefined;
}

/** The question to open next for a state whose answers just changed. */
export function nextStep(s: EngineState): Step {
  if (!s.a.consent) return 'consent';
  if (s.extracted && s.extracted.length > 0) return 'confirm_extracted';
  if (s.redo && s.redo.length > 0) return s.redo[0]!;
  return FIELDS.find((f) => !isAnswered(s.a, f)) ?? 'summary';
}

/** Removes a field's answer and those that depend on it. Attachments keep their files. */
export function clearField(a: Answers, field: Field): Answers {
  const next = { ...a };
  for (const f of [field, ...(DEPENDENTS[field] ?? [])]) {
    if (f === 'attachments') delete next.attachments_done;
    else delete next[f];
  }
  return next;
}

/**
 * Stores answers, voiding dependents whose parent changed, and moves to the next
 * question. A field answered from the correction queue leaves the queue.
 */
export function applyAnswers(s: EngineState, set: Partial<Answers>): EngineState {
  let a = { ...s.a };
  for (const field of Object.keys(set) as (keyof Answers)[]) {
    const deps = DEPENDENTS[field as Field];
    if (deps && a[field] !== undefined && a[field] !== set[field]) {
      for (const d of deps) if (!(d in set)) a = clearField(a, d);
    }
  }
  a = { ...a, ...set };
  const answered = Object.keys(set) as Field[];
  const redo = s.redo?.filter((f) => !answered.includes(f));
  const next: EngineState = { ...s, a, tries: 0 };
  delete next.offered;
  if (redo && redo.length > 0) next.redo = redo;
  else delete next.redo;
  return { ...next, step: nextStep(next) };
}

/**
 * The field `back` returns to from `step`: the last answered field before it in the
 * flow order, or null at the first question.
 */
export function previousField(s: EngineState, step: Step): Field | null {
  const position = step === 'summary' ? FIELDS.length : FIELDS.indexOf(step as Field);
  if (position < 0) return null;
  for (let i = position - 1; i >= 0; i -= 1) if (isAnswered(s.a, FIELDS[i]!)) return FIELDS[i]!;
  return null;
}

/** What the citizen may name to change one part from the summary ("ubah kecamatan"). */
export type EditTarget = Field | 'address';

/** The fields asked again for an edit target: the whole address chain for "alamat". */
export function fieldsToRedo(target: EditTarget): Field[] {
  return target === 'address' ? ['province', 'regency', 'district', 'village'] : [target];
}
