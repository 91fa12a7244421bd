/** How `airlock policy apply` shows a policy's impact and `airlock policy test` a would-be verdict, for people. */
import { printObject, printTable } from '../output.js';

export interface PolicyReason {
  rule: string;
  message: string;
  vulnerability?: string;
  package?: string;
  installedVersion?: string;
  fixedVersion?: string;
}

export interface ImageImpact {
  repository: string;
  digest: string;
  team: string;
  tags: string[];
  state: string;
  becomes: string;
  revokeAt?: string;
  reasons: PolicyReason[];
}

export interface PolicyImpact {
  scope: string;
  examined: number;
  revocations: ImageImpact[];
  approvals: ImageImpact[];
  unknown: Array<{ repository: string; digest: string; team: string }>;
}

export interface PolicyTestResult {
  scope: string;
  repository: string;
  digest: string;
  tags: string[];
  state: string;
  outcome: 'pass' | 'fail' | 'unknown';
  becomes?: string;
  revokeAt?: string;
  reasons: PolicyReason[];
}

export function printImpact(impact: PolicyImpact): void {
  console.log(`impact on the ${impact.examined} decided image${impact.examined === 1 ? '' : 's'} you can see (${impact.scope}):`);
  printGroup('would be put at risk or revoked', impact.revocations);
  printGroup('would be approved', impact.approvals);
  if (impact.unknown.length > 0) console.log(`${impact.unknown.length} image(s) will be scanned again before they can be judged: ${impact.unknown.map((image) => image.repository).join(', ')}`);
  console.log('');
}

function printGroup(title: string, images: readonly ImageImpact[]): void {
  console.log(`${title}: ${images.length === 0 ? 'none' : images.length}`);
  if (images.length === 0) return;
  const rows = images.map((image) => ({
    repository: image.repository,
    tags: image.tags,
    digest: image.digest.slice(0, 19),
    state: image.state,
    becomes: image.becomes,
    revokeAt: image.revokeAt,
    reason: image.reasons[0]?.message,
  }));
  printTable(rows, ['repository', 'tags', 'digest', 'state', 'becomes', 'revokeAt', 'reason'], {});
}

export function printVerdict(result: PolicyTestResult, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  printObject(
    {
      image: `${result.repository}@${result.digest}`,
      tags: result.tags,
      state: result.state,
      verdict: result.outcome,
      ...(result.becomes && result.becomes !== result.state ? { becomes: result.becomes } : {}),
      ...(result.revokeAt ? { revokeAt: result.revokeAt } : {}),
    },
    {},
  );
  if (result.reasons.length === 0) return;
  console.log('');
  printTable(
    result.reasons.map((reason) => ({ rule: reason.rule, vulnerability: reason.vulnerability, package: reason.package, installed: reason.installedVersion, fixed: reason.fixedVersion, message: reason.message })),
    ['rule', 'vulnerability', 'package', 'installed', 'fixed', 'message'],
    {},
  );
}
