/**
 * The mirror: the catalog in force, sync jobs on the gate's queue, pull-through
 * requests, and the hold on candidates the update advisor fetched. Copies go
 * into quarantine/mirror/… and from there the gate judges and promotes them
 * like any push; this class only decides what to fetch and when.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import { isDigest, RegistryClient, selectPlatforms } from '../../oci/index.js';
import { GateError } from '../gate-error.js';
import type { GateAuditEntry, GateEvent, PushNotice } from '../gate-ports.js';
import { isServable, type ImageState } from '../image-state.js';
import type { JobQueue } from '../queue/job-queue.js';
import type { ImageStore } from '../store/image-store.js';
import { parseCatalog, type Catalog, type CatalogUpstream } from './catalog-document.js';
import type { MirrorSink } from './copy-image.js';
import { mirrorTarget, sourceOfMirror, type MirrorTarget } from './mirror-path.js';
import { MirrorStore, type MirrorOrigin } from './mirror-store.js';
import { syncEntry, type SyncEntry, type SyncOutcome, type SyncRequest, type UpstreamRegistry } from './sync-entry.js';
import { compileTagSelector } from './tag-selector.js';

/** What the server gives the mirror: the registry's stores and the process environment (for `credentialsEnv`). */
export interface MirrorPorts {
  sink: MirrorSink;
  environment(name: string): string | undefined;
}

export interface MirrorDeps {
  db: Kysely<Database>;
  clock: () => number;
  queue: JobQueue;
  images: ImageStore;
  ports: MirrorPorts;
  publish(event: GateEvent): Promise<void>;
  audit(entry: GateAuditEntry): Promise<void>;
  onPushed(notice: PushNotice): Promise<void>;
  promote(request: { repository: string; digest: string; tags: readonly string[] }): Promise<void>;
  wake(): void;
  log: FastifyBaseLogger;
}

export interface CatalogInForce {
  version: number;
  document: string;
  catalog: Catalog;
  createdBy: string;
  createdAt: number;
}

/** Blobs fetched at once per image; upstreams see at most this many requests from one sync. */
const BLOB_CONCURRENCY = 4;

export class Mirror {
  readonly store: MirrorStore;
  private cached: CatalogInForce | undefined;

  constructor(private readonly deps: MirrorDeps) {
    this.store = new MirrorStore(deps.db, deps.clock);
  }

  async catalog(): Promise<CatalogInForce | undefined> {
    const stored = await this.store.latestCatalog();
    if (!stored) return undefined;
    if (this.cached?.version !== stored.version) this.cached = { ...stored, catalog: parseCatalog(stored.document) };
    return this.cached;
  }

  /** Validates and stores a catalog, audits it, and queues a sync of every entry. */
  async apply(document: string, actor: string): Promise<{ version: number; changed: boolean; sources: string[] }> {
    const catalog = parseCatalog(document);
    const saved = await this.store.saveCatalog(document, actor);
    const sources = catalog.images.map((image) => mirrorTarget(image.source).source);
    if (saved.changed) await this.deps.audit({ actor, action: 'mirror.catalog.applied', target: `mirror-catalog@${saved.version}`, details: { sources } });
    for (const source of sources) await this.requestSync({ source, origin: 'catalog', actor });
    return { ...saved, sources };
  }

  /** Queues a sync of `source` (every entry when absent); with `tags`, only those tags. */
  async requestSync(request: { source?: string; tags?: string[]; origin: MirrorOrigin; actor: string }): Promise<string[]> {
    const catalog = await this.requireCatalog();
    const entries = catalog.catalog.images.map((image) => mirrorTarget(image.source));
    const targets = request.source ? [this.targetIn(entries, request.source)] : entries;
    for (const target of targets) {
      const payload: SyncRequest = { source: target.source, origin: request.origin, actor: request.actor, ...(request.tags ? { tags: request.tags } : {}) };
      await this.deps.queue.enqueue({ kind: 'mirror-sync', payload, dedupeKey: `mirror-sync:${target.source}:${request.tags?.join(',') ?? '*'}`, maxAttempts: 6 });
    }
    this.deps.wake();
    return targets.map((target) => target.source);
  }

