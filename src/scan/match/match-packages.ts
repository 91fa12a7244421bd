/**
 * Packages × advisories → findings: one finding per vulnerability per package,
 * with every alias of the vulnerability merged (CVE ↔ GHSA ↔ DSA ↔ GO-…), the
 * lowest fix, and the severity of the best CVSS vector any of them carries.
 */
import type { Package } from '../catalog/package.js';
import type { OsInfo } from '../os/os-info.js';
import { comparatorFor, semverComparator } from '../versions/index.js';
import type { AffectedEntry, VulnerabilityIndex } from '../vulndb/index.js';
import { lookupFor, isOsPackage } from './ecosystem-of.js';
import type { Finding, Severity } from './finding.js';
import { evaluateAffected } from './osv-range.js';
import { bestCvss, higherSeverity, severityOfLabel, severityOfScore } from './severity.js';

export interface MatchResult {
  findings: Finding[];
  warnings: string[];
}

export function matchPackages(packages: readonly Package[], os: OsInfo | undefined, index: VulnerabilityIndex): MatchResult {
  const available = index.ecosystems();
  const findings: Finding[] = [];
  const warnings = new Set<string>();
  for (const pkg of packages) {
    const lookup = lookupFor(pkg, os, available);
    if (!lookup) {
      if (isOsPackage(pkg.type)) warnings.add(os ? `no vulnerability data for ${os.family} ${os.version}: ${pkg.type} packages were not matched` : `operating system unknown: ${pkg.type} packages were not matched`);
      continue;
    }
    const hits: Hit[] = [];
    for (const ecosystem of lookup.ecosystems) {
      const comparator = comparatorFor(ecosystem);
      if (!comparator) {
        warnings.add(`no version ordering for ${ecosystem}; its advisories were not matched`);
        continue;
      }
      if (!comparator.isValid(lookup.version)) warnings.add(`${pkg.name} ${lookup.version}: not a valid ${ecosystem} version; compared as written`);
      for (const entry of index.lookup(ecosystem, lookup.name)) {
        const verdict = evaluateAffected(lookup.version, entry, comparator, semverComparator);
        if (verdict.affected) hits.push({ entry, fixedVersion: verdict.fixedVersion });
      }
    }
    findings.push(...mergeAliases(pkg, hits, index, lookup.ecosystems[0] as string));
  }
  return { findings: findings.sort(byIdThenPackage), warnings: [...warnings] };
}

type Hit = { entry: AffectedEntry; fixedVersion?: string };

/**
 * One finding per vulnerability. A vulnerability is a CVE when the advisories
 * name one: a DSA fixing five CVEs yields five findings, each naming the DSA; a
 * GHSA and a GO- record of the same CVE yield one. Advisories without a CVE are
 * grouped by the ids and aliases they share.
 */
function mergeAliases(pkg: Package, hits: readonly Hit[], index: VulnerabilityIndex, ecosystem: string): Finding[] {
  const byVulnerability = new Map<string, { ids: Set<string>; hits: Hit[] }>();
  const withoutCve: Array<{ ids: Set<string>; hits: Hit[] }> = [];
  for (const hit of hits) {
    const ids = idsOf(hit);
    const cves = [...ids].filter(isCve);
    for (const cve of cves) {
      const group = byVulnerability.get(cve) ?? { ids: new Set<string>(), hits: [] };
      for (const id of ids) if (!isCve(id) || id === cve) group.ids.add(id);
      group.hits.push(hit);
      byVulnerability.set(cve, group);
    }
    if (cves.length === 0) {
      const merged = { ids, hits: [hit] };
      for (const group of withoutCve.filter((candidate) => [...ids].some((id) => candidate.ids.has(id)))) {
        group.ids.forEach((id) => merged.ids.add(id));
        merged.hits.push(...group.hits);
        withoutCve.splice(withoutCve.indexOf(group), 1);
      }
      withoutCve.push(merged);
    }
  }
  return [...byVulnerability.values(), ...withoutCve].map((group) => toFinding(pkg, group.ids, group.hits, index, ecosystem));
}

function idsOf(hit: Hit): Set<string> {
  return new Set([hit.entry.advisory.id, ...hit.entry.advisory.aliases, ...hit.entry.advisory.upstream]);
}

function isCve(id: string): boolean {
  return id.startsWith('CVE-');
}

function toFinding(pkg: Package, ids: Set<string>, hits: readonly Hit[], index: VulnerabilityIndex, ecosystem: string): Finding {
  const sortedIds = [...ids].sort();
  const cve = sortedIds.find((id) => id.startsWith('CVE-'));
  const sources = [...new Set(hits.map((hit) => hit.entry.advisory.id))].sort();
  const id = cve ?? sources[0] ?? sortedIds[0] ?? 'unknown';
  // Severity may live on an aliased advisory that did not match this package (a GHSA carrying the CVSS of a DSA's CVE).
  const related = sortedIds.map((alias) => index.advisory(alias)).filter((advisory) => advisory !== undefined);
  const vectors = [...hits.flatMap((hit) => [...hit.entry.severity, ...hit.entry.advisory.severity]), ...related.flatMap((advisory) => advisory.severity)];
  const cvss = bestCvss(vectors);
  let severity: Severity = cvss ? severityOfScore(cvss) : 'unknown';
  if (!cvss) {
    const labels = [...hits.flatMap((hit) => [hit.entry.databaseSpecific?.severity, hit.entry.advisory.severityLabel]), ...related.map((advisory) => advisory.severityLabel)];
    for (const label of labels) severity = higherSeverity(severity, severityOfLabel(label) ?? 'unknown');
  }
  const comparator = comparatorFor(ecosystem);
  const fixes = hits.map((hit) => hit.fixedVersion).filter((fix): fix is string => fix !== undefined);
  const lowestFix = fixes.sort((a, b) => comparator?.compare(a, b) ?? 0)[0];
  // OSV writes Go versions without the `v` that go.mod and `go get` use.
  const fixedVersion = lowestFix && pkg.type === 'go' && !lowestFix.startsWith('v') ? `v${lowestFix}` : lowestFix;
  const summary = hits.map((hit) => hit.entry.advisory.summary).find(Boolean) ?? related.map((advisory) => advisory.summary).find(Boolean);
  return {
    id,
    aliases: sortedIds.filter((alias) => alias !== id),
    package: pkg.name,
    packageType: pkg.type,
    purl: pkg.purl,
    path: pkg.path,
    ...(pkg.layer ? { layer: pkg.layer } : {}),
    installedVersion: pkg.version,
    ...(fixedVersion ? { fixedVersion } : {}),
    severity,
    ...(cvss ? { cvss } : {}),
    source: sources.join(', '),
    ...(summary ? { summary } : {}),
  };
}

function byIdThenPackage(a: Finding, b: Finding): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0;
}
