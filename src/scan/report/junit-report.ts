/**
 * `airlock scan --format junit`: the scan as JUnit XML for CI systems that show test
 * reports (Jenkins, GitLab, Azure DevOps). One testsuite per package type, one testcase
 * per package; a vulnerable package fails with a single <failure> listing its findings
 * (the Ant JUnit schema many importers follow allows one failure per testcase). Errors
 * that did not stop the scan are skipped testcases in a "scan-warnings" suite: visible,
 * but they do not fail the build, just as they do not stop the scan.
 */
import type { Package, PackageType } from '../catalog/package.js';
import type { Finding } from '../match/finding.js';
import { advisorySource } from './advisory-links.js';
import { higherSeverity } from '../match/severity.js';
import { compareText, sortFindings } from './finding-order.js';
import type { ScanReport } from './scan-report.js';
import { xmlStartTag, xmlText } from './xml-text.js';

interface TestCase {
  pkg: Package;
  findings: Finding[];
}

export function toJunit(report: ScanReport): string {
  const suites = groupByType(testCases(report));
  const timestamp = junitTimestamp(report.createdAt);
  const lines: string[] = [];
  let failures = 0;
  for (const [type, cases] of suites) {
    const failed = cases.filter((c) => c.findings.length > 0).length;
    failures += failed;
    lines.push(`  ${xmlStartTag('testsuite', { name: type, tests: cases.length, failures: failed, errors: 0, skipped: 0, time: 0, timestamp })}`);
    lines.push(...properties(report));
    for (const testCase of cases) lines.push(...testCaseLines(testCase));
    lines.push('  </testsuite>');
  }
  if (report.errors.length > 0) {
    const n = report.errors.length;
    lines.push(`  ${xmlStartTag('testsuite', { name: 'scan-warnings', tests: n, failures: 0, errors: 0, skipped: n, time: 0, timestamp })}`);
    report.errors.forEach((error, i) => {
      lines.push(`    ${xmlStartTag('testcase', { classname: 'scan-warnings', name: `warning ${i + 1}`, time: 0 })}`);
      lines.push(`      ${xmlStartTag('skipped', { message: error }, true)}`, '    </testcase>');
    });
    lines.push('  </testsuite>');
  }
  const tests = [...suites.values()].reduce((sum, cases) => sum + cases.length, 0) + report.errors.length;
  const root = xmlStartTag('testsuites', {
    name: `airlock scan ${report.artifact.name}`, tests, failures, errors: 0, skipped: report.errors.length, time: 0,
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', root, ...lines, '</testsuites>', ''].join('\n');
}

function testCaseLines({ pkg, findings }: TestCase): string[] {
  const attributes = { classname: pkg.type, name: `${pkg.name}@${pkg.version}`, file: pkg.path, time: 0 };
  if (findings.length === 0) return [`    ${xmlStartTag('testcase', attributes, true)}`];
  const severity = findings.map((f) => f.severity).reduce(higherSeverity, 'unknown');
  const message = `${findings.length} ${findings.length === 1 ? 'vulnerability' : 'vulnerabilities'}: ${findings.map((f) => `${f.id} (${f.severity})`).join(', ')}`;
  const details = findings.map((f) =>
    [
      `${f.id} [${f.severity.toUpperCase()}] installed ${f.installedVersion}, ${f.fixedVersion === undefined ? 'no fixed version' : `fixed in ${f.fixedVersion}`}`,
      ...(f.summary === undefined ? [] : [`  ${f.summary}`]),
      `  ${advisorySource(f.id).url}`,
    ].join('\n'),
  );
  return [`    ${xmlStartTag('testcase', attributes)}`, `      ${xmlStartTag('failure', { type: severity, message })}${xmlText(details.join('\n'))}</failure>`, '    </testcase>'];
}

function properties(report: ScanReport): string[] {
  const entries: [string, string | undefined][] = [
    ['artifact', report.artifact.name],
    ['digest', report.artifact.digest],
    ['platform', report.artifact.platform],
    ['os', report.os === undefined ? undefined : `${report.os.family} ${report.os.version}`],
  ];
  return [
    '    <properties>',
    ...entries.filter(([, v]) => v !== undefined).map(([name, value]) => `      ${xmlStartTag('property', { name, value }, true)}`),
    '    </properties>',
  ];
}

/** Packages with their findings; a finding whose package the report does not list still gets a testcase, so no failure is lost. */
function testCases(report: ScanReport): TestCase[] {
  const key = (purl: string, path: string): string => `${purl}\u0000${path}`;
  const byPackage = new Map<string, Finding[]>();
  for (const finding of sortFindings(report.vulnerabilities)) {
    const k = key(finding.purl, finding.path);
    const group = byPackage.get(k);
    if (group === undefined) byPackage.set(k, [finding]);
    else group.push(finding);
  }
  const cases = report.packages.map((pkg) => ({ pkg, findings: byPackage.get(key(pkg.purl, pkg.path)) ?? [] }));
  const listed = new Set(report.packages.map((p) => key(p.purl, p.path)));
  for (const [k, findings] of byPackage) {
    const [f] = findings;
    if (listed.has(k) || f === undefined) continue;
    cases.push({ pkg: { name: f.package, version: f.installedVersion, type: f.packageType, purl: f.purl, path: f.path, layer: f.layer }, findings });
  }
  return cases;
}

function groupByType(cases: readonly TestCase[]): Map<PackageType, TestCase[]> {
  const sorted = [...cases].sort(
    (a, b) => compareText(a.pkg.type, b.pkg.type) || compareText(a.pkg.name, b.pkg.name) || compareText(a.pkg.version, b.pkg.version) || compareText(a.pkg.path, b.pkg.path),
  );
  const suites = new Map<PackageType, TestCase[]>();
  for (const c of sorted) {
    const suite = suites.get(c.pkg.type);
    if (suite === undefined) suites.set(c.pkg.type, [c]);
    else suite.push(c);
  }
  return suites;
}

/** JUnit's timestamp is an ISO 8601 date-time without zone (the Ant schema's pattern); Airlock's are UTC. */
function junitTimestamp(createdAt: string): string | undefined {
  const date = new Date(createdAt);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 19);
}
