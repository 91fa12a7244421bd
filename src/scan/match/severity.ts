/**
 * A finding's severity: the CVSS vector of the newest standard available
 * (4.0 over 3.x over 2.0), scored with ae-cvss-calculator and rated with the
 * standard's own bands; else the advisory source's own rating.
 */
// A CommonJS package: named imports do not resolve under Node's ESM loader.
import cvssCalculator from 'ae-cvss-calculator';
import type { OsvSeverity } from '../vulndb/index.js';
import type { CvssScore, Severity } from './finding.js';

const { fromVector } = cvssCalculator;

const VERSION_RANK: Record<CvssScore['version'], number> = { '4.0': 4, '3.1': 3, '3.0': 2, '2.0': 1 };

/** The best-scoring vector of the newest CVSS version among `severities`; undefined when none parses. */
export function bestCvss(severities: readonly OsvSeverity[]): CvssScore | undefined {
  let best: CvssScore | undefined;
  for (const severity of severities) {
    if (severity.type === 'Ubuntu') continue;
    const score = scoreVector(severity.score);
    if (!score) continue;
    if (!best || VERSION_RANK[score.version] > VERSION_RANK[best.version] || (score.version === best.version && score.score > best.score)) best = score;
  }
  return best;
}

export function scoreVector(vector: string): CvssScore | undefined {
  const version = vector.startsWith('CVSS:4.0/') ? '4.0' : vector.startsWith('CVSS:3.1/') ? '3.1' : vector.startsWith('CVSS:3.0/') ? '3.0' : /^(\(?AV:)/.test(vector) ? '2.0' : undefined;
  if (!version) return undefined;
  try {
    const parsed = fromVector(vector.replace(/^\((.*)\)$/, '$1'));
    const scores = parsed?.calculateScores() as { base?: number; overall?: number } | undefined;
    const score = scores?.base ?? scores?.overall;
    return typeof score === 'number' && Number.isFinite(score) ? { version, vector, score } : undefined;
  } catch {
    return undefined;
  }
}

/** CVSS v3/v4 bands (FIRST); v2 has no "critical", so its 7.0–10.0 band is "high". */
export function severityOfScore(score: CvssScore): Severity {
  if (score.version === '2.0') return score.score >= 7 ? 'high' : score.score >= 4 ? 'medium' : score.score > 0 ? 'low' : 'unknown';
  if (score.score >= 9) return 'critical';
  if (score.score >= 7) return 'high';
  if (score.score >= 4) return 'medium';
  return score.score > 0 ? 'low' : 'unknown';
}

/** A source's own rating (GHSA `MODERATE`, Ubuntu `medium`, Debian `high`…), when there is no vector. */
export function severityOfLabel(label: unknown): Severity | undefined {
  if (typeof label !== 'string') return undefined;
  const value = label.trim().toLowerCase();
  if (value === 'critical') return 'critical';
  if (value === 'high' || value === 'important') return 'high';
  if (value === 'moderate' || value === 'medium') return 'medium';
  if (value === 'low' || value === 'negligible') return 'low';
  return undefined;
}

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 };
export function higherSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}
export function severityRank(severity: Severity): number {
  return RANK[severity];
}
