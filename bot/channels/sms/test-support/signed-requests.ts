import { bodySignature, twilioSignature } from '../signature.js';

/** A request body with its headers, ready for fastify's `inject` or fetch. */
export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

/** A Twilio-style form post signed as Twilio signs it, for the full URL called. */
export function twilioPost(authToken: string, url: string, fields: Record<string, string>): SignedRequest {
  return {
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(authToken, url, fields),
    },
    body: new URLSearchParams(fields).toString(),
  };
}

/** A JSON post signed with `X-Sms-Signature: sha256=<hmac of the body>`. */
export function hmacJsonPost(secret: string, payload: unknown): SignedRequest {
  const body = JSON.stringify(payload);
  return { headers: { 'content-type': 'application/json', 'x-sms-signature': bodySignature(secret, body) }, body };
}

/** The fields of a form-encoded fixture, with some replaced. */
export function formFields(raw: string, overrides: Record<string, string> = {}): Record<string, string> {
  return { ...Object.fromEntries(new URLSearchParams(raw)), ...overrides };
}
