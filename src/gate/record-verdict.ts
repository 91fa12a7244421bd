/**
 * Applies a verdict to an image: the state transition, the stored verdict, its
 * events and audit entries — in one transaction, so the outbox and the audit
 * trail never disagree with the state — then promotes when the image became
 * servable.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { EventType } from '../events/index.js';
import type { GatePorts, GateReason } from './gate-ports.js';
import { nextState, type ImageState, type Transition } from './image-state.js';
import type { ImageVerdict } from './judge-image.js';
import type { ReportFacts, ReportOutcome, ReportWriter } from './report/report-writer.js';
import { indexFindings } from './store/finding-index.js';
import type { ImageRow, ImageStore } from './store/image-store.js';
import { storedPlatforms } from './store/stored-evaluation.js';

export interface VerdictContext {
  db: Kysely<Database>;
  images: ImageStore;
  ports: GatePorts;
  clock: () => number;
  /** Writes the image's reports; without it (previews, tests) verdicts carry no report. */
  reports?: ReportWriter;
  /**
   * Queues the reports of re-decided images for a later job, in the verdicts' transaction: a sweep
   * re-decides thousands of images, and rendering each one's pages there would take ten times its verdict.
   */
  deferReports?(imageIds: readonly string[], trx: Kysely<Database>): Promise<void>;
}

export interface RecordOptions {
  /** What caused this verdict: scan, db-update, policy, exception, grace-expired. */
  cause: string;
  actor: string;
  dbVersion?: string;
  /** First decision after a scan (received/scanning), as opposed to a re-decision. */
  initial: boolean;
  /** The facts the verdict was made from, for the image's reports. */
  report?: ReportFacts;
}

const STATE_EVENTS: Partial<Record<ImageState, EventType>> = {
  approved: 'image.approved',
  rejected: 'image.rejected',
  'at-risk': 'image.at-risk',
  revoked: 'image.revoked',
};

export async function recordVerdict(ctx: VerdictContext, image: ImageRow, verdict: ImageVerdict, options: RecordOptions): Promise<ImageRow> {
  const [updated] = await recordVerdicts(ctx, [{ image, verdict, options }]);
  return updated as ImageRow;
}

export interface VerdictRecord {
  image: ImageRow;
  verdict: ImageVerdict;
  options: RecordOptions;
}

/**
 * Several verdicts with one commit (a re-decision job's chunk of images): each
 * image gets exactly the row, history, events and audit entries recordVerdict
 * writes, in the same order; reports are stored before the transaction and
 * promotions happen after it, as for one.
 */
export async function recordVerdicts(ctx: VerdictContext, records: readonly VerdictRecord[]): Promise<ImageRow[]> {
  const prepared: PreparedVerdict[] = [];
  for (const record of records) prepared.push(await prepareVerdict(ctx, record));
  const updated = prepared.length === 0 ? [] : await ctx.db.transaction().execute(async (trx) => {
    const rows: ImageRow[] = [];
    for (const verdict of prepared) rows.push(await writeVerdict(ctx, trx, verdict));
    const due = prepared.filter((verdict) => verdict.reportDue).map((verdict) => verdict.record.image.id);
    if (due.length > 0) await ctx.deferReports?.(due, trx);
    return rows;
  });
  for (const { record, next } of prepared) {
    if (next.promote) await ctx.ports.promote({ repository: record.image.repository, digest: record.image.digest, tags: JSON.parse(record.image.tags) as string[] });
  }
  return updated;
}

interface PreparedVerdict {
  record: VerdictRecord;
  now: number;
  next: Transition;
  discovered: ReturnType<typeof newVulnerabilities>;
  reports: ReportOutcome | undefined;
  /** Its reports are to be written by a later job. */
  reportDue: boolean;
  warnings: GateReason[];
  links: ReturnType<ReportWriter['linksFor']>;
}

