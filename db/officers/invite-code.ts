import { createHash, randomBytes } from 'node:crypto';

/**
 * Enrolment codes an officer types into a chat: 8 Crockford base32 characters
 * (40 random bits), shown as `ABCD-EFGH`. Crockford's alphabet has no I, L, O or U,
 * so what is read aloud or copied by hand rarely goes wrong.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Characters in a code, not counting the display dash. */
export const INVITE_CODE_LENGTH = 8;

/** A fresh random code in display form, e.g. `7K3Q-X9MB`. */
export function generateInviteCode(): string {
  const bytes = randomBytes(INVITE_CODE_LENGTH);
  // 256 is a multiple of 32, so `byte % 32` is uniform.
  const chars = [...bytes].map((b) => ALPHABET[b % 32]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/**
 * A code as typed (any case, spaces or dashes, `O` for 0, `I`/`L` for 1) in
 * canonical form, or null when it cannot be a code.
 */
export function normalizeInviteCode(typed: string): string | null {
  const cleaned = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== INVITE_CODE_LENGTH) return null;
  return [...cleaned].every((c) => ALPHABET.includes(c)) ? cleaned : null;
}

/** SHA-256 (hex) of a canonical code: the only form the store keeps. */
export function hashInviteCode(canonical: string): string {
  return createHash('sha256').update(canonical).digest('hex');
}
