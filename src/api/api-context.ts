/** What the REST API is given by the server. Registry operations arrive as functions, so `api/` does not depend on `registry/`. */
import type { AuditEntry, AuditExportOptions, AuditPage, AuditQuery, AuditVerification, NewAuditEntry } from '../audit/index.js';
import type { Authenticator, Clock, IdentityStore, RobotTokenStore } from '../auth/index.js';
import type { EventPage, EventQuery, WebhookStore } from '../events/index.js';
import type { Gate } from '../gate/index.js';
import type { VulnDbStatus } from '../scan/index.js';

export interface PromotionOutcome {
  source: string;
  target: string;
  digest: string;
  tag?: string;
}

export interface GarbageCollectionOutcome {
  dryRun: boolean;
  blobsDeleted: number;
  bytesFreed: number;
  strayFilesDeleted: number;
  uploadsDeleted: number;
  durationMs: number;
}

export interface ApiContext {
  authenticator: Authenticator;
  identities: IdentityStore;
  robots: RobotTokenStore;
  clock: Clock;
  promote(request: { source: string; tag?: string }): Promise<PromotionOutcome>;
  collectGarbage(options: { dryRun: boolean }): Promise<GarbageCollectionOutcome>;
  /** The gate; absent only in tests of other routes. */
  gate?: Gate;
  /** Webhook subscriptions and their delivery log, for reading. */
  webhooks: WebhookStore;
  /** Runs one webhook change in a transaction with its audit entry: both are kept, or neither. */
  changeWebhooks: WebhookChanges;
  /** The outbox read as an event log. */
  listEvents(query: EventQuery): Promise<EventPage>;
  auditTrail: AuditTrail;
  vulnerabilityDbStatus(): Promise<VulnDbStatus>;
}

export type WebhookChanges = <T>(work: (webhooks: WebhookStore, audit: (entry: NewAuditEntry) => Promise<AuditEntry>) => Promise<T>) => Promise<T>;

/** The hash-chained audit log, read-only: the API records entries only through the changes it makes. */
export interface AuditTrail {
  query(query: AuditQuery): Promise<AuditPage>;
  verify(): Promise<AuditVerification>;
  export(options: AuditExportOptions): AsyncIterable<string>;
}