async function prepareVerdict(ctx: VerdictContext, record: VerdictRecord): Promise<PreparedVerdict> {
  const { image, verdict, options } = record;
  const now = ctx.clock();
  const previous = { state: (options.initial ? 'scanning' : image.state) as ImageState, failingSince: image.failingSince, revokeAt: image.revokeAt };
  const next = nextState(previous, verdict.outcome, now, verdict.gracePeriodMs);
  const discovered = options.initial ? [] : newVulnerabilities(image, verdict);
  const request = options.report && ctx.reports ? { image, verdict, state: next.state, decidedAt: now, initial: options.initial, ...options.report } : undefined;
  const reportDue = request !== undefined && !options.initial && ctx.deferReports !== undefined && (ctx.reports?.isDue(request) ?? false);
  // Rendered and stored before the transaction: blob writes are slow and need no rollback (GC spares young blobs).
  const reports = request && !reportDue ? await ctx.reports?.refresh(request) : undefined;
  const warnings = reports?.warning ? [...verdict.warnings, reports.warning] : verdict.warnings;
  const links = ctx.reports?.linksFor({ ...image, ...reports?.patch });
  return { record, now, next, discovered, reports, reportDue, warnings, links };
}

async function writeVerdict(ctx: VerdictContext, trx: Kysely<Database>, prepared: PreparedVerdict): Promise<ImageRow> {
  const { record: { image, verdict, options }, now, next, discovered, reports, warnings, links } = prepared;
  const row = await ctx.images.update(
    image,
    {
      state: next.state,
      reasons: JSON.stringify(verdict.reasons),
      evaluation: JSON.stringify({ warnings, platforms: verdict.platforms }),
      summary: JSON.stringify(verdict.summary),
      policyVersion: verdict.policyVersion,
      dbVersion: options.dbVersion ?? image.dbVersion,
      error: null,
      decidedAt: now,
      approvedAt: next.state === 'approved' && image.state !== 'approved' ? now : image.approvedAt,
      failingSince: next.failingSince,
      revokeAt: next.revokeAt,
      revokedAt: next.state === 'revoked' ? (image.revokedAt ?? now) : null,
      ...reports?.patch,
    },
    options.cause,
    { outcome: verdict.outcome, reasons: verdict.reasons.slice(0, 50) },
    trx,
  );
  await indexFindings(trx, image.id, verdict.platforms, now);
  const subject = `${image.repository}@${image.digest}`;
  const data = { repository: image.repository, digest: image.digest, tags: JSON.parse(image.tags) as string[], state: next.state, reasons: verdict.reasons, cause: options.cause, summary: verdict.summary, ...(links ? { reports: links } : {}) };
  if (options.initial) await ctx.ports.publish(trx, { type: 'scan.completed', subject, team: image.team, data: { ...data, outcome: verdict.outcome } });
  if (discovered.length > 0) await ctx.ports.publish(trx, { type: 'vulnerability.discovered', subject, team: image.team, data: { ...data, vulnerabilities: discovered } });
  const changed = next.state !== (options.initial ? undefined : image.state);
  if (changed) {
    const type = STATE_EVENTS[next.state];
    if (type) await ctx.ports.publish(trx, { type, subject, team: image.team, data: { ...data, ...(next.revokeAt ? { revokeAt: new Date(next.revokeAt).toISOString() } : {}) } });
    await ctx.ports.audit(trx, { actor: options.actor, action: `image.${next.state}`, target: subject, details: { cause: options.cause, policyVersion: verdict.policyVersion, reasons: verdict.reasons.slice(0, 20) } });
  }
  return row;
}

/** Vulnerability ids this verdict finds that the stored one did not: the `vulnerability.discovered` diff. */
function newVulnerabilities(image: ImageRow, verdict: ImageVerdict): Array<{ id: string; package: string; installedVersion: string; fixedVersion?: string; severity: string }> {
  const before = new Set<string>();
  for (const platform of storedPlatforms(image)) for (const finding of platform.findings ?? []) before.add(`${finding.id}\0${finding.purl}`);
  return verdict.platforms
    .flatMap((platform) => platform.findings)
    .filter((finding) => !before.has(`${finding.id}\0${finding.purl}`))
    .map((finding) => ({ id: finding.id, package: finding.package, installedVersion: finding.installedVersion, fixedVersion: finding.fixedVersion, severity: finding.severity }));
}

export function reasonsOf(image: ImageRow): GateReason[] {
  return JSON.parse(image.reasons) as GateReason[];
}