  /** The job: syncs one source. Throws (so the queue retries later) only when a failure may pass by itself. */
  async runSync(request: SyncRequest): Promise<SyncOutcome> {
    const catalog = await this.catalog();
    const entry = catalog && this.entryFor(catalog.catalog, request.source);
    if (!entry) throw new GateError('MIRROR_NOT_FOUND', `${request.source} is neither in the mirror catalog nor on a host open to pull-through`);
    let upstream: UpstreamRegistry;
    try {
      upstream = this.client(entry.target, catalog.catalog.upstreams);
    } catch (error) {
      await this.store.recordLook(entry.target.source, { error: (error as Error).message });
      throw error;
    }
    const outcome = await syncEntry(
      { store: this.store, sink: this.deps.ports.sink, onPushed: this.deps.onPushed, publish: this.deps.publish, selectPlatforms, log: this.deps.log, clock: this.deps.clock, concurrency: BLOB_CONCURRENCY },
      entry,
      upstream,
      request,
    );
    if (outcome.retryable) throw new GateError('MIRROR_UPSTREAM_FAILED', `mirror sync of ${request.source} will be tried again: ${outcome.failed.map((failure) => `${failure.tag}: ${failure.error}`).join('; ')}`);
    return outcome;
  }

  /** Queues a sync of every entry when the catalog's schedule says it is due. */
  async scheduleDue(): Promise<void> {
    const catalog = await this.catalog();
    const scheduleMs = catalog?.catalog.scheduleMs;
    if (!catalog || !scheduleMs) return;
    const sources = catalog.catalog.images.map((image) => mirrorTarget(image.source).source);
    const oldest = await this.store.oldestSync(sources);
    if (oldest !== undefined && oldest + scheduleMs > this.deps.clock()) return;
    await this.requestSync({ origin: 'catalog', actor: 'airlock:schedule' });
  }

  /**
   * A pull of a mirror path that is not there: when the catalog allows the
   * image (its entry's selector matches the tag, or its host is open to
   * pull-through), the sync is queued; the answer says what the client waits for.
   */
  async onMiss(repository: string, reference: string, actor: string): Promise<string | undefined> {
    const target = sourceOfMirror(repository);
    const catalog = target && (await this.catalog());
    if (!target || !catalog) return undefined;
    const entry = this.entryFor(catalog.catalog, target.source);
    if (!entry) return undefined;
    if (isDigest(reference)) return `${repository}@${reference} is not mirrored; pull by tag to have Airlock fetch it`;
    if (!entry.selector.matches(reference)) return `${target.source}:${reference} is not allowed by the mirror catalog (tags ${entry.selector.describe()})`;
    const row = await this.store.tag(target.source, reference);
    if (row) return this.pendingMessage(target, reference, row.state, row.held === 1, row.digest, row.error);
    await this.store.request({ source: target.source, tag: reference, repository: target.quarantineRepository, origin: 'pull-through', held: false, requestedBy: actor });
    await this.deps.queue.enqueue({ kind: 'mirror-sync', payload: { source: target.source, tags: [reference], origin: 'pull-through', actor } satisfies SyncRequest, dedupeKey: `mirror-sync:${target.source}:${reference}`, maxAttempts: 6 });
    this.deps.wake();
    return `${target.source}:${reference} is being fetched from ${target.host} and scanned; pull again once it is approved`;
  }

  /**
   * Of the tags the gate is about to promote for a mirrored image, those not
   * held. A held candidate that passed is announced instead (mirror.update-available);
   * a candidate fetched by an auto-updating entry is announced as mirror.updated.
   */
  async promotable(repository: string, digest: string, tags: readonly string[]): Promise<string[]> {
    const rows = await this.store.tagsOf(repository, tags);
    if (rows.length === 0) return [...tags];
    const held = new Set(rows.filter((row) => row.held === 1).map((row) => row.tag));
    for (const row of rows) {
      const data = { source: row.source, tag: row.tag, digest, repository };
      if (row.held === 1) await this.deps.publish({ type: 'mirror.update-available', subject: `${row.source}:${row.tag}`, data });
      else if (row.origin === 'advisor') await this.deps.publish({ type: 'mirror.updated', subject: `${row.source}:${row.tag}`, data: { ...data, automatic: true } });
    }
    return tags.filter((tag) => !held.has(tag));
  }

