import { describe, expect, it } from 'vitest';
import type { Finding, Package } from '../../scan/index.js';
import type { PlatformFacts } from '../judge-image.js';
import { imageScanReport } from './image-report.js';

const pkg = (name: string, layer: string): Package => ({ name, version: '1.0.0', type: 'npm', purl: `pkg:npm/${name}@1.0.0`, path: `/app/node_modules/${name}/package.json`, layer });
const finding = (id: string, name: string): Finding => ({ id, aliases: [], package: name, packageType: 'npm', purl: `pkg:npm/${name}@1.0.0`, path: `/app/node_modules/${name}/package.json`, installedVersion: '1.0.0', fixedVersion: '1.0.1', severity: 'critical', source: 'ghsa' });
const facts = (platform: string, packages: Package[], findings: Finding[]): PlatformFacts => ({ digest: `sha256:${platform}`, platform, packages, findings, incompleteLayers: [], config: undefined, layers: ['sha256:base', `sha256:${platform}`], errors: ['odd file'] });

describe('imageScanReport', () => {
  it('merges the platforms of an index into one report, listing shared layers, packages and findings once', () => {
    const shared = pkg('minimist', 'sha256:base');
    const report = imageScanReport({
      repository: 'quarantine/acme/app',
      digest: 'sha256:abc',
      facts: [facts('linux/amd64', [shared, pkg('a', 'sha256:linux/amd64')], [finding('CVE-1', 'minimist')]), facts('linux/arm64', [shared], [finding('CVE-1', 'minimist')])],
      createdAt: '2025-01-01T00:00:00.000Z',
      scannerVersion: 'test',
    });
    expect(report.artifact).toEqual({ name: 'quarantine/acme/app@sha256:abc', digest: 'sha256:abc', layers: ['sha256:base', 'sha256:linux/amd64', 'sha256:linux/arm64'], platform: 'linux/amd64, linux/arm64' });
    expect(report.packages.map((p) => p.name)).toEqual(['minimist', 'a']);
    expect(report.vulnerabilities).toHaveLength(1);
    expect(report.errors).toEqual(['linux/amd64: odd file', 'linux/arm64: odd file']);
    expect(report.os).toBeUndefined();
  });

  it('keeps the OS and platform of a single-platform image, and its errors unprefixed', () => {
    const single: PlatformFacts = { ...facts('linux/amd64', [], []), os: { family: 'debian', version: '12', source: '/etc/os-release' } };
    const report = imageScanReport({ repository: 'quarantine/acme/app', digest: 'sha256:abc', facts: [single], createdAt: '2025-01-01T00:00:00.000Z', scannerVersion: 'test', vulnerabilityDb: { advisories: 3 } });
    expect(report).toMatchObject({ os: { family: 'debian', version: '12' }, artifact: { platform: 'linux/amd64' }, errors: ['odd file'], scanner: { vulnerabilityDb: { advisories: 3 } } });
  });
});
