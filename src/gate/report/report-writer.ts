/**
 * Writes each judged image's reports: the JSON scan report and the
 * self-contained HTML page with the verdict, stored as sha256-addressed blobs
 * (through the registry's ledger, so GC spares them) and named by the image row.
 * A new report replaces the image's previous one; the old blobs, no longer named,
 * are collected by `airlock gc` after its grace period.
 *
 * Reports explain a verdict; they never decide one. A report that cannot be
 * rendered or stored is logged and becomes a warning on the verdict, which is
 * recorded all the same.
 */
import { text } from 'node:stream/consumers';
import type { FastifyBaseLogger } from 'fastify';
import type { Digest } from '../../oci/index.js';
import { formatNamed, type ScanReport, type VulnerabilityIndex } from '../../scan/index.js';
import type { BlobStore } from '../../storage/index.js';
import type { GatePorts, GateReason } from '../gate-ports.js';
import type { ImageVerdict, PlatformFacts } from '../judge-image.js';
import type { ImageRow } from '../store/image-store.js';
import { storedPlatforms } from '../store/stored-evaluation.js';
import { imageScanReport } from './image-report.js';
import { reportLinks, type ReportLinks } from './report-links.js';

export interface ReportWriterDeps {
  storeBlob: NonNullable<GatePorts['storeBlob']>;
  /** Where stored reports are read back from (a page restated for a new state). */
  store: Pick<BlobStore, 'read'>;
  scannerVersion: string;
  /** Where clients reach Airlock (`https://airlock.example.com`); links are relative without it. */
  publicUrl?: string;
  log: FastifyBaseLogger;
}

/** What a report needs besides the verdict: each platform image's facts and the database they were matched with. */
export interface ReportFacts {
  facts: readonly PlatformFacts[];
  vulnerabilityDb?: { updatedAt?: string; advisories: number };
}

export interface ReportRequest extends ReportFacts {
  image: ImageRow;
  verdict: ImageVerdict;
  /** The image's state after this verdict. */
  state: string;
  decidedAt: number;
  /** First verdict after a scan: always written. */
  initial: boolean;
}

/** The image columns a (re)written report sets, and a warning when it could not be written. */
export interface ReportOutcome {
  patch: Pick<ImageRow, 'reportDigest' | 'htmlReportDigest'>;
  warning?: GateReason;
}

export class ReportWriter {
  constructor(private readonly deps: ReportWriterDeps) {}

  /** Links to an image's reports, for events and API responses; undefined while it has none. */
  linksFor(image: Pick<ImageRow, 'id' | 'reportDigest' | 'htmlReportDigest'>): ReportLinks | undefined {
    return reportLinks(this.deps.publicUrl, image);
  }

  /** Whether this verdict needs new reports: the first one after a scan, or one whose state, reasons or findings changed. */
  isDue(request: ReportRequest): boolean {
    return request.initial || isStale(request);
  }

  /** Fresh reports when the verdict or findings changed (or none exist yet); undefined when the stored ones still hold. */
  async refresh(request: ReportRequest): Promise<ReportOutcome | undefined> {
    if (!this.isDue(request)) return undefined;
    try {
      const { image, verdict } = request;
      return { patch: await this.write(image, { state: request.state, reasons: verdict.reasons, policyVersion: verdict.policyVersion || undefined, decidedAt: request.decidedAt }, request) };
    } catch (error) {
      const subject = `${request.image.repository}@${request.image.digest}`;
      this.deps.log.warn({ err: error, image: request.image.id, subject }, 'could not store the scan report; the verdict is recorded without one');
      const message = `the scan report could not be stored: ${(error as Error).message}`;
      return { patch: { reportDigest: null, htmlReportDigest: null }, warning: { rule: 'airlock:report', message } };
    }
  }

