/**
 * The `analyse` job: scan every platform of a pushed image from Airlock's own
 * storage (layers already analysed are reused), judge it, record the verdict,
 * and promote or reject. Failures surface as state `error` once retries are
 * spent — an image is never approved without a verdict.
 */
import type { BlobStore } from '../storage/index.js';
import { DbInventoryStore, DbLayerCache, scanImage } from '../scan/index.js';
import { GateError } from './gate-error.js';
import { judgeImage, platformFacts } from './judge-image.js';
import { platformImages } from './local-images.js';
import { recordVerdict, type VerdictContext } from './record-verdict.js';
import { indexKeysOf } from './index-keys.js';
import { vulnerabilityDbOf } from './report/report-writer.js';

export interface AnalyseContext extends VerdictContext {
  store: BlobStore;
  scannerVersion: string;
}

export interface AnalyseRequest {
  imageId: string;
  /** When the analysis was asked for; absent in jobs queued by older versions. */
  requestedAt?: number;
}

export async function analyseImage(ctx: AnalyseContext, request: AnalyseRequest): Promise<void> {
  const found = await ctx.images.byId(request.imageId);
  if (!found) return;
  // A worker that died after recording the verdict, before marking its job done: the verdict stands, once.
  if (request.requestedAt !== undefined && found.decidedAt !== null && found.decidedAt >= request.requestedAt && found.state !== 'error') return;
  const image = await ctx.db.transaction().execute(async (trx) => {
    const row = await ctx.images.update(found, { state: 'scanning', error: null }, 'scan', undefined, trx);
    await ctx.ports.publish(trx, { type: 'scan.started', subject: `${found.repository}@${found.digest}`, team: found.team, data: { repository: found.repository, digest: found.digest } });
    return row;
  });
  const platforms = await platformImages(ctx.db, ctx.store, image.repository, image.digest);
  const index = await ctx.ports.index();
  const cache = new DbLayerCache(ctx.db);
  const inventories = new DbInventoryStore(ctx.db);
  const facts = [];
  for (const platform of platforms) {
    const report = await scanImage(platform.source, { cache, inventories, index, scannerVersion: ctx.scannerVersion });
    facts.push(platformFacts(platform.source, report));
  }
  if (facts.length === 0) throw new GateError('IMAGE_INVALID', `${image.repository}@${image.digest} has no platform image to judge`);
  const verdict = await judgeImage(ctx.ports, image, facts);
  await ctx.images.replacePackages(image.id, facts.flatMap((f) => indexKeysOf(f.packages, f.os)));
  await recordVerdict(ctx, image, verdict, { cause: 'scan', actor: 'system', dbVersion: index?.version, initial: true, report: { facts, vulnerabilityDb: vulnerabilityDbOf(index) } });
}

/** The last attempt failed: the image goes to `error` with the cause, and says so. */
export async function failImage(ctx: VerdictContext, imageId: string, cause: string): Promise<void> {
  const image = await ctx.images.byId(imageId);
  if (!image) return;
  await ctx.db.transaction().execute(async (trx) => {
    await ctx.images.update(image, { state: 'error', error: cause }, 'scan', { error: cause }, trx);
    const subject = `${image.repository}@${image.digest}`;
    await ctx.ports.publish(trx, { type: 'scan.completed', subject, team: image.team, data: { repository: image.repository, digest: image.digest, state: 'error', error: cause } });
    await ctx.ports.audit(trx, { actor: 'system', action: 'image.error', target: subject, details: { error: cause } });
  });
}
