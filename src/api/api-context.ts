/** What the REST API is given by the server. Registry operations arrive as functions, so `api/` does not depend on `registry/`. */
import type { Authenticator, Clock, IdentityStore, RobotTokenStore } from '../auth/index.js';
import type { Gate } from '../gate/index.js';

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
}
