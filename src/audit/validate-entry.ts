/** Checks what a caller asks to record before it becomes part of the chain for good. */
import type { NewAuditEntry } from './audit-entry.js';
import { canonicalJson, type JsonObject } from './canonical-json.js';
import { AuditError } from './errors.js';

export interface ValidEntry {
  actor: string;
  action: string;
  target: string | null;
  details: JsonObject;
  /** Canonical JSON of `details`, as stored. */
  detailsJson: string;
}

const ACTION = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/;
// PostgreSQL text cannot hold NUL, and control characters in an actor or target are a log-injection smell.
const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_ACTOR = 256;
const MAX_TARGET = 2048;
/** An audit entry records a change, not its payload; big payloads belong elsewhere. */
export const MAX_DETAILS_BYTES = 64 * 1024;

export function validateEntry(entry: NewAuditEntry): ValidEntry {
  const actor = text('actor', entry.actor, MAX_ACTOR);
  if (typeof entry.action !== 'string' || !ACTION.test(entry.action) || entry.action.length > 128) {
    throw new AuditError('INVALID_ENTRY', `action "${String(entry.action).slice(0, 130)}" is not a dotted lowercase name like image.pushed`);
  }
  const target = entry.target === undefined || entry.target === null ? null : text('target', entry.target, MAX_TARGET);
  const raw: unknown = entry.details ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AuditError('INVALID_ENTRY', 'details must be a JSON object');
  }
  const detailsJson = canonicalJson(raw);
  if (Buffer.byteLength(detailsJson, 'utf8') > MAX_DETAILS_BYTES) {
    throw new AuditError('INVALID_ENTRY', `details are larger than ${MAX_DETAILS_BYTES} bytes of JSON`);
  }
  // What is stored, exactly: undefined properties gone, numbers as JSON reads them back.
  const details = JSON.parse(detailsJson) as JsonObject;
  return { actor, action: entry.action, target, details, detailsJson };
}

function text(name: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.length === 0) throw new AuditError('INVALID_ENTRY', `${name} must be a non-empty string`);
  if (value.length > max) throw new AuditError('INVALID_ENTRY', `${name} is longer than ${max} characters`);
  if (CONTROL.test(value)) throw new AuditError('INVALID_ENTRY', `${name} contains control characters`);
  if (/\p{Cs}/u.test(value)) throw new AuditError('INVALID_ENTRY', `${name} holds a lone UTF-16 surrogate`);
  return value;
}