  /**
   * The HTML page again for a state change without a new verdict (a grace period
   * ran out: at-risk → revoked), from the stored JSON report: same findings and
   * reasons, the new state. Undefined, with the old page kept, when that fails.
   */
  async restate(image: ImageRow, state: string): Promise<ReportOutcome | undefined> {
    if (!image.reportDigest) return undefined;
    try {
      // Airlock wrote this JSON itself (write() below) and it is content-addressed: it is the ScanReport the page shows.
      const report = JSON.parse(await text(await this.deps.store.read(image.reportDigest as Digest))) as ScanReport;
      const decidedAt = image.decidedAt === null ? undefined : new Date(image.decidedAt).toISOString();
      const page = await this.storePage(report, image, { state, reasons: JSON.parse(image.reasons) as GateReason[], policyVersion: image.policyVersion ?? undefined, decidedAt });
      return { patch: { reportDigest: image.reportDigest, htmlReportDigest: page } };
    } catch (error) {
      this.deps.log.warn({ err: error, image: image.id }, `could not restate the HTML report as ${state}; it still shows the previous state`);
      return undefined;
    }
  }

  /**
   * The reports of the verdict an image row records now (a re-decision's, written later by a report job);
   * undefined, logged, when they cannot be written: the previous reports stay.
   */
  async rewrite(image: ImageRow, facts: ReportFacts): Promise<ReportOutcome['patch'] | undefined> {
    const verdict = { state: image.state, reasons: JSON.parse(image.reasons) as GateReason[], policyVersion: image.policyVersion ?? undefined, decidedAt: image.decidedAt ?? image.updatedAt };
    try {
      return await this.write(image, verdict, facts);
    } catch (error) {
      this.deps.log.warn({ err: error, image: image.id }, 'could not store the scan report of a re-decision; the previous one stays');
      return undefined;
    }
  }

  private async write(image: ImageRow, verdict: { state: string; reasons: GateReason[]; policyVersion?: string; decidedAt: number }, facts: ReportFacts): Promise<ReportOutcome['patch']> {
    const decidedAt = new Date(verdict.decidedAt).toISOString();
    const report = imageScanReport({ repository: image.repository, digest: image.digest, facts: facts.facts, createdAt: decidedAt, scannerVersion: this.deps.scannerVersion, vulnerabilityDb: facts.vulnerabilityDb });
    const stored = await this.deps.storeBlob(Buffer.from(formatNamed('json').render(report), 'utf8'));
    const page = await this.storePage(report, image, { ...verdict, decidedAt });
    return { reportDigest: stored.digest, htmlReportDigest: page };
  }

  private async storePage(report: ScanReport, image: ImageRow, verdict: { state: string; reasons: GateReason[]; policyVersion?: string; decidedAt?: string }): Promise<string> {
    const html = formatNamed('html').render(report, { verdict, title: `Airlock: ${image.repository}@${image.digest}` });
    return (await this.deps.storeBlob(Buffer.from(html, 'utf8'))).digest;
  }
}

/** The database facts a report names: when its advisories were last modified, and how many. */
export function vulnerabilityDbOf(index: VulnerabilityIndex | undefined): ReportFacts['vulnerabilityDb'] {
  return index ? { updatedAt: index.stats.lastModified, advisories: index.stats.advisories } : undefined;
}

/** A re-decision changes the report when the state, the reasons or the set of findings changed, or when there is none. */
function isStale({ image, verdict, state }: ReportRequest): boolean {
  if (!image.reportDigest || !image.htmlReportDigest) return true;
  if (state !== image.state || JSON.stringify(verdict.reasons) !== image.reasons) return true;
  const now = findingKeys(verdict.platforms);
  const before = findingKeys(storedPlatforms(image));
  return now !== before;
}

interface FindingHolder {
  findings?: ReadonlyArray<{ id: string; purl: string }>;
}

function findingKeys(platforms: readonly FindingHolder[]): string {
  return platforms
    .flatMap((platform) => (platform.findings ?? []).map((finding) => `${finding.id}\0${finding.purl}`))
    .sort()
    .join('\n');
}
