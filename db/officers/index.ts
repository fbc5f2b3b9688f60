/** Officers of the OPDs: enrolment by invite, listings and administration. */
export { createInvite, enrolOfficer, INVITE_TTL_MS } from './invites.js';
export type { CreateInviteInput, CreateInviteResult, EnrolOfficerInput, EnrolOfficerResult, EnrolRefusal } from './invites.js';
export { disableOfficer, findOfficerByChat, listOfficers, moveOfficer } from './officers.js';
export type { OfficerAdminRefusal, OfficerAdminResult, OfficerListing, ListOfficersFilter } from './officers.js';
export { listOpds } from './opds.js';
export type { ListOpdsFilter } from './opds.js';
export { generateInviteCode, hashInviteCode, normalizeInviteCode } from './invite-code.js';
