/**
 * Judges a known image again — after a database update, a policy or exception
 * change — from its stored inventory: no layer is read. Images whose inventory
 * is gone (a cataloger was updated since) are scanned again instead.
 */
import { DbInventoryStore, catalogerKey, catalogers, matchPackages, type Inventory, type VulnerabilityIndex } from '../scan/index.js';
import type { JudgeSession } from './gate-ports.js';
import type { ImageState } from './image-state.js';
import { judgeImage, type ImageSummary, type ImageVerdict, type PlatformFacts } from './judge-image.js';
import { recordVerdicts, type VerdictContext, type VerdictRecord } from './record-verdict.js';
import { vulnerabilityDbOf } from './report/report-writer.js';
import type { ImageRow } from './store/image-store.js';

/** States a re-decision applies to: the image has a verdict that data can change. */
export const DECIDED_STATES: readonly ImageState[] = ['approved', 'rejected', 'at-risk', 'revoked'];

export type RedecisionOutcome = 'unchanged' | 'changed' | 'needs-scan' | 'skipped';

export async function redecideImage(ctx: VerdictContext, image: ImageRow, index: VulnerabilityIndex | undefined, cause: string, actor: string): Promise<RedecisionOutcome> {
  const [outcome] = await redecideImages(ctx, [image], index, cause, actor);
  return outcome as RedecisionOutcome;
}

/**
 * Judges each image again, as redecideImage does one by one, and records the
 * verdicts with one commit (recordVerdicts).
 * @param session shared by the re-decisions of one job, so the judge reads policies and exceptions once.
 * @returns an outcome per image, in order.
 */
export async function redecideImages(ctx: VerdictContext, images: readonly ImageRow[], index: VulnerabilityIndex | undefined, cause: string, actor: string, session?: JudgeSession): Promise<RedecisionOutcome[]> {
  const outcomes: RedecisionOutcome[] = [];
  const judged: Array<VerdictRecord & { at: number }> = [];
  const inventories = await new DbInventoryStore(ctx.db).getMany(images.flatMap(platformDigests), catalogerKey(catalogers));
  for (const [at, image] of images.entries()) {
    if (!DECIDED_STATES.includes(image.state as ImageState)) {
      outcomes[at] = 'skipped';
      continue;
    }
    const facts = await factsFromInventory(ctx, image, index, inventories);
    if (facts === 'needs-scan') {
      outcomes[at] = facts;
      continue;
    }
    const verdict = await judgeImage(ctx.ports, image, facts, session);
    judged.push({ at, image, verdict, options: { cause, actor, dbVersion: index?.version, initial: false, report: { facts, vulnerabilityDb: vulnerabilityDbOf(index) } } });
  }
  const updated = await recordVerdicts(ctx, judged);
  for (const [n, { at, image }] of judged.entries()) {
    const row = updated[n] as ImageRow;
    outcomes[at] = row.state !== image.state || row.reasons !== image.reasons ? 'changed' : 'unchanged';
  }
  return outcomes;
}

/** The verdict `ctx.ports.judge` would give the image now, from its stored inventory; nothing is recorded. */
export async function verdictFromInventory(ctx: Pick<VerdictContext, 'db' | 'ports'>, image: ImageRow, index: VulnerabilityIndex | undefined): Promise<ImageVerdict | 'needs-scan'> {
  const facts = await factsFromInventory(ctx, image, index);
  return facts === 'needs-scan' ? facts : judgeImage(ctx.ports, image, facts);
}

function platformDigests(image: ImageRow): string[] {
  if (!DECIDED_STATES.includes(image.state as ImageState) || !image.summary) return [];
  return (JSON.parse(image.summary) as ImageSummary).platforms.map((platform) => platform.digest);
}

/**
 * Each platform image's facts now: its stored inventory matched against `index`.
 * @param loaded inventories read beforehand (getMany), by platform digest; a platform missing there needs a scan.
 */
export async function factsFromInventory(ctx: Pick<VerdictContext, 'db'>, image: ImageRow, index: VulnerabilityIndex | undefined, loaded?: ReadonlyMap<string, Inventory>): Promise<PlatformFacts[] | 'needs-scan'> {
  const summary = image.summary ? (JSON.parse(image.summary) as ImageSummary) : undefined;
  if (!summary || summary.platforms.length === 0) return 'needs-scan';
  const inventories = new DbInventoryStore(ctx.db);
  const key = catalogerKey(catalogers);
  const facts: PlatformFacts[] = [];
  for (const platform of summary.platforms) {
    const inventory = loaded ? loaded.get(platform.digest) : await inventories.get(platform.digest, key);
    if (!inventory) return 'needs-scan';
    const matched = index ? matchPackages(inventory.packages, inventory.os, index) : { findings: [], warnings: [] };
    const errors = [...inventory.errors, ...inventory.warnings, ...matched.warnings];
    facts.push({ digest: platform.digest, platform: platform.platform, os: inventory.os, packages: inventory.packages, findings: matched.findings, incompleteLayers: [], config: platform.config, layers: platform.layers ?? [], errors });
  }
  return facts;
}
