/**
 * What one audit entry is, and how its hash is made:
 * `hash = sha256(prevHash + canonicalJson({seq, time, actor, action, target, details}))`,
 * hex, over UTF-8. Anyone holding an export can recompute the chain with this.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, type JsonObject } from './canonical-json.js';

/** The first entry's prevHash. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a caller records. */
export interface NewAuditEntry {
  /** `user:alice`, `robot:<id>`, `system`. */
  actor: string;
  /** Dotted, lowercase: `image.pushed`, `exception.created`. */
  action: string;
  /** e.g. `quarantine/acme/api@sha256:…`; omitted or null when the action has no single target. */
  target?: string | null;
  /** A JSON object; property order does not matter (it is canonicalised). */
  details?: Readonly<Record<string, unknown>>;
}

/** The fields the hash covers. */
export interface AuditEntryFields {
  seq: number;
  /** Milliseconds since the epoch. */
  time: number;
  actor: string;
  action: string;
  target: string | null;
  details: JsonObject;
}

/** A stored entry. */
export interface AuditEntry extends AuditEntryFields {
  prevHash: string;
  hash: string;
}

export function computeEntryHash(prevHash: string, fields: AuditEntryFields): string {
  const { seq, time, actor, action, target, details } = fields;
  return createHash('sha256')
    .update(prevHash + canonicalJson({ seq, time, actor, action, target, details }), 'utf8')
    .digest('hex');
}
