/**
 * One image's findings as the dashboard's findings table shows them: each with
 * whether the verdict denied it, an exception accepted it, or the policy let
 * it pass — read from the evaluation stored with the verdict.
 */
import { storedPlatforms, type ImageRow } from '../gate/index.js';

interface StoredEvaluation {
  reasons?: Array<{ ruleId: string; vulnerabilityId?: string; purl?: string }>;
  exceptionsApplied?: Array<{ exceptionId: string; scope: string; vulnerabilityId: string; purl: string; expiresAt: number }>;
}

export interface ImageFinding {
  id: string;
  aliases: string[];
  package: string;
  packageType?: string;
  purl: string;
  installedVersion: string;
  fixedVersion?: string;
  severity: string;
  score?: number;
  summary?: string;
  layer?: string;
  path?: string;
  platform?: string;
  status: 'denied' | 'excepted' | 'allowed';
  rules: string[];
  exception?: { id: string; scope: string; expiresAt: string };
}

export function imageFindings(image: ImageRow): ImageFinding[] {
  const platforms = storedPlatforms(image);
  return platforms.flatMap((platform) => {
    const evaluation = platform.evaluation as StoredEvaluation | undefined;
    const reasons = evaluation?.reasons ?? [];
    const applied = evaluation?.exceptionsApplied ?? [];
    return (platform.findings ?? []).map((finding): ImageFinding => {
      const rules = reasons.filter((reason) => reason.vulnerabilityId === finding.id && reason.purl === finding.purl).map((reason) => reason.ruleId);
      const exception = applied.find((entry) => entry.vulnerabilityId === finding.id && entry.purl === finding.purl);
      return {
        id: finding.id,
        aliases: finding.aliases ?? [],
        package: finding.package,
        packageType: finding.packageType,
        purl: finding.purl,
        installedVersion: finding.installedVersion,
        fixedVersion: finding.fixedVersion,
        severity: finding.severity,
        score: finding.cvss?.score,
        summary: finding.summary,
        layer: finding.layer,
        path: finding.path,
        platform: platforms.length > 1 ? platform.platform : undefined,
        status: rules.length > 0 ? 'denied' : exception ? 'excepted' : 'allowed',
        rules,
        ...(exception ? { exception: { id: exception.exceptionId, scope: exception.scope, expiresAt: new Date(exception.expiresAt).toISOString() } } : {}),
      };
    });
  });
}
