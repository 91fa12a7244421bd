/**
 * `airlock scan --format sarif`: findings as SARIF 2.1.0 for code-scanning tools
 * (GitHub, GitLab, Azure DevOps). One rule per vulnerability id, one result per
 * finding, located at the file the package was read from, relative to the image's
 * root (`ROOTPATH`), so a viewer shows "var/lib/dpkg/status" rather than a host path.
 * Errors that did not stop the scan become tool execution notifications.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../match/finding.js';
import { compareText, sortFindings } from './finding-order.js';
import type { SarifLog, SarifResult } from './sarif-log.js';
import { sarifLevel, sarifRule } from './sarif-rules.js';
import type { ScanReport } from './scan-report.js';
import { wellFormed } from './well-formed-text.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Versioned, as SARIF §3.27.17 recommends, so a later change of what is hashed gets a new key. */
export const FINGERPRINT_KEY = 'airlockVulnerabilityPackage/v1';

export function toSarif(report: ScanReport): string {
  const findings = sortFindings(report.vulnerabilities);
  const ids = [...new Set(findings.map((f) => f.id))].sort(compareText);
  const rules = ids.map((id) => sarifRule(id, findings.filter((f) => f.id === id)));
  const ruleIndex = new Map(ids.map((id, i) => [id, i]));
  const log: SarifLog = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: report.scanner.name, version: report.scanner.version, rules } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.errors.map((error) => ({ level: 'warning', message: { text: error } })),
          },
        ],
        originalUriBaseIds: { ROOTPATH: { uri: 'file:///', description: { text: `The root of the file system of ${report.artifact.name}` } } },
        results: findings.map((f) => result(f, ruleIndex.get(f.id) ?? -1)),
        columnKind: 'utf16CodeUnits',
        properties: runProperties(report),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function result(finding: Finding, ruleIndex: number): SarifResult {
  const fix = finding.fixedVersion === undefined ? 'No fixed version is available.' : `Fixed in ${finding.fixedVersion}.`;
  const summary = finding.summary === undefined ? '' : ` ${finding.summary}`;
  return {
    ruleId: finding.id,
    ruleIndex,
    level: sarifLevel(finding.severity),
    message: {
      text: `${finding.package} ${finding.installedVersion} is affected by ${finding.id} (${finding.severity}). ${fix}${summary}`,
    },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: relativeUri(finding.path), uriBaseId: 'ROOTPATH' }, region: { startLine: 1 } },
        message: { text: `${finding.path}: ${finding.package} ${finding.installedVersion}` },
      },
    ],
    // Stable per (vulnerability, package): the same finding in the next scan is recognised as the same alert.
    partialFingerprints: { [FINGERPRINT_KEY]: createHash('sha256').update(`${finding.id}\u0000${finding.purl}`, 'utf8').digest('hex') },
    properties: {
      purl: finding.purl,
      packageType: finding.packageType,
      installedVersion: finding.installedVersion,
      ...(finding.fixedVersion === undefined ? {} : { fixedVersion: finding.fixedVersion }),
      ...(finding.layer === undefined ? {} : { layer: finding.layer }),
      severity: finding.severity,
      ...(finding.cvss === undefined ? {} : { cvssVector: finding.cvss.vector, cvssScore: finding.cvss.score }),
    },
  };
}

/**
 * The path as a relative URI reference: each segment percent-encoded (spaces, `%`,
 * `#`, `?` and control characters would otherwise change its meaning or make it
 * invalid), lone surrogates replaced first because encodeURIComponent throws on them.
 */
export function relativeUri(path: string): string {
  return wellFormed(path)
    .replace(/^\/+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function runProperties(report: ScanReport): Record<string, string> {
  const { artifact, os } = report;
  return {
    artifactName: artifact.name,
    ...(artifact.digest === undefined ? {} : { artifactDigest: artifact.digest }),
    ...(artifact.platform === undefined ? {} : { platform: artifact.platform }),
    ...(os === undefined ? {} : { os: `${os.family} ${os.version}` }),
    scannedAt: report.createdAt,
  };
}
