/**
 * The gate: every image pushed to quarantine/<team>/<name> is scanned, judged
 * and promoted or rejected, off the request path, by workers that take jobs
 * from the durable queue. The registry tells the gate about pushes and asks it
 * whether a digest may be served.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { classifyRepository, MIRROR_PREFIX, QUARANTINE_PREFIX } from '../auth/index.js';
import type { Database, SqlDialectName } from '../db/index.js';
import { isDigest } from '../oci/index.js';
import type { BlobStore } from '../storage/index.js';
import { analyseImage, failImage, type AnalyseContext, type AnalyseRequest } from './analyse-image.js';
import type { GatePorts, GateReason, JudgeSession, PushNotice } from './gate-ports.js';
import { isServable, type ImageState } from './image-state.js';
import { JobQueue, type Job } from './queue/job-queue.js';
import { reasonsOf } from './record-verdict.js';
import { ImageStore, type ImageRow } from './store/image-store.js';
import { DECIDED_STATES, redecideImages } from './redecide-image.js';
import { sweep, type RedecisionRequest } from './sweep.js';
import { writeDeferredReports } from './report/deferred-reports.js';
import { ImageReports } from './report/image-reports.js';
import type { ReportLinks } from './report/report-links.js';
import { ReportWriter } from './report/report-writer.js';
import { Mirror, type MirrorPorts } from './mirror/mirror.js';
import type { SyncRequest } from './mirror/sync-entry.js';
import { isUpdateDue, runScheduledUpdate } from './vulnerability-update.js';

export interface GateOptions {
  workers: number;
  leaseMs: number;
  pollMs: number;
  /** How often at-risk images past their grace period are revoked. */
  tickMs: number;
  /** How often the vulnerability database is updated by the gate itself; 0 = never. */
  vulnerabilityUpdateMs?: number;
  scannerVersion: string;
  /** Where clients reach this server; report links in events are relative without it. */
  publicUrl?: string;
}

export interface GateDeps {
  db: Kysely<Database>;
  dialect: SqlDialectName;
  store: BlobStore;
  clock: () => number;
  ports: GatePorts;
  options: GateOptions;
  log: FastifyBaseLogger;
  /** The registry's stores for mirrored images; without them there is no mirror. */
  mirror?: MirrorPorts;
}


export interface ImageStatus {
  id: string;
  repository: string;
  digest: string;
  state: string;
  reasons: GateReason[];
  tags: string[];
  error?: string;
  decidedAt?: string;
  revokeAt?: string;
  policyVersion?: string;
  /** Links to the image's latest HTML and JSON report. */
  reports?: ReportLinks;
}

/** Images a re-decision job loads, judges and records (one commit) at a time. */
const REDECIDE_CHUNK = 100;
const JOB_KINDS = ['analyse', 'redecide', 'sweep', 'vulnerability-update', 'report', 'mirror-sync'] as const;

export class Gate {
  readonly images: ImageStore;
  readonly db: Kysely<Database>;
  readonly queue: JobQueue;
  /** Each image's latest HTML and JSON report, for the API. */
  readonly reports: ImageReports;
  /** Public images copied through the gate; absent when the server gave no mirror ports. */
  readonly mirror: Mirror | undefined;
  private readonly ctx: AnalyseContext;
  private running = false;
  private loops: Array<Promise<void>> = [];
  private wake: (() => void) | undefined;
  private ticker: NodeJS.Timeout | undefined;

