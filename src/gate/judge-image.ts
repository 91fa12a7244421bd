/**
 * One verdict for one pushed image: every platform of an index is judged and
 * the image passes only when all pass. Besides the policy, the gate checks on
 * its own that it could read the whole image: a layer it could not read to the
 * end is a reason to reject, never to approve in ignorance.
 */
import type { Finding, ImageSource, OsInfo, Package, ScanReport } from '../scan/index.js';
import type { GatePorts, GateReason, JudgeSession, PolicyVerdict } from './gate-ports.js';
import type { ImageRow } from './store/image-store.js';

export interface PlatformFacts {
  digest: string;
  platform?: string;
  os?: OsInfo;
  packages: Package[];
  findings: Finding[];
  incompleteLayers: string[];
  config: ImageSource['config'];
  /** Layer digests, bottom first; for the image's report. */
  layers?: string[];
  /** Problems that did not stop the scan (odd files, unparsable versions); for the image's report. */
  errors?: string[];
}

export interface ImageVerdict {
  outcome: 'pass' | 'fail';
  reasons: GateReason[];
  warnings: GateReason[];
  gracePeriodMs: number;
  policyVersion: string;
  platforms: Array<{ digest: string; platform?: string; os?: OsInfo; findings: Finding[]; evaluation: unknown }>;
  summary: ImageSummary;
}

export interface ImageSummary {
  packages: number;
  vulnerabilities: Record<string, number>;
  /** Each platform image with what re-decisions need besides its stored inventory. */
  platforms: Array<{ digest: string; platform?: string; config?: ImageSource['config']; layers?: string[] }>;
}

export async function judgeImage(ports: GatePorts, image: ImageRow, platforms: readonly PlatformFacts[], session?: JudgeSession): Promise<ImageVerdict> {
  const results: Array<{ facts: PlatformFacts; verdict: PolicyVerdict }> = [];
  for (const facts of platforms) {
    const verdict = await ports.judge({
      image: { repository: image.repository, team: image.team, digest: facts.digest, created: facts.config?.created, labels: facts.config?.labels ?? {}, annotations: {} },
      os: facts.os,
      packages: facts.packages,
      findings: facts.findings,
    }, session);
    results.push({ facts, verdict });
  }
  const label = (facts: PlatformFacts) => (platforms.length > 1 ? facts.platform ?? facts.digest : undefined);
  const withPlatform = (reason: GateReason, facts: PlatformFacts): GateReason => (label(facts) ? { ...reason, platform: label(facts) } : reason);
  const reasons = results.flatMap(({ facts, verdict }) => [
    ...facts.incompleteLayers.map((layer) => withPlatform({ rule: 'airlock:readable-layers', message: unreadableLayerMessage(layer, facts.errors ?? []) }, facts)),
    ...verdict.reasons.map((reason) => withPlatform(reason, facts)),
  ]);
  const severities: Record<string, number> = {};
  for (const { facts } of results) for (const finding of facts.findings) severities[finding.severity] = (severities[finding.severity] ?? 0) + 1;
  return {
    outcome: results.length > 0 && reasons.length === 0 && results.every(({ verdict }) => verdict.outcome === 'pass') ? 'pass' : 'fail',
    reasons: results.length === 0 ? [{ rule: 'airlock:platforms', message: 'the index lists no image to judge' }] : reasons,
    warnings: results.flatMap(({ facts, verdict }) => verdict.warnings.map((warning) => withPlatform(warning, facts))),
    gracePeriodMs: Math.min(...results.map(({ verdict }) => verdict.gracePeriodMs), Number.MAX_SAFE_INTEGER),
    policyVersion: [...new Set(results.map(({ verdict }) => verdict.policyVersion))].join(' '),
    platforms: results.map(({ facts, verdict }) => ({ digest: facts.digest, platform: facts.platform, os: facts.os, findings: facts.findings, evaluation: verdict.evaluation })),
    summary: {
      packages: results.reduce((sum, { facts }) => sum + facts.packages.length, 0),
      vulnerabilities: severities,
      platforms: results.map(({ facts }) => ({ digest: facts.digest, platform: facts.platform, config: facts.config, layers: facts.layers })),
    },
  };
}

export function platformFacts(source: ImageSource, report: ScanReport): PlatformFacts {
  return {
    digest: source.digest ?? report.artifact.digest ?? '',
    platform: source.platform,
    os: report.os,
    packages: report.packages,
    findings: report.vulnerabilities,
    incompleteLayers: report.artifact.incompleteLayers ?? [],
    config: source.config,
    layers: report.artifact.layers,
    errors: report.errors,
  };
}

/** Names the layer and, when the scan said why (a hostile entry, a corrupt stream), the cause. */
function unreadableLayerMessage(layer: string, errors: readonly string[]): string {
  const cause = errors.find((error) => error.startsWith(`layer ${layer}`));
  const detail = cause ? `: ${cause.slice(`layer ${layer}`.length).replace(/^[:\s]+/, '')}` : '';
  return `layer ${layer} could not be read to its end${detail}; the image cannot be judged`;
}
