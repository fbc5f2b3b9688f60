import type { Step } from '../state.js';
import { attachmentsStep } from './attachments.js';
import { bodyStep } from './body.js';
import { categoryStep } from './category.js';
import { confirmCancelStep, confirmRestartStep } from './confirm.js';
import { confirmExtractedStep } from './confirm-extracted.js';
import { consentStep } from './consent.js';
import { followUpStep } from './follow-up.js';
import { incidentDateStep } from './incident-date.js';
import { kindStep } from './kind.js';
import { nameStep } from './name.js';
import { nikStep } from './nik.js';
import { phoneStep } from './phone.js';
import { pickFieldStep } from './pick-field.js';
import { placeStep } from './place.js';
import { privacyStep } from './privacy.js';
import { districtStep, provinceStep, regencyStep, villageStep } from './region.js';
import { summaryStep } from './summary.js';
import { titleStep } from './title.js';
import type { StepHandler } from './types.js';

/** Every step and its handler: the explicit list the engine dispatches on. */
export const STEPS: Readonly<Record<Step, StepHandler>> = {
  consent: consentStep,
  confirm_extracted: confirmExtractedStep,
  kind: kindStep,
  name: nameStep,
  nik: nikStep,
  phone: phoneStep,
  privacy: privacyStep,
  province: provinceStep,
  regency: regencyStep,
  district: districtStep,
  village: villageStep,
  body: bodyStep,
  category: categoryStep,
  title: titleStep,
  incident_date: incidentDateStep,
  place: placeStep,
  attachments: attachmentsStep,
  summary: summaryStep,
  pick_field: pickFieldStep,
  confirm_cancel: confirmCancelStep,
  confirm_restart: confirmRestartStep,
  follow_up: followUpStep,
};
