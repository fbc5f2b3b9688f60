/**
 * Tickets citizens keep and type back: `LPR-` + six Crockford base32 characters
 * carrying a 30-bit serial, + one check character, e.g. `LPR-7K3QX9M`.
 *
 * Serials come from a counter (the bot runtime leases blocks of them from Redis), so
 * tickets are unique by construction; they are scrambled by a bijection on 30 bits so
 * neighbouring reports do not get guessable neighbouring tickets.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SERIAL_BITS = 30;
const SERIAL_SPACE = 2 ** SERIAL_BITS;
const PAYLOAD_LENGTH = 6;
// Odd multiplier: multiplication by an odd number is a bijection modulo 2^30.
const MULTIPLIER = 0x2f3b_6a5n;
const MULTIPLIER_INVERSE = modInverse(MULTIPLIER, BigInt(SERIAL_SPACE));
const MASK = 0x15a3_c96n;
// Odd weights mod 32: any single substituted character changes the sum by w·Δ, never ≡ 0.
const WEIGHTS = [1, 3, 5, 7, 9, 11];

/** The highest serial a ticket can carry (2^30 − 1, about a billion reports). */
export const MAX_TICKET_SERIAL = SERIAL_SPACE - 1;

/** Turns a serial (0 … 2^30 − 1) into its ticket. */
export function ticketFromSerial(serial: number): string {
  if (!Number.isInteger(serial) || serial < 0 || serial > MAX_TICKET_SERIAL) {
    throw new RangeError(`ticket serial out of range: ${serial}`);
  }
  let scrambled = Number(((BigInt(serial) * MULTIPLIER) ^ MASK) % BigInt(SERIAL_SPACE));
  const digits: number[] = [];
  for (let i = 0; i < PAYLOAD_LENGTH; i += 1) {
    digits.unshift(scrambled % 32);
    scrambled = Math.floor(scrambled / 32);
  }
  return `LPR-${digits.map((d) => ALPHABET[d]).join('')}${ALPHABET[checkDigit(digits)]}`;
}

/** The serial a valid ticket carries (inverse of {@link ticketFromSerial}). */
export function serialFromTicket(ticket: string): number {
  const digits = [...ticket.slice(4, 4 + PAYLOAD_LENGTH)].map((c) => ALPHABET.indexOf(c));
  const scrambled = digits.reduce((acc, d) => acc * 32 + d, 0);
  const unmasked = (BigInt(scrambled) ^ MASK) % BigInt(SERIAL_SPACE);
  return Number((unmasked * MULTIPLIER_INVERSE) % BigInt(SERIAL_SPACE));
}

/**
 * Reads a ticket as a citizen types it — any case, with spaces or dashes, `O` for 0
 * and `I`/`L` for 1, with or without the `LPR` — and returns it in canonical form, or
 * null when it is not a ticket or its check character does not match (one mistyped
 * character is always caught).
 *
 * @example parseTicket('lpr 7k3q-x9m') // 'LPR-7K3QX9M' when the check character fits
 */
export function parseTicket(input: string): string | null {
  let text = input.trim().toUpperCase().replace(/[\s.\-_]/g, '');
  // Only a prefix when a whole ticket follows: "LPR3CKD" is LPR-1PR3CKD typed bare, L for 1.
  if (text.startsWith('LPR') && text.length === 3 + PAYLOAD_LENGTH + 1) text = text.slice(3);
  if (text.length !== PAYLOAD_LENGTH + 1) return null;
  text = text.replace(/O/g, '0').replace(/[IL]/g, '1');
  const digits = [...text].map((c) => ALPHABET.indexOf(c));
  if (digits.some((d) => d < 0)) return null;
  const payload = digits.slice(0, PAYLOAD_LENGTH);
  if (checkDigit(payload) !== digits[PAYLOAD_LENGTH]) return null;
  return `LPR-${text}`;
}

/** Finds the first ticket-looking word in free text ("status LPR-7K3QX9M ya"). */
export function findTicket(text: string): string | null {
  const match = /\bLPR[\s-]?([0-9A-Z][\s-]?){7}\b/i.exec(text);
  return match ? parseTicket(match[0]) : null;
}

function checkDigit(payload: number[]): number {
  return payload.reduce((sum, d, i) => sum + d * WEIGHTS[i]!, 0) % 32;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}
