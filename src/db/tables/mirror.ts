/** Tables of the mirror (gate/mirror/, migration 0010-mirror). */
export interface MirrorTables {
  mirrorCatalogs: MirrorCatalogsTable;
  mirrorEntries: MirrorEntriesTable;
  mirrorTags: MirrorTagsTable;
}

/** One applied version of the mirror catalog; an apply adds a row, the highest version is in force. */
export interface MirrorCatalogsTable {
  version: number;
  /** The YAML exactly as applied. */
  document: string;
  /** sha256 of the document text, hex. */
  digest: string;
  createdBy: string;
  createdAt: number;
}

/** What the last look at an upstream repository found (one row per catalog source). */
export interface MirrorEntriesTable {
  /** Normalised source, e.g. `docker.io/grafana/grafana`. */
  source: string;
  /** JSON string[]: the upstream's tags at the last check. */
  upstreamTags: string;
  checkedAt: number | null;
  lastSyncAt: number | null;
  /** Why the last look at the upstream failed, when it did. */
  error: string | null;
}

/** One upstream tag Airlock mirrors (or was asked to). */
export interface MirrorTagsTable {
  source: string;
  tag: string;
  /** The quarantine repository the copy is pushed to. */
  repository: string;
  /** queued, syncing, synced, failed */
  state: string;
  /** Digest of the manifest or index the upstream served for the tag. */
  upstreamDigest: string | null;
  /** Digest of what Airlock stored (differs from upstreamDigest when an index was narrowed to the catalog's platforms). */
  digest: string | null;
  /** catalog, pull-through, advisor, manual */
  origin: string;
  /** 1 while an approved copy waits for a person (or autoUpdate) to promote it. */
  held: number;
  error: string | null;
  requestedBy: string;
  requestedAt: number;
  syncedAt: number | null;
  bytes: number | null;
  updatedAt: number;
}
