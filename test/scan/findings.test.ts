/**
 * Findings on real images against real advisories (the staged OSV data):
 * npm (GHSA), Go (golang/vulndb), Alpine (secdb), Debian (DSA/DLA), including
 * the backport rule: a Debian package already at the fixed version is not reported.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { VulnerabilityDatabase, openTarget, scanImage, type Finding, type ScanReport, type VulnerabilityIndex } from '../../src/scan/index.js';

const OSV = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories');
const ALPINE = path.resolve(import.meta.dirname, '../../../shared/data/alpine-minirootfs');
const images = inject('testImagesDir');
let work: string;
let database: DatabaseHandle;
let index: VulnerabilityIndex;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'airlock-findings-'));
  database = await openDatabase(path.join(work, 'airlock.db'));
  const vulnerabilities = new VulnerabilityDatabase(database.db);
  await vulnerabilities.update({ sources: ['ghsa-npm-maven-rubygems/advisories', 'go-vulndb/osv', 'debian-dsa-dla/osv', 'alpine-secdb/osv'].map((s) => path.join(OSV, s)) });
  index = await vulnerabilities.loadIndex();
});
afterAll(async () => {
  await database.close();
  await rm(work, { recursive: true, force: true });
});

const scan = async (target: string): Promise<ScanReport> => scanImage(await openTarget(target), { scannerVersion: 'test', index });
const find = (report: ScanReport, id: string, pkg: string): Finding | undefined => report.vulnerabilities.find((v) => v.id === id && v.package === pkg);

describe('npm (GitHub advisories)', () => {
  it('finds the known vulnerabilities of lodash 4.17.15, minimist 1.2.0, axios 0.21.0 and the express tree, with fixes and CVSS', async () => {
    const report = await scan(`oci:${images}/oci:nodeapp`);
    expect(find(report, 'CVE-2021-44906', 'minimist')).toMatchObject({
      aliases: ['GHSA-xvch-5gv4-984h'],
      installedVersion: '1.2.0',
      fixedVersion: '1.2.6',
      severity: 'critical',
      cvss: { version: '3.1', score: 9.8 },
      source: 'GHSA-xvch-5gv4-984h',
      purl: 'pkg:npm/minimist@1.2.0',
      path: expect.stringMatching(/\/app\/.*minimist/),
      layer: report.artifact.layers[1],
    });
    expect(find(report, 'CVE-2020-8203', 'lodash')).toMatchObject({ fixedVersion: '4.17.20', severity: 'high' });
    expect(find(report, 'CVE-2021-23337', 'lodash')).toMatchObject({ fixedVersion: '4.17.21', severity: 'high' });
    expect(find(report, 'CVE-2020-28168', 'axios')).toMatchObject({ fixedVersion: '0.21.1', severity: 'medium' });
    expect(find(report, 'CVE-2024-45590', 'body-parser')).toMatchObject({ fixedVersion: '1.20.3', cvss: { version: '4.0' } });
    // Rated only by GitHub ("MODERATE"), no vector:
    expect(find(report, 'CVE-2022-23539', 'jsonwebtoken')?.severity).not.toBe('unknown');
    // One finding per vulnerability per package, even with lockfile and node_modules both present.
    const keys = report.vulnerabilities.map((v) => `${v.id} ${v.package}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('an image without an operating system (scratch)', () => {
  it('still finds and matches its language packages, and says nothing about an OS it does not have', async () => {
    const root = path.join(work, 'scratch');
    await mkdir(path.join(root, 'app/node_modules/minimist'), { recursive: true });
    await copyFile(path.join(images, 'app/node_modules/minimist/package.json'), path.join(root, 'app/node_modules/minimist/package.json'));
    const report = await scan(root);
    expect(report.os).toBeUndefined();
    expect(report.packages.map((p) => `${p.type} ${p.name} ${p.version}`)).toEqual(['npm minimist 1.2.0']);
    expect(find(report, 'CVE-2021-44906', 'minimist')?.fixedVersion).toBe('1.2.6');
    expect(report.errors).toEqual([]);
  });

  it('reports OS packages it cannot match when the OS is unknown', async () => {
    const root = path.join(work, 'no-os-release');
    await mkdir(path.join(root, 'var/lib/dpkg'), { recursive: true });
    await copyFile(path.join(images, 'rootfs-bullseye/var/lib/dpkg/status'), path.join(root, 'var/lib/dpkg/status'));
    const report = await scan(root);
    expect(report.os).toBeUndefined();
    expect(report.packages.length).toBeGreaterThan(50);
    expect(report.errors).toContain('operating system unknown: dpkg packages were not matched');
  });
});

describe('Go binaries (golang/vulndb)', () => {
  it('matches the Go toolchain the binaries were built with as stdlib', async () => {
    const report = await scan(`oci:${images}/oci:goapp`);
    const stdlib = report.vulnerabilities.filter((v) => v.package === 'stdlib' && v.path === '/usr/bin/docker-registry');
    expect(stdlib.length).toBeGreaterThan(10);
    expect(find(report, 'CVE-2023-24539', 'stdlib')).toMatchObject({ aliases: ['GO-2023-1751'], installedVersion: 'v1.19.8', fixedVersion: 'v1.19.9', purl: 'pkg:golang/stdlib@v1.19.8' });
  });
});

describe('Alpine (secdb)', () => {
  it('matches apk packages by origin: nothing for the final 3.6.5 packages, the secdb fixes for a held-back busybox', async () => {
    const current = await scan(await alpineRoot('v3.6'));
    expect(current.errors).toEqual([]);
    expect(current.vulnerabilities).toEqual([]);
    // busybox held back at 1.26.2-r8, before the 1.26.2-r9 that secdb records as fixing CVE-2017-15873 and CVE-2017-16544.
    const heldBack = await scan(await alpineRoot('v3.6', (db) => db.replace(/(P:busybox\nV:)1\.26\.2-r11/, '$11.26.2-r8')));
    expect(heldBack.vulnerabilities.map((v) => [v.id, v.package, v.installedVersion, v.fixedVersion, v.source])).toEqual([
      ['CVE-2017-15873', 'busybox', '1.26.2-r8', '1.26.2-r9', 'ALPINE-CVE-2017-15873'],
      ['CVE-2017-16544', 'busybox', '1.26.2-r8', '1.26.2-r9', 'ALPINE-CVE-2017-16544'],
    ]);
    const recent = await scan(await alpineRoot('v3.20'));
    expect(recent.vulnerabilities).toEqual([]);
    expect(recent.errors).toContain('no vulnerability data for alpine 3.20.3: apk packages were not matched');
  });
});

describe('Debian (DSA/DLA)', () => {
  it('reports nothing for bullseye 11.11: every package is at or past the version the advisories fixed (backports included)', async () => {
    const report = await scan(`oci:${images}/oci:bullseye`);
    expect(report.os).toMatchObject({ family: 'debian', version: expect.stringMatching(/^11\./) });
    const openssl = report.packages.find((p) => p.name === 'libssl1.1');
    expect(openssl?.source?.name).toBe('openssl');
    expect(report.vulnerabilities).toEqual([]);
  });

  it('reports the DSA that fixed a package the image has not updated, by its source package', async () => {
    // The bullseye image's own OS files and dpkg status, with libssl1.1 held back at 1.1.1n-0+deb11u3:
    // the version bullseye shipped before DSA-5343-1 (CVE-2023-0286 and others) fixed it in 1.1.1n-0+deb11u4.
    const root = path.join(work, 'bullseye-held-back');
    await mkdir(path.join(root, 'etc'), { recursive: true });
    await mkdir(path.join(root, 'var/lib/dpkg'), { recursive: true });
    await copyFile(path.join(images, 'rootfs-bullseye/etc/os-release'), path.join(root, 'etc/os-release'));
    const status = await readFile(path.join(images, 'rootfs-bullseye/var/lib/dpkg/status'), 'utf8');
    const heldBack = status.replace(/(Package: libssl1\.1\n(?:[^\n]+\n)*?Version: )[^\n]+/, '$11.1.1n-0+deb11u3');
    expect(heldBack).not.toBe(status);
    await writeFile(path.join(root, 'var/lib/dpkg/status'), heldBack);
    const report = await scan(root);
    const finding = find(report, 'CVE-2023-0286', 'libssl1.1');
    expect(finding).toMatchObject({ installedVersion: '1.1.1n-0+deb11u3', fixedVersion: '1.1.1n-0+deb11u4', packageType: 'dpkg' });
    expect(finding?.source).toContain('DSA-5343-1');
    expect(finding?.aliases).toContain('DSA-5343-1');
    // DSA-5343-1 fixed five CVEs: five findings, each naming it.
    expect(report.vulnerabilities.filter((v) => v.source.includes('DSA-5343-1')).map((v) => v.id)).toEqual(['CVE-2022-2097', 'CVE-2022-4304', 'CVE-2022-4450', 'CVE-2023-0215', 'CVE-2023-0286']);
  });
});

let roots = 0;
async function alpineRoot(release: string, edit: (installed: string) => string = (installed) => installed): Promise<string> {
  const root = path.join(work, `alpine-${release}-${roots++}`);
  await mkdir(path.join(root, 'lib/apk/db'), { recursive: true });
  await mkdir(path.join(root, 'etc'), { recursive: true });
  const installed = await readFile(path.join(ALPINE, release, 'lib_apk_db_installed'), 'utf8');
  await writeFile(path.join(root, 'lib/apk/db/installed'), edit(installed));
  await copyFile(path.join(ALPINE, release, 'etc_os-release'), path.join(root, 'etc/os-release'));
  return root;
}