  /** Releases a held candidate: promoted now when approved, else as soon as it is. */
  async promote(source: string, tag: string, actor: string): Promise<{ state: string; promoted: boolean }> {
    const target = mirrorTarget(source);
    const row = await this.store.tag(target.source, tag);
    if (!row) throw new GateError('MIRROR_NOT_FOUND', `${target.source}:${tag} has not been fetched; run airlock mirror sync --image ${target.source} --tag ${tag}`);
    await this.store.update(target.source, tag, { held: 0, origin: 'manual' });
    const image = row.digest ? await this.deps.images.find(row.repository, row.digest) : undefined;
    const promoted = image !== undefined && isServable(image.state as ImageState);
    if (promoted) await this.deps.promote({ repository: row.repository, digest: image.digest, tags: [tag] });
    await this.deps.audit({ actor, action: 'mirror.promoted', target: `${target.source}:${tag}`, details: { digest: row.digest, state: image?.state ?? row.state, promoted } });
    if (promoted) await this.deps.publish({ type: 'mirror.updated', subject: `${target.source}:${tag}`, data: { source: target.source, tag, digest: row.digest, repository: target.mirrorRepository, automatic: false } });
    return { state: image?.state ?? row.state, promoted };
  }

  private async pendingMessage(target: MirrorTarget, tag: string, state: string, held: boolean, digest: string | null, error: string | null): Promise<string> {
    const subject = `${target.source}:${tag}`;
    if (state === 'failed') return `${subject} could not be fetched (${error ?? 'unknown error'}); it is tried again on the next sync`;
    if (state !== 'synced' || !digest) return `${subject} is being fetched from ${target.host} and scanned; pull again once it is approved`;
    const image = await this.deps.images.find(target.quarantineRepository, digest);
    if (!image || image.state === 'received' || image.state === 'scanning') return `${subject} is being scanned; pull again once it is approved`;
    if (held && isServable(image.state as ImageState)) return `${subject} passed the policy and waits to be promoted (airlock mirror promote ${subject})`;
    return `${subject} is ${image.state}: see airlock status ${target.quarantineRepository}:${tag}`;
  }

  private async requireCatalog(): Promise<CatalogInForce> {
    const catalog = await this.catalog();
    if (!catalog) throw new GateError('MIRROR_NOT_CONFIGURED', 'no mirror catalog has been applied; run airlock mirror apply <catalog.yaml>');
    return catalog;
  }

  private targetIn(entries: readonly MirrorTarget[], source: string): MirrorTarget {
    const wanted = mirrorTarget(source).source;
    const target = entries.find((entry) => entry.source === wanted);
    if (!target) throw new GateError('MIRROR_NOT_FOUND', `${source} is not in the mirror catalog`);
    return target;
  }

  /** The catalog entry for `source`, or one for a single requested tag when its host is open to pull-through. */
  private entryFor(catalog: Catalog, source: string): SyncEntry | undefined {
    const image = catalog.images.find((candidate) => mirrorTarget(candidate.source).source === source);
    if (image) return { target: mirrorTarget(image.source), selector: compileTagSelector(image.tags), platforms: image.platforms, autoUpdate: image.autoUpdate, maxTags: image.maxTags };
    const target = mirrorTarget(source);
    const upstream = catalog.upstreams.find((candidate) => candidate.host === target.host);
    if (!upstream?.pullThrough) return undefined;
    return { target, selector: compileTagSelector(['/.*/']), platforms: ['linux/amd64'], autoUpdate: false, maxTags: 1 };
  }

  private client(target: MirrorTarget, upstreams: readonly CatalogUpstream[]): UpstreamRegistry {
    const settings = upstreams.find((upstream) => upstream.host === target.host);
    const credentials = settings?.credentialsEnv ? this.credentials(settings.credentialsEnv, target.host) : undefined;
    return new RegistryClient({ host: target.apiHost, insecure: settings?.insecure ?? false, ...(credentials ? { credentials } : {}), userAgent: 'airlock-mirror' });
  }

  private credentials(variable: string, host: string): { username: string; password: string } {
    const value = this.deps.ports.environment(variable);
    const colon = value?.indexOf(':') ?? -1;
    if (!value || colon <= 0) throw new GateError('MIRROR_NOT_CONFIGURED', `the catalog wants credentials for ${host} from ${variable}, which is not set to user:password in the server's environment`);
    return { username: value.slice(0, colon), password: value.slice(colon + 1) };
  }
}
