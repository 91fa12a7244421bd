/** What the REST API is given by the server. Registry operations arrive as functions, so `api/` does not depend on `registry/`. */
import type { AuditEntry, AuditExportOptions, AuditPage, AuditQuery, AuditVerification, NewAuditEntry } from '../audit/index.js';
import type { Authenticator, Clock, IdentityStore, RobotTokenStore, SessionStore } from '../auth/index.js';
import type { EventPage, EventQuery, NewEvent, WebhookStore } from '../events/index.js';
import type { FleetImage, FleetStats, Gate, ImageQuery, ImagePreview, ImageRow } from '../gate/index.js';
import type { ExceptionStore, PolicyDocument, PolicyStore } from '../policy/index.js';
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
  /** The dashboard's cookie sessions. */
  sessions: SessionStore;
  identities: IdentityStore;
  robots: RobotTokenStore;
  changeIdentities: IdentityChanges;
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
  /** Vulnerability exceptions, for reading. */
  exceptions: ExceptionStore;
  /** Runs one exception change in a transaction with its audit entries and events: all are kept, or none. */
  changeExceptions: ExceptionChanges;
  /** Policy documents and their versions, for reading. */
  policies: PolicyStore;
  /** Applies one policy in a transaction with its audit entry and event: all are kept, or none. */
  changePolicies: PolicyChanges;
  /** The verdict `candidate` would give `image` in place of the stored policy of its scope; nothing is recorded. */
  previewPolicy(candidate: PolicyDocument, image: ImageRow): Promise<ImagePreview>;
  vulnerabilityDbStatus(): Promise<VulnDbStatus>;
  /** Fleet-wide aggregates for the dashboard. */
  fleet: FleetStats;
  /** The fleet query: images filtered, sorted and paged in the database. */
  queryImages(query: ImageQuery): Promise<{ images: FleetImage[]; total: number }>;
}

/** Runs one change to teams, users or robot tokens in a transaction with its audit entry. */
export type IdentityChanges = <T>(work: (stores: { identities: IdentityStore; robots: RobotTokenStore }, audit: (entry: NewAuditEntry) => Promise<AuditEntry>) => Promise<T>) => Promise<T>;

/** What an exception change records beside itself, in its transaction. */
export interface ChangeRecorder {
  audit(entry: NewAuditEntry): Promise<AuditEntry>;
  publish(event: NewEvent): Promise<void>;
}

export type ExceptionChanges = <T>(work: (exceptions: ExceptionStore, record: ChangeRecorder) => Promise<T>) => Promise<T>;

export type PolicyChanges = <T>(work: (policies: PolicyStore, record: ChangeRecorder) => Promise<T>) => Promise<T>;

export type WebhookChanges = <T>(work: (webhooks: WebhookStore, audit: (entry: NewAuditEntry) => Promise<AuditEntry>) => Promise<T>) => Promise<T>;

/** The hash-chained audit log, read-only: the API records entries only through the changes it makes. */
export interface AuditTrail {
  query(query: AuditQuery): Promise<AuditPage>;
  verify(): Promise<AuditVerification>;
  export(options: AuditExportOptions): AsyncIterable<string>;
}
