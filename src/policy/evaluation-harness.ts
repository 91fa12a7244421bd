/**
 * Test-only builders for policy tests: images, packages, findings, a parsed
 * policy from YAML, and a small semver-like comparator shaped like the gate's
 * compareVersions (scan's comparators are not imported: policy must not depend on scan).
 */
import { evaluatePolicy, type EvaluatePolicyOptions } from './evaluate-policy.js';
import type { Evaluation } from './evaluation.js';
import type { PolicyException } from './exception.js';
import { parsePolicyDocument, type PolicyDocument } from './policy-document.js';
import type { CompareVersions, PolicyFinding, PolicyImage, PolicyInput, PolicyPackage } from './policy-input.js';

export const NOW = Date.parse('2025-03-01T12:00:00Z');
export const DAY = 86_400_000;

/**
 * Dotted numeric versions with an optional `-prerelease` (which sorts before
 * the release), an optional `epoch:` for Debian-like ecosystems; throws for
 * an ecosystem it does not know, as a real lookup would.
 */
export const compareVersions: CompareVersions = (ecosystem, a, b) => {
  if (!['npm', 'PyPI', 'Go', 'Maven', 'crates.io', 'Debian', 'Ubuntu', 'Alpine', 'Red Hat', 'RubyGems', 'NuGet', 'Packagist'].includes(ecosystem)) {
    throw new Error(`no comparator for ecosystem ${ecosystem}`);
  }
  const parse = (version: string) => {
    const [epoch, rest] = version.includes(':') ? [Number(version.split(':')[0]), version.slice(version.indexOf(':') + 1)] : [0, version];
    const [release, pre] = rest.replace(/^v/, '').split('-', 2) as [string, string | undefined];
    return { epoch, parts: release.split('.').map((part) => Number.parseInt(part, 10) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  if (x.epoch !== y.epoch) return Math.sign(x.epoch - y.epoch);
  for (let i = 0; i < Math.max(x.parts.length, y.parts.length); i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
};

export function image(overrides: Partial<PolicyImage> = {}): PolicyImage {
  return {
    repository: 'payments/api',
    team: 'payments',
    digest: 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    created: '2025-02-20T00:00:00Z',
    labels: { 'org.opencontainers.image.source': 'https://git.example.com/payments/api' },
    annotations: {},
    ...overrides,
  };
}

export function pkg(name: string, version: string, type = 'npm', overrides: Partial<PolicyPackage> = {}): PolicyPackage {
  return { name, version, type, purl: `pkg:${type === 'python' ? 'pypi' : type}/${name}@${version}`, ...overrides };
}

export function finding(id: string, severity: PolicyFinding['severity'], overrides: Partial<PolicyFinding> = {}): PolicyFinding {
  return {
    id,
    aliases: [],
    package: 'openssl',
    packageType: 'dpkg',
    purl: 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
    installedVersion: '3.0.11-1~deb12u2',
    severity,
    ...overrides,
  };
}

export function input(overrides: Partial<PolicyInput> = {}): PolicyInput {
  return { image: image(), os: { family: 'debian', version: '12.5' }, packages: [], findings: [], ...overrides };
}

/** A policy from its rules' YAML (indented as list items under `rules:`). */
export function policy(rules: string, options: { team?: string; gracePeriod?: string; name?: string } = {}): PolicyDocument {
  const metadata = options.team ? `  name: ${options.name ?? options.team}\n  team: ${options.team}\n` : `  name: ${options.name ?? 'org'}\n`;
  const grace = options.gracePeriod ? `  gracePeriod: ${options.gracePeriod}\n` : '';
  return parsePolicyDocument(`apiVersion: airlock/v1\nkind: Policy\nmetadata:\n${metadata}spec:\n${grace}  rules:\n${rules}`);
}

/** Evaluates one org policy made of `rules` against `subject`. */
export function judge(rules: string, subject: PolicyInput, options: Partial<EvaluatePolicyOptions> = {}): Evaluation {
  return evaluatePolicy({ org: policy(rules), exceptions: [], now: NOW, compareVersions, ...options }, subject);
}

export function exception(overrides: Partial<PolicyException> = {}): PolicyException {
  return {
    id: 'ex-1',
    vulnerability: 'CVE-2024-0001',
    aliases: [],
    scope: 'org',
    reason: 'not reachable: the vulnerable parser is never called',
    expiresAt: NOW + 30 * DAY,
    createdBy: 'security-lead',
    createdAt: NOW - DAY,
    ...overrides,
  };
}
