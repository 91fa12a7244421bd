/**
 * Judges a known image again — after a database update, a policy or exception
 * change — from its stored inventory: no layer is read. Images whose inventory
 * is gone (a cataloger was updated since) are scanned again instead.
 */
import { DbInventoryStore, catalogerKey, catalogers, matchPackages, type VulnerabilityIndex } from '../scan/index.js';
import type { ImageState } from './image-state.js';
import { judgeImage, type ImageSummary, type ImageVerdict, type PlatformFacts } from './judge-image.js';
import { recordVerdict, type VerdictContext } from './record-verdict.js';
import type { ImageRow } from './store/image-store.js';

/** States a re-decision applies to: the image has a verdict that data can change. */
export const DECIDED_STATES: readonly ImageState[] = ['approved', 'rejected', 'at-risk', 'revoked'];

export type RedecisionOutcome = 'unchanged' | 'changed' | 'needs-scan' | 'skipped';

export async function redecideImage(ctx: VerdictContext, image: ImageRow, index: VulnerabilityIndex | undefined, cause: string, actor: string): Promise<RedecisionOutcome> {
  if (!DECIDED_STATES.includes(image.state as ImageState)) return 'skipped';
  const verdict = await verdictFromInventory(ctx, image, index);
  if (verdict === 'needs-scan') return verdict;
  const updated = await recordVerdict(ctx, image, verdict, { cause, actor, dbVersion: index?.version, initial: false });
  return updated.state !== image.state || updated.reasons !== image.reasons ? 'changed' : 'unchanged';
}

/** The verdict `ctx.ports.judge` would give the image now, from its stored inventory; nothing is recorded. */
export async function verdictFromInventory(ctx: Pick<VerdictContext, 'db' | 'ports'>, image: ImageRow, index: VulnerabilityIndex | undefined): Promise<ImageVerdict | 'needs-scan'> {
  const summary = image.summary ? (JSON.parse(image.summary) as ImageSummary) : undefined;
  if (!summary || summary.platforms.length === 0) return 'needs-scan';
  const inventories = new DbInventoryStore(ctx.db);
  const key = catalogerKey(catalogers);
  const facts: PlatformFacts[] = [];
  for (const platform of summary.platforms) {
    const inventory = await inventories.get(platform.digest, key);
    if (!inventory) return 'needs-scan';
    const findings = index ? matchPackages(inventory.packages, inventory.os, index).findings : [];
    facts.push({ digest: platform.digest, platform: platform.platform, os: inventory.os, packages: inventory.packages, findings, incompleteLayers: [], config: platform.config });
  }
  return judgeImage(ctx.ports, image, facts);
}
