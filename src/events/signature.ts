/**
 * Webhook signatures: `X-Airlock-Signature: sha256=<hex>`, the HMAC-SHA256 of
 * the exact request body bytes keyed with the subscription's secret (the
 * scheme GitHub's `X-Hub-Signature-256` made familiar). Receivers must verify
 * against the raw body, before any JSON parsing re-serialises it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-airlock-signature';
const PATTERN = /^sha256=([0-9a-f]{64})$/i;

export function signBody(secret: string, rawBody: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** True when `header` is a valid signature of `rawBody` with `secret`; compares in constant time. */
export function verifySignature(secret: string, rawBody: string | Uint8Array, header: string | null | undefined): boolean {
  const match = PATTERN.exec(header?.trim() ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1] as string, 'hex');
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