  constructor(private readonly deps: GateDeps) {
    this.db = deps.db;
    this.images = new ImageStore(deps.db, deps.clock);
    this.queue = new JobQueue(deps.db, deps.dialect, deps.clock, { leaseMs: deps.options.leaseMs, backoffMs: 1000, maxBackoffMs: 5 * 60_000 });
    this.reports = new ImageReports(deps.store, deps.options.publicUrl);
    this.mirror = deps.mirror && this.createMirror(deps.mirror);
    const ports: GatePorts = { ...deps.ports, promote: (request) => this.promote(request) };
    const { storeBlob } = deps.ports;
    const writer = storeBlob && new ReportWriter({ storeBlob: (content) => storeBlob(content), store: deps.store, scannerVersion: deps.options.scannerVersion, publicUrl: deps.options.publicUrl, log: deps.log });
    this.ctx = {
      db: deps.db,
      images: this.images,
      ports,
      clock: deps.clock,
      store: deps.store,
      scannerVersion: deps.options.scannerVersion,
      reports: writer,
      ...(writer ? { deferReports: (imageIds: readonly string[], trx: Kysely<Database>) => this.queueReports(imageIds, trx) } : {}),
    };
  }

  /** Called by the registry after a manifest was stored. Only tagged pushes to quarantine are judged (untagged ones are an index's platform images). */
  async onManifestPushed(notice: PushNotice): Promise<void> {
    const zone = classifyRepository(notice.repository);
    if (zone.zone !== 'quarantine' || notice.tag === undefined) return;
    const promoteTag = await this.deps.db.transaction().execute(async (trx) => {
      const { image, created, newTag } = await this.images.recordPush({ repository: notice.repository, digest: notice.digest, team: zone.team, mediaType: notice.mediaType, tag: notice.tag }, trx);
      const subject = `${notice.repository}@${notice.digest}`;
      await this.deps.ports.audit(trx, { actor: notice.actor, action: 'image.pushed', target: subject, details: { tag: notice.tag, mediaType: notice.mediaType } });
      if (created || image.state === 'error') {
        await this.queueAnalysis(image.id, trx);
        await this.deps.ports.publish(trx, { type: 'image.received', subject, team: zone.team, data: { repository: notice.repository, digest: notice.digest, tag: notice.tag, pushedBy: notice.actor } });
      }
      return newTag && isServable(image.state as ImageState) ? notice.tag : undefined;
    });
    if (promoteTag) await this.promote({ repository: notice.repository, digest: notice.digest, tags: [promoteTag] });
    this.wake?.();
  }

  /** The state of `reference` (tag or digest) in a quarantine repository, or of the image an approved repository serves. */
  async status(repository: string, reference: string): Promise<ImageStatus | undefined> {
    const quarantine = classifyRepository(repository).zone === 'quarantine' ? repository : quarantineOf(repository);
    if (!quarantine) return undefined;
    const digest = isDigest(reference) ? reference : await this.tagDigest(repository, reference);
    if (!digest) return undefined;
    const image = await this.images.find(quarantine, digest);
    return image && toStatus(image, this.reports.links(image));
  }

