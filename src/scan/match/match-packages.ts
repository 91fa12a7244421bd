/**
 * Packages × advisories → findings: one finding per vulnerability per package,
 * with every alias of the vulnerability merged (CVE ↔ GHSA ↔ DSA ↔ GO-…), the
 * lowest fix, and the severity of the best CVSS vector any of them carries.
 */
import type { Package } from '../catalog/package.js';
import type { OsInfo } from '../os/os-info.js';
import { comparatorFor, semverComparator } from '../versions/index.js';
import type { AffectedEntry, VulnerabilityIndex } from '../vulndb/index.js';
import { lookupFor, isOsPackage, type Lookup } from './ecosystem-of.js';
import type { CvssScore, Finding, Severity } from './finding.js';
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
    const matched = matchLookup(index, lookup);
    for (const { ecosystem, problem } of matched.problems) {
      warnings.add(problem === 'unordered' ? `no version ordering for ${ecosystem}; its advisories were not matched` : `${pkg.name} ${lookup.version}: not a valid ${ecosystem} version; compared as written`);
    }
    for (const vulnerability of matched.vulnerabilities) findings.push(findingFor(pkg, vulnerability));
  }
  return { findings: findings.sort(byIdThenPackage), warnings: [...warnings] };
}

type Hit = { entry: AffectedEntry; fixedVersion?: string };

/** A finding without the package: what one looked-up (ecosystems, name, version) meets. */
interface Vulnerability {
  id: string;
  aliases: string[];
  /** The lowest fix as the advisories write it. */
  fixedVersion?: string;
  severity: Severity;
  cvss?: CvssScore;
  source: string;
  summary?: string;
}

interface LookupMatch {
  /** Ecosystems whose advisories could not be compared (no ordering), or compared a version they consider invalid. */
  problems: Array<{ ecosystem: string; problem: 'unordered' | 'invalid' }>;
  vulnerabilities: Vulnerability[];
}

/**
 * What one lookup meets, remembered per index: an index never changes, and
 * re-deciding a fleet after a database update matches the same package
 * versions in thousands of images (version parsing and CVSS scoring are most
 * of matching's cost). Dropped with the index; cleared when large.
 */
const lookups = new WeakMap<VulnerabilityIndex, Map<string, LookupMatch>>();
const MAX_LOOKUPS = 500_000;

function matchLookup(index: VulnerabilityIndex, lookup: Lookup): LookupMatch {
  let cache = lookups.get(index);
  if (!cache) lookups.set(index, (cache = new Map()));
  const key = `${lookup.ecosystems.join('\u0001')}\0${lookup.name}\0${lookup.version}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const hits: Hit[] = [];
  const problems: LookupMatch['problems'] = [];
  for (const ecosystem of lookup.ecosystems) {
    const comparator = comparatorFor(ecosystem);
    if (!comparator) {
      problems.push({ ecosystem, problem: 'unordered' });
      continue;
    }
    if (!comparator.isValid(lookup.version)) problems.push({ ecosystem, problem: 'invalid' });
    for (const entry of index.lookup(ecosystem, lookup.name)) {
      const verdict = evaluateAffected(lookup.version, entry, comparator, semverComparator);
      if (verdict.affected) hits.push({ entry, fixedVersion: verdict.fixedVersion });
    }
  }
  const match = { problems, vulnerabilities: mergeAliases(hits, index, lookup.ecosystems[0] as string) };
  if (cache.size >= MAX_LOOKUPS) cache.clear();
  cache.set(key, match);
  return match;
}

function findingFor(pkg: Package, vulnerability: Vulnerability): Finding {
  const { id, aliases, fixedVersion: lowestFix, severity, cvss, source, summary } = vulnerability;
  // OSV writes Go versions without the `v` that go.mod and `go get` use.
  const fixedVersion = lowestFix && pkg.type === 'go' && !lowestFix.startsWith('v') ? `v${lowestFix}` : lowestFix;
  return {
    id,
    aliases: [...aliases],
    package: pkg.name,
    packageType: pkg.type,
    purl: pkg.purl,
    path: pkg.path,
    ...(pkg.layer ? { layer: pkg.layer } : {}),
    installedVersion: pkg.version,
    ...(fixedVersion ? { fixedVersion } : {}),
    severity,
    ...(cvss ? { cvss: { ...cvss } } : {}),
    source,
    ...(summary ? { summary } : {}),
  };
}

/**
 * One finding per vulnerability. A vulnerability is a CVE when the advisories
 * name one: a DSA fixing five CVEs yields five findings, each naming the DSA; a
 * GHSA and a GO- record of the same CVE yield one. Advisories without a CVE are
 * grouped by the ids and aliases they share.
 */
function mergeAliases(hits: readonly Hit[], index: VulnerabilityIndex, ecosystem: string): Vulnerability[] {
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
  return [...byVulnerability.values(), ...withoutCve].map((group) => toVulnerability(group.ids, group.hits, index, ecosystem));
}

function idsOf(hit: Hit): Set<string> {
  return new Set([hit.entry.advisory.id, ...hit.entry.advisory.aliases, ...hit.entry.advisory.upstream]);
}

function isCve(id: string): boolean {
  return id.startsWith('CVE-');
}

function toVulnerability(ids: Set<string>, hits: readonly Hit[], index: VulnerabilityIndex, ecosystem: string): Vulnerability {
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
  const fixedVersion = fixes.sort((a, b) => comparator?.compare(a, b) ?? 0)[0];
  const summary = hits.map((hit) => hit.entry.advisory.summary).find(Boolean) ?? related.map((advisory) => advisory.summary).find(Boolean);
  return {
    id,
    aliases: sortedIds.filter((alias) => alias !== id),
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
