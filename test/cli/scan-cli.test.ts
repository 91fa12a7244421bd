/**
 * `airlock scan` as CI pipelines run it, offline: `airlock db update --source <dir>`,
 * then a scan of an OCI layout with no server anywhere; every format, the
 * filters and the exit code.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ScanReport } from '../../src/scan/index.js';
import { runCli } from '../helpers/run-cli.js';

const OSV = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories');
const nodeapp = `oci:${path.join(inject('testImagesDir'), 'oci')}:nodeapp`;
let dataDir: string;
const scan = (args: string[]) => runCli(['scan', ...args], { AIRLOCK_DATA_DIR: dataDir });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'airlock-scan-cli-'));
  const update = await runCli(['db', 'update', '--no-progress', '--source', path.join(OSV, 'ghsa-npm-maven-rubygems/advisories'), '--source', path.join(OSV, 'go-vulndb/osv')], { AIRLOCK_DATA_DIR: dataDir });
  expect(update.code).toBe(0);
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('airlock scan', () => {
  it('writes the documented JSON report to --output', async () => {
    const output = path.join(dataDir, 'report.json');
    const result = await scan([nodeapp, '--format', 'json', '--output', output]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const report = JSON.parse(await readFile(output, 'utf8')) as ScanReport;
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['artifact', 'os', 'packages', 'vulnerabilities', 'errors']));
    expect(report.artifact).toMatchObject({ name: nodeapp, digest: expect.stringMatching(/^sha256:/), layers: [expect.any(String), expect.any(String)] });
    expect(report.os).toMatchObject({ family: 'debian', codename: 'bookworm' });
    const lodash = report.packages.find((p) => p.name === 'lodash');
    expect(lodash).toMatchObject({ name: 'lodash', version: '4.17.15', type: 'npm', purl: 'pkg:npm/lodash@4.17.15', layer: report.artifact.layers[1], path: expect.stringContaining('/app/') });
    const libc = report.packages.find((p) => p.name === 'libc6');
    expect(libc).toMatchObject({ type: 'dpkg', source: { name: 'glibc' }, layer: report.artifact.layers[0] });
    const minimist = report.vulnerabilities.find((v) => v.id === 'CVE-2021-44906');
    expect(minimist).toMatchObject({ aliases: ['GHSA-xvch-5gv4-984h'], package: 'minimist', installedVersion: '1.2.0', fixedVersion: '1.2.6', severity: 'critical', cvss: { score: 9.8 }, source: 'GHSA-xvch-5gv4-984h', layer: report.artifact.layers[1] });
  });

  it('filters by severity and fixability, and fails the build with --exit-code when findings remain', async () => {
    const critical = await scan([nodeapp, '--format', 'json', '--severity', 'critical', '--exit-code', '3']);
    expect(critical.code).toBe(3);
    const report = JSON.parse(critical.stdout) as ScanReport;
    expect(report.vulnerabilities.length).toBeGreaterThan(0);
    expect(report.vulnerabilities.every((v) => v.severity === 'critical')).toBe(true);
    const none = await scan([nodeapp, '--format', 'json', '--severity', 'low', '--ignore-unfixed', '--exit-code', '3']);
    const lows = (JSON.parse(none.stdout) as ScanReport).vulnerabilities;
    expect(lows.every((v) => v.severity === 'low' && v.fixedVersion !== undefined)).toBe(true);
    expect(none.code).toBe(lows.length > 0 ? 3 : 0);
  });

  it.each([
    ['table', (out: string) => expect(out).toMatch(/CVE-2021-44906/)],
    ['sarif', (out: string) => expect(JSON.parse(out)).toMatchObject({ version: '2.1.0' })],
    ['cyclonedx', (out: string) => expect(JSON.parse(out)).toMatchObject({ bomFormat: 'CycloneDX' })],
    ['spdx', (out: string) => expect(JSON.parse(out)).toMatchObject({ spdxVersion: 'SPDX-2.3' })],
    ['junit', (out: string) => expect(out).toMatch(/^<\?xml[^>]*>\s*<testsuites/)],
    ['html', (out: string) => expect(out).toMatch(/^<!DOCTYPE html>/)],
  ])('renders --format %s', async (format, check) => {
    const result = await scan([nodeapp, '--format', format, '--no-progress']);
    expect(result.code).toBe(0);
    check(result.stdout);
  });

  it('gives the same report for the same image and data', async () => {
    const first = await scan([nodeapp, '--format', 'json']);
    const second = await scan([nodeapp, '--format', 'json']);
    const strip = (out: string) => ({ ...(JSON.parse(out) as ScanReport), createdAt: '' });
    expect(strip(second.stdout)).toEqual(strip(first.stdout));
  });

  it('explains bad targets, formats and flags', async () => {
    const missing = await scan(['oci:/no/such/layout:x']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('does not exist');
    const format = await scan([nodeapp, '--format', 'xml']);
    expect(format.code).toBe(1);
    expect(format.stderr).toContain('valid formats: table, json, sarif, cyclonedx, spdx, junit, html');
    const severity = await scan([nodeapp, '--severity', 'urgent']);
    expect(severity.code).toBe(2);
    expect(severity.stderr).toContain('--severity: unknown urgent');
  });

  it('says when the vulnerability database is empty, and still lists packages', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'airlock-scan-empty-'));
    const result = await runCli(['scan', nodeapp, '--format', 'json'], { AIRLOCK_DATA_DIR: empty });
    await rm(empty, { recursive: true, force: true });
    const report = JSON.parse(result.stdout) as ScanReport;
    expect(report.packages.length).toBeGreaterThan(100);
    expect(report.vulnerabilities).toEqual([]);
    expect(report.errors).toContain('the vulnerability database is empty: run `airlock db update` to match vulnerabilities');
  });
});