  /** Why `digest` must not be served from the approved repository `repository`, if it must not. */
  async revocation(repository: string, digest: string): Promise<GateReason[] | undefined> {
    const quarantine = quarantineOf(repository);
    const image = quarantine ? await this.images.find(quarantine, digest) : undefined;
    return image?.state === 'revoked' ? reasonsOf(image) : undefined;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (let i = 0; i < this.deps.options.workers; i++) this.loops.push(this.loop(`${process.pid}-${randomUUID().slice(0, 8)}`));
    this.ticker = setInterval(() => void this.tick().catch((error: unknown) => this.deps.log.error({ err: error }, 'gate tick failed')), this.deps.options.tickMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.ticker) clearInterval(this.ticker);
    this.wake?.();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /**
   * Asks for a new verdict on images (a policy or exception changed). Runs as a job.
   * Requests for the same scope coalesce with a job that is still queued; a job
   * already running may have read the policy and exceptions before this change,
   * so then a new job is queued without the key (the queue allows one active job per key).
   */
  async requestRedecision(request: RedecisionRequest): Promise<void> {
    let key = request.imageIds ? undefined : `redecide:${request.team ?? ''}:${request.repository ?? ''}:${request.cause}`;
    if (key !== undefined) {
      const active = await this.deps.db.selectFrom('jobs').select('state').where('dedupeKey', '=', key).where('state', 'in', ['queued', 'running']).executeTakeFirst();
      if (active?.state === 'running') key = undefined;
    }
    await this.queue.enqueue({ kind: 'redecide', payload: request, dedupeKey: key });
    this.wake?.();
  }

  /** Enqueues the periodic sweep (one at a time across replicas). */
  async tick(): Promise<void> {
    if (await isUpdateDue(this.deps.db, this.deps.options.vulnerabilityUpdateMs ?? 0, this.deps.clock())) {
      await this.queue.enqueue({ kind: 'vulnerability-update', payload: null, dedupeKey: 'vulnerability-update' });
    }
    await this.queue.enqueue({ kind: 'sweep', payload: null, dedupeKey: 'sweep' });
    await this.mirror?.scheduleDue();
    this.wake?.();
  }

  /** A pull of a mirror path that is not there: what the client is told, when the mirror will fetch it. */
  onMirrorMiss(repository: string, reference: string, actor: string): Promise<string | undefined> {
    return this.mirror ? this.mirror.onMiss(repository, reference, actor) : Promise.resolve(undefined);
  }

  private async loop(worker: string): Promise<void> {
    while (this.running) {
      let job: Job | undefined;
      try {
        job = await this.queue.claim(worker, JOB_KINDS);
      } catch (error) {
        this.deps.log.error({ err: error }, 'gate could not claim a job');
      }
      if (!job) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.deps.options.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        continue;
      }
      await this.run(job, worker);
    }
  }

