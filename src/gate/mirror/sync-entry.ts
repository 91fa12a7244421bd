/**
 * One sync of one catalog entry (a job): which upstream tags it wants, each
 * copied into quarantine/mirror/… and announced to the gate like a push, so it
 * takes exactly the path a pushed image takes. Tags already synced are not
 * fetched again: an approved copy never depends on its upstream, and a
 * scheduled sync costs one tag listing per entry, not a manifest per tag.
 */
import type { FastifyBaseLogger } from 'fastify';
import { RegistryClientError, type Descriptor } from '../../oci/index.js';
import type { GateEvent, PushNotice } from '../gate-ports.js';
import { copyImage, type MirrorSink, type UpstreamImages } from './copy-image.js';
import type { MirrorTarget } from './mirror-path.js';
import type { MirrorOrigin, MirrorStore, MirrorTagRow } from './mirror-store.js';
import { newestFirst } from './tag-order.js';
import type { TagSelector } from './tag-selector.js';

/** A registry client as a sync uses it. */
export interface UpstreamRegistry extends UpstreamImages {
  tags(repository: string): Promise<string[]>;
}

export interface SyncDeps {
  store: MirrorStore;
  sink: MirrorSink;
  onPushed(notice: PushNotice): Promise<void>;
  publish(event: GateEvent): Promise<void>;
  selectPlatforms(index: readonly Descriptor[], platforms: readonly string[]): Descriptor[];
  log: FastifyBaseLogger;
  clock: () => number;
  /** Blobs fetched at once per image. */
  concurrency: number;
}

/** What to sync: an entry of the catalog, or one asked for by a pull (a host open to pull-through). */
export interface SyncEntry {
  target: MirrorTarget;
  selector: TagSelector;
  platforms: readonly string[];
  autoUpdate: boolean;
  maxTags: number;
}

export interface SyncRequest {
  source: string;
  /** Only these tags (pull-through, `mirror sync --tag`); absent: what the catalog entry selects. */
  tags?: string[];
  origin: MirrorOrigin;
  actor: string;
}

export interface SyncOutcome {
  synced: string[];
  skipped: string[];
  failed: Array<{ tag: string; error: string }>;
  /** Some failure may pass by itself (unreachable, rate limited): the job should be tried again later. */
  retryable: boolean;
}

interface WantedTag {
  tag: string;
  origin: MirrorOrigin;
  held: boolean;
}

export async function syncEntry(deps: SyncDeps, entry: SyncEntry, upstream: UpstreamRegistry, request: SyncRequest): Promise<SyncOutcome> {
  const { target } = entry;
  const outcome: SyncOutcome = { synced: [], skipped: [], failed: [], retryable: false };
  let wanted: WantedTag[];
  try {
    wanted = request.tags
      ? request.tags.map((tag) => ({ tag, origin: request.origin, held: false }))
      : plan(entry, await listTags(deps, upstream, target), await deps.store.tags(target.source));
  } catch (error) {
    // An upstream that is away or throttling is asked again later (the job is retried); one that has no such repository is not.
    if (isRetryable(error)) throw error;
    outcome.failed.push({ tag: '*', error: (error as Error).message });
    await deps.publish({ type: 'mirror.sync-failed', subject: target.source, data: { source: target.source, mirrorRepository: target.mirrorRepository, synced: [], failed: outcome.failed } });
    return outcome;
  }
  for (const want of wanted) {
    const row = await deps.store.request({ source: target.source, tag: want.tag, repository: target.quarantineRepository, origin: want.origin, held: want.held, requestedBy: request.actor });
    if (row.state === 'synced') {
      outcome.skipped.push(want.tag);
      continue;
    }
    try {
      await syncTag(deps, entry, upstream, row, request.actor);
      outcome.synced.push(want.tag);
    } catch (error) {
      const message = (error as Error).message;
      outcome.failed.push({ tag: want.tag, error: message });
      outcome.retryable ||= isRetryable(error);
      await deps.store.update(target.source, want.tag, { state: 'failed', error: message });
      deps.log.warn({ err: error, source: target.source, tag: want.tag }, 'mirror sync of a tag failed');
    }
  }
  if (!request.tags) await deps.store.recordLook(target.source, { synced: true });
  if (outcome.synced.length > 0 || outcome.failed.length > 0) {
    await deps.publish({
      type: outcome.failed.length > 0 ? 'mirror.sync-failed' : 'mirror.synced',
      subject: target.source,
      data: { source: target.source, mirrorRepository: target.mirrorRepository, synced: outcome.synced, failed: outcome.failed },
    });
  }
  return outcome;
}

/**
 * The tags an entry wants now: its exact tags, and for ranges and regexes the
 * `maxTags` newest matches on the first sync. Later, newer matches are fetched
 * and judged as candidates: promoted when the entry updates automatically,
 * otherwise held until someone promotes them (the update advisor lists them).
 */
export function plan(entry: SyncEntry, upstreamTags: readonly string[], rows: readonly MirrorTagRow[]): WantedTag[] {
  const exact = new Set(entry.selector.exactTags);
  const wanted: WantedTag[] = [...exact].map((tag) => ({ tag, origin: 'catalog', held: false }));
  const ranged = entry.selector.select(upstreamTags, entry.maxTags).filter((tag) => !exact.has(tag));
  const pinned = rows.filter((row) => row.held === 0 && !exact.has(row.tag) && entry.selector.matches(row.tag)).map((row) => row.tag);
  if (pinned.length === 0) return [...wanted, ...ranged.map((tag) => ({ tag, origin: 'catalog' as const, held: false }))];
  const newer = new Set(entry.selector.newerThan(newestFirst(pinned)[0] as string, upstreamTags));
  return [...wanted, ...ranged.filter((tag) => newer.has(tag)).map((tag) => ({ tag, origin: 'advisor' as const, held: !entry.autoUpdate }))];
}

async function listTags(deps: SyncDeps, upstream: UpstreamRegistry, target: MirrorTarget): Promise<string[]> {
  try {
    const tags = await upstream.tags(target.upstreamRepository);
    await deps.store.recordLook(target.source, { upstreamTags: tags });
    return tags;
  } catch (error) {
    await deps.store.recordLook(target.source, { error: (error as Error).message });
    throw error;
  }
}

async function syncTag(deps: SyncDeps, entry: SyncEntry, upstream: UpstreamRegistry, row: MirrorTagRow, actor: string): Promise<void> {
  const { target } = entry;
  await deps.store.update(target.source, row.tag, { state: 'syncing', error: null });
  const copied = await copyImage({
    upstream,
    upstreamRepository: target.upstreamRepository,
    tag: row.tag,
    platforms: entry.platforms,
    sink: deps.sink,
    repository: target.quarantineRepository,
    concurrency: deps.concurrency,
    selectPlatforms: deps.selectPlatforms,
  });
  await deps.store.update(target.source, row.tag, { state: 'synced', upstreamDigest: copied.upstreamDigest, digest: copied.digest, bytes: copied.bytesFetched, syncedAt: deps.clock(), error: null });
  await deps.onPushed({ repository: target.quarantineRepository, digest: copied.digest, mediaType: copied.mediaType, tag: row.tag, actor });
}

function isRetryable(error: unknown): boolean {
  return error instanceof RegistryClientError && (error.code === 'UPSTREAM_UNREACHABLE' || error.code === 'UPSTREAM_RATE_LIMITED');
}
