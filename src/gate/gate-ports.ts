/**
 * What the gate needs from the parts around it, passed in by the server: the
 * policy judge, the event outbox, the audit trail, promotion and blob
 * storage (registry operations), and the current vulnerability index.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { EventType } from '../events/index.js';
import type { Finding, OsInfo, Package, VulnerabilityIndex } from '../scan/index.js';

/** What the registry (or the mirror) tells the gate after storing a manifest. */
export interface PushNotice {
  repository: string;
  digest: string;
  mediaType: string;
  tag?: string;
  actor: string;
}

export interface GateReason {
  /** Rule id (`no-critical`), or `airlock:<check>` for the gate's own checks. */
  rule: string;
  message: string;
  vulnerability?: string;
  package?: string;
  installedVersion?: string;
  fixedVersion?: string;
  severity?: string;
  /** For multi-platform images: which platform failed. */
  platform?: string;
}

export interface VerdictRequest {
  image: { repository: string; team: string; digest: string; created?: string; labels: Record<string, string>; annotations: Record<string, string> };
  os?: OsInfo;
  packages: readonly Package[];
  findings: readonly Finding[];
}

export interface PolicyVerdict {
  outcome: 'pass' | 'fail';
  reasons: GateReason[];
  warnings: GateReason[];
  gracePeriodMs: number;
  /** Which policy documents judged it, e.g. `org@3,payments@1`. */
  policyVersion: string;
  /** The whole evaluation, kept to explain the verdict later. */
  evaluation: unknown;
}

export interface GateEvent {
  type: EventType;
  subject: string;
  team?: string;
  data: Record<string, unknown>;
}

export interface GateAuditEntry {
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
}

export interface VulnerabilityUpdateSummary {
  sources: number;
  added: number;
  updated: number;
  withdrawn: number;
  invalid: number;
}

export interface ExpiredException {
  id: string;
  vulnerability: string;
  package?: string;
  /** `org`, `team:<team>` or `repository:<team>/<name>`. */
  scope: string;
  expiresAt: number;
}

/**
 * Memory shared by the verdicts of one job (a re-decision of thousands of
 * images): the judge may keep what it read — policies, exceptions — here
 * instead of reading it again for every image. One job, one consistent view.
 */
export type JudgeSession = Map<string, Promise<unknown>>;

export interface GatePorts {
  judge(request: VerdictRequest, session?: JudgeSession): Promise<PolicyVerdict>;
  /** Appends an event in the caller's transaction (transactional outbox). */
  publish(db: Kysely<Database>, event: GateEvent): Promise<void>;
  /** Appends an audit entry in the caller's transaction. */
  audit(db: Kysely<Database>, entry: GateAuditEntry): Promise<void>;
  /** Tags `digest` as each of `tags` in the image's approved repository (idempotent). */
  promote(request: { repository: string; digest: string; tags: readonly string[] }): Promise<void>;
  /** The vulnerability index to match with; undefined when the database is empty. */
  index(): Promise<VulnerabilityIndex | undefined>;
  /** Reloads the index after advisories changed; given the ids of those imported since it was loaded, it may read only them. */
  refreshIndex(changed?: readonly string[]): Promise<VulnerabilityIndex | undefined>;
  /** Imports advisories from the configured sources (the scheduled update); absent when updates are left to the CLI. */
  updateVulnerabilities?(): Promise<VulnerabilityUpdateSummary>;
  /** Exceptions that stopped applying (expired) in [from, to). */
  expiredExceptions(from: number, to: number): Promise<ExpiredException[]>;
  /** Stores bytes (a scan report) as a sha256-addressed blob that GC spares until an image names it; absent, images get no reports. */
  storeBlob?(content: Buffer): Promise<{ digest: string; size: number }>;
}
