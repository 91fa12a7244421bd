/** What every registry route handler is given. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { GateReason, PushNotice } from '../gate/index.js';
import type { BlobStore } from '../storage/index.js';
import type { RegistryAccess } from './access.js';
import type { BlobLedger } from './store/blob-ledger.js';
import type { ManifestStore } from './store/manifest-store.js';
import type { UploadSessions } from './store/upload-sessions.js';

export interface ByteCounters {
  received(bytes: number): void;
  sent(bytes: number): void;
}

export interface RegistryContext {
  db: Kysely<Database>;
  store: BlobStore;
  access: RegistryAccess;
  blobs: BlobLedger;
  uploads: UploadSessions;
  manifests: ManifestStore;
  maxManifestBytes: number;
  bytes: ByteCounters;
  /** The gate, told of every push and asked before an approved image is served. */
  gate?: RegistryGate;
}

export interface RegistryGate {
  onManifestPushed(notice: PushNotice): Promise<void>;
  /** The reasons `digest` was revoked for the approved repository `repository`, when it was. */
  revocation(repository: string, digest: string): Promise<GateReason[] | undefined>;
  /** A mirror path that is not there: the message to answer with when the mirror will fetch it. */
  onMirrorMiss(repository: string, reference: string, actor: string): Promise<string | undefined>;
}
