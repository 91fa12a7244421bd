/**
 * The webhook's memory of the gate: every image by repository and digest, the
 * approved tags, and the quarantine tags (to explain why an image that is not
 * approved is not). Plain maps, filled by the sync loop and read synchronously
 * on every admission request — no database or network on the request path.
 *
 * Images are keyed by their approved repository (`acme/api@sha256:…`), so a
 * reference to `quarantine/acme/api@…` and one to `acme/api@…` find the same
 * image. Applying an image again replaces it and its tags (idempotent).
 */
import type { FeedImage } from './feed-page.js';

export type CacheFreshness = { state: 'fresh'; ageMs: number } | { state: 'stale'; ageMs: number } | { state: 'empty' };

export interface CachedImage extends FeedImage {
  key: string;
}

export interface ImageLookup {
  /** Approved repository path (`acme/api`, `mirror/docker.io/grafana/grafana`) or a quarantine path. */
  repository: string;
  tag?: string;
  digest?: string;
}

/** How the image was found: by its digest, an approved tag, or only a quarantine tag (never approved under that tag). */
export type LookupResult = { image: CachedImage; via: 'digest' | 'tag' | 'quarantine-tag' } | undefined;

const QUARANTINE = 'quarantine/';

export class ApprovedSet {
  private images = new Map<string, CachedImage>();
  /** `acme/api:1` → image key */
  private tags = new Map<string, string>();
  /** `acme/api:1` (the quarantine/ prefix dropped) → image key */
  private quarantineTags = new Map<string, string>();
  /** `acme/api@<platform digest>` → the key of the multi-platform index it belongs to */
  private platforms = new Map<string, string>();
  private syncedAt: number | undefined;
  private currentCursor: string | undefined;

  /** Replaces everything with a full snapshot. */
  replace(images: readonly FeedImage[], cursor: string, at: number): void {
    this.images = new Map();
    this.tags = new Map();
    this.quarantineTags = new Map();
    this.platforms = new Map();
    for (const image of images) this.put(image);
    this.markSynced(cursor, at);
  }

  /** Applies changes: each image replaces the one with the same repository and digest. */
  apply(images: readonly FeedImage[], cursor: string, at: number): void {
    for (const image of images) this.put(image);
    this.markSynced(cursor, at);
  }

  /** A sync that found nothing new still proves the cache current. */
  markSynced(cursor: string, at: number): void {
    this.currentCursor = cursor;
    this.syncedAt = at;
  }

  get cursor(): string | undefined {
    return this.currentCursor;
  }

  get lastSyncAt(): number | undefined {
    return this.syncedAt;
  }

  get size(): number {
    return this.images.size;
  }

  freshness(now: number, stalenessLimitMs: number): CacheFreshness {
    if (this.syncedAt === undefined) return { state: 'empty' };
    const ageMs = Math.max(0, now - this.syncedAt);
    return { state: ageMs > stalenessLimitMs ? 'stale' : 'fresh', ageMs };
  }

  /** The image a reference names: by digest when it has one, else by tag (approved first, then quarantine). */
  lookup(request: ImageLookup): LookupResult {
    const repository = approvedPath(request.repository);
    const quarantine = request.repository.startsWith(QUARANTINE);
    if (request.digest) {
      const wanted = `${repository}@${request.digest}`;
      const image = this.images.get(wanted) ?? this.images.get(this.platforms.get(wanted) ?? '');
      return image && { image, via: 'digest' };
    }
    const tag = request.tag ?? 'latest';
    const approvedKey = quarantine ? undefined : this.tags.get(`${repository}:${tag}`);
    const approved = approvedKey === undefined ? undefined : this.images.get(approvedKey);
    if (approved) return { image: approved, via: 'tag' };
    const pendingKey = this.quarantineTags.get(`${repository}:${tag}`);
    const pending = pendingKey === undefined ? undefined : this.images.get(pendingKey);
    return pending && { image: pending, via: quarantine ? 'tag' : 'quarantine-tag' };
  }

  private put(image: FeedImage): void {
    const repository = approvedPath(image.repository);
    const key = `${repository}@${image.digest}`;
    const previous = this.images.get(key);
    if (previous) {
      for (const tag of previous.tags) removeIfPointing(this.tags, `${repository}:${tag}`, key);
      for (const tag of previous.quarantineTags) removeIfPointing(this.quarantineTags, `${repository}:${tag}`, key);
      for (const digest of previous.platformDigests ?? []) removeIfPointing(this.platforms, `${repository}@${digest}`, key);
    }
    this.images.set(key, { ...image, key });
    // A pod may pin one platform of a multi-platform index: that digest stands or falls with the index.
    for (const digest of image.platformDigests ?? []) this.platforms.set(`${repository}@${digest}`, key);
    for (const tag of image.tags) this.tags.set(`${repository}:${tag}`, key);
    for (const tag of image.quarantineTags) this.quarantineTags.set(`${repository}:${tag}`, key);
  }
}

/** `quarantine/acme/api` → `acme/api`: the approved repository of any quarantine path. */
export function approvedPath(repository: string): string {
  return repository.startsWith(QUARANTINE) ? repository.slice(QUARANTINE.length) : repository;
}

function removeIfPointing(map: Map<string, string>, tagKey: string, imageKey: string): void {
  if (map.get(tagKey) === imageKey) map.delete(tagKey);
}
