/**
 * The report job: the reports of re-decided images, written after their
 * verdicts (recordVerdicts queues it in the verdicts' transaction). Each image
 * is rendered as its row stands when the job runs; when the row was decided
 * again meanwhile, its id is handed back to be taken once more.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import type { VulnerabilityIndex } from '../../scan/index.js';
import { factsFromInventory } from '../redecide-image.js';
import type { ImageStore } from '../store/image-store.js';
import { vulnerabilityDbOf, type ReportWriter } from './report-writer.js';

export interface DeferredReportContext {
  db: Kysely<Database>;
  images: ImageStore;
  reports?: ReportWriter;
}

/** @returns the ids of images decided again while their reports were being written. */
export async function writeDeferredReports(ctx: DeferredReportContext, imageIds: readonly string[], index: VulnerabilityIndex | undefined): Promise<string[]> {
  const writer = ctx.reports;
  if (!writer) return [];
  const again: string[] = [];
  for (const image of await ctx.images.byIds(imageIds)) {
    const facts = await factsFromInventory(ctx, image, index);
    if (facts === 'needs-scan') continue; // the scan it gets writes the reports
    const patch = await writer.rewrite(image, { facts, vulnerabilityDb: vulnerabilityDbOf(index) });
    if (!patch) continue;
    let update = ctx.db.updateTable('gateImages').set(patch).where('id', '=', image.id);
    update = image.decidedAt === null ? update.where('decidedAt', 'is', null) : update.where('decidedAt', '=', image.decidedAt);
    const result = await update.executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) again.push(image.id);
  }
  return again;
}