  private async run(job: Job, worker: string): Promise<void> {
    const heartbeat = setInterval(() => void this.queue.heartbeat(job.id, worker).catch(() => undefined), Math.max(1000, this.deps.options.leaseMs / 3));
    try {
      await this.handle(job);
      await this.queue.complete(job.id);
    } catch (error) {
      const message = (error as Error).message;
      this.deps.log.warn({ err: error, job: job.id, kind: job.kind, attempt: job.attempts }, 'gate job failed');
      const retried = await this.queue.fail(job, message).catch(() => true);
      if (!retried && job.kind === 'analyse') {
        await failImage(this.ctx, (job.payload as { imageId: string }).imageId, message).catch((failure: unknown) => this.deps.log.error({ err: failure }, 'could not record the failure'));
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async handle(job: Job): Promise<void> {
    switch (job.kind) {
      case 'analyse':
        return analyseImage(this.ctx, job.payload as AnalyseRequest);
      case 'redecide':
        return this.redecide(job.payload as RedecisionRequest);
      case 'vulnerability-update':
        await runScheduledUpdate({ db: this.deps.db, ports: this.deps.ports, clock: this.deps.clock });
        return this.sweep();
      case 'sweep':
        return this.sweep();
      case 'mirror-sync':
        if (!this.mirror) throw new Error('a mirror sync was queued, but this server has no mirror');
        await this.mirror.runSync(job.payload as SyncRequest);
        return;
      case 'report': {
        const again = await writeDeferredReports(this.ctx, (job.payload as { imageIds: string[] }).imageIds, await this.deps.ports.index());
        if (again.length > 0) await this.queueReports(again);
        return;
      }
      default:
        throw new Error(`unknown job kind ${job.kind}`);
    }
  }

  /** `requestedAt` lets a job re-run after a crash see that its verdict was already recorded. */
  private async queueAnalysis(imageId: string, db: Kysely<Database> = this.deps.db): Promise<void> {
    const request: AnalyseRequest = { imageId, requestedAt: this.deps.clock() };
    await this.queue.enqueue({ kind: 'analyse', payload: request, dedupeKey: `analyse:${imageId}` }, db);
  }

  private async queueReports(imageIds: readonly string[], db: Kysely<Database> = this.deps.db): Promise<void> {
    await this.queue.enqueue({ kind: 'report', payload: { imageIds: [...imageIds] } }, db);
  }

  private sweep(): Promise<void> {
    return sweep({ db: this.deps.db, images: this.images, ports: this.deps.ports, clock: this.deps.clock, reports: this.ctx.reports, redecide: (request) => this.redecide(request) });
  }

  private async redecide(request: RedecisionRequest): Promise<void> {
    const index = await this.deps.ports.index();
    // One job, one read of the policies and exceptions (not one per image).
    const session: JudgeSession = new Map();
    // A chunk of images is judged, then recorded with one commit; rows are loaded a chunk at a time
    // (a database update can name thousands of images, each carrying its whole evaluation).
    const redecide = async (images: readonly ImageRow[]) => {
      for (let start = 0; start < images.length; start += REDECIDE_CHUNK) {
        const chunk = images.slice(start, start + REDECIDE_CHUNK);
        const outcomes = await redecideImages(this.ctx, chunk, index, request.cause, request.actor, session);
        for (const [at, image] of chunk.entries()) {
          if (outcomes[at] === 'needs-scan') await this.queueAnalysis(image.id);
        }
      }
    };
    if (!request.imageIds) {
      const images = await this.images.inStates(DECIDED_STATES, request.team ? [request.team] : undefined);
      return redecide(images.filter((image) => !request.repository || image.repository === request.repository));
    }
    for (let start = 0; start < request.imageIds.length; start += REDECIDE_CHUNK) await redecide(await this.images.byIds(request.imageIds.slice(start, start + REDECIDE_CHUNK)));
  }

  /** Promotion, minus the tags of mirrored candidates held for a person to release. */
  private async promote(request: { repository: string; digest: string; tags: readonly string[] }): Promise<void> {
    const mirrored = request.repository.startsWith(`${QUARANTINE_PREFIX}${MIRROR_PREFIX}`);
    const tags = this.mirror && mirrored ? await this.mirror.promotable(request.repository, request.digest, request.tags) : request.tags;
    if (request.tags.length > 0 && tags.length === 0) return;
    await this.deps.ports.promote({ ...request, tags });
  }

  private createMirror(ports: MirrorPorts): Mirror {
    const { db, clock, log } = this.deps;
    return new Mirror({
      db,
      clock,
      log,
      ports,
      queue: this.queue,
      images: this.images,
      publish: (event) => this.deps.ports.publish(db, event),
      audit: (entry) => this.deps.ports.audit(db, entry),
      onPushed: (notice) => this.onManifestPushed(notice),
      promote: (request) => this.deps.ports.promote(request),
      wake: () => this.wake?.(),
    });
  }

  private async tagDigest(repository: string, tag: string): Promise<string | undefined> {
    const row = await this.deps.db.selectFrom('tags').select('digest').where('repository', '=', repository).where('name', '=', tag).executeTakeFirst();
    return row?.digest;
  }
}

/** The quarantine repository an approved or mirror repository is filled from. */
function quarantineOf(repository: string): string | undefined {
  const zone = classifyRepository(repository);
  if (zone.zone === 'approved') return `quarantine/${zone.team}/${zone.name}`;
  if (zone.zone === 'mirror') return `quarantine/mirror/${zone.path}`;
  return undefined;
}

function toStatus(image: ImageRow, reports: ReportLinks | undefined): ImageStatus {
  const iso = (time: number | null) => (time === null ? undefined : new Date(time).toISOString());
  return {
    id: image.id,
    repository: image.repository,
    digest: image.digest,
    state: image.state,
    reasons: reasonsOf(image),
    tags: JSON.parse(image.tags) as string[],
    ...(image.error ? { error: image.error } : {}),
    ...(image.decidedAt ? { decidedAt: iso(image.decidedAt) } : {}),
    ...(image.revokeAt ? { revokeAt: iso(image.revokeAt) } : {}),
    ...(image.policyVersion ? { policyVersion: image.policyVersion } : {}),
    ...(reports ? { reports } : {}),
  };
}
