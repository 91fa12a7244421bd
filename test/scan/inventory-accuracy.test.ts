/**
 * The package inventory equals the package manager's own listing on real images:
 * debootstrap'd Debian (dpkg-query -W is the truth), npm trees (package-lock is the
 * truth), and the real Alpine root filesystems (their expected.json).
 */
import { readFile } from 'node:fs/promises';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openTarget, scanImage, type ScanReport } from '../../src/scan/index.js';

const images = inject('testImagesDir');
const ALPINE = path.resolve(import.meta.dirname, '../../../shared/data/alpine-minirootfs');
let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'airlock-accuracy-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function scan(target: string): Promise<ScanReport> {
  return scanImage(await openTarget(target), { scannerVersion: 'test' });
}

async function truth(name: string): Promise<string[]> {
  return (await readFile(path.join(images, 'truth', name), 'utf8')).split('\n').filter(Boolean).sort();
}

const listing = (report: ScanReport, type: string) =>
  report.packages
    .filter((p) => p.type === type)
    .map((p) => `${p.name} ${p.version}`)
    .sort();

describe.each(['debian', 'bullseye', 'pyapp'])('the %s image', (tag) => {
  it('lists exactly what dpkg-query lists, on the OS the image says', async () => {
    const report = await scan(`oci:${images}/oci:${tag}`);
    expect(listing(report, 'dpkg')).toEqual(await truth(`${tag}.dpkg`));
    expect(report.os).toMatchObject({ family: 'debian', version: tag === 'bullseye' ? expect.stringMatching(/^11\./) : expect.stringMatching(/^12\./) });
    expect(report.packages.filter((p) => p.type === 'dpkg').every((p) => p.purl.startsWith('pkg:deb/debian/') && p.purl.includes('distro=debian-'))).toBe(true);
    expect(report.errors).toEqual([]);
  });
});

describe('packages installed by the OS package manager', () => {
  it('are not reported again by a language cataloger (Debian’s python3-yaml, -requests, -jinja2)', async () => {
    const report = await scan(`oci:${images}/oci:pyapp`);
    expect(listing(report, 'dpkg')).toEqual(expect.arrayContaining([expect.stringMatching(/^python3-yaml /), expect.stringMatching(/^python3-requests /)]));
    expect(listing(report, 'python')).toEqual([]);
  });
});

describe('the nodeapp image', () => {
  it('lists every npm package of the installed tree, once, attributed to the layer that added it', async () => {
    const report = await scan(`oci:${images}/oci:nodeapp`);
    const npm = report.packages.filter((p) => p.type === 'npm');
    const expected = await truth('nodeapp.npm');
    expect([...new Set(npm.map((p) => `${p.name} ${p.version}`))].sort()).toEqual(expected);
    expect(npm.find((p) => p.name === 'lodash')).toMatchObject({ version: '4.17.15', purl: 'pkg:npm/lodash@4.17.15', layer: report.artifact.layers[1] });
    expect(listing(report, 'dpkg')).toEqual(await truth('debian.dpkg'));
  });
});

describe.each([
  ['v3.20', '3.20.3'],
  ['v3.18', '3.18.9'],
  ['v3.6', '3.6.5'],
])('the real Alpine %s root filesystem', (release, version) => {
  it('lists exactly the installed database’s packages, with origins and licences', async () => {
    // The staged data keeps the rootfs's package database and release files (the tarballs were left out): a root filesystem directory of them.
    const root = path.join(work, `alpine-${release}`);
    await mkdir(path.join(root, 'lib/apk/db'), { recursive: true });
    await mkdir(path.join(root, 'etc'), { recursive: true });
    await copyFile(path.join(ALPINE, release, 'lib_apk_db_installed'), path.join(root, 'lib/apk/db/installed'));
    await copyFile(path.join(ALPINE, release, 'etc_os-release'), path.join(root, 'etc/os-release'));
    await copyFile(path.join(ALPINE, release, 'etc_alpine-release'), path.join(root, 'etc/alpine-release'));
    const report = await scan(root);
    const expected = JSON.parse(await readFile(path.join(ALPINE, release, 'expected.json'), 'utf8')) as { packages: Array<{ name: string; version: string; origin: string; license: string }> };
    expect(report.os).toMatchObject({ family: 'alpine', version });
    expect(listing(report, 'apk')).toEqual(expected.packages.map((p) => `${p.name} ${p.version}`).sort());
    for (const pkg of expected.packages) {
      expect(report.packages.find((p) => p.name === pkg.name)).toMatchObject({ source: { name: pkg.origin }, licenses: [pkg.license], purl: expect.stringContaining(`distro=alpine-${version}`) });
    }
  });
});
