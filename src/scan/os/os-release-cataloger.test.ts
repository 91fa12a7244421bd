import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogFile, catalogFixture } from '../catalog/cataloger-harness.js';
import { chooseOs, osReleaseCataloger, type OsInfo } from './index.js';

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));

/** Every file under a fixture directory, as an image path (`/etc/os-release`). */
function imageFiles(dir: string): Array<[string, string]> {
  const walk = (at: string): string[] => (statSync(at).isDirectory() ? readdirSync(at).flatMap((name) => walk(join(at, name))) : [at]);
  return walk(dir).map((file) => [file, `/${relative(dir, file)}`]);
}

/** What the os-release cataloger finds in a fixture directory, then chooseOs over it (the scanner's path). */
async function detect(dir: string): Promise<OsInfo | undefined> {
  const found: OsInfo[] = [];
  for (const [file, imagePath] of imageFiles(fixture(dir))) {
    if (!osReleaseCataloger.wants({ path: imagePath, size: 1, mode: 0o644 })) continue;
    const { os } = await catalogFixture(osReleaseCataloger, file, imagePath);
    if (os) found.push(os);
  }
  return chooseOs(found);
}

interface SyftRelease {
  PrettyName?: string;
  ID?: string;
  VersionID?: string;
  VersionCodename?: string;
}
const syft = (JSON.parse(readFileSync(fixture('syft/expected.json'), 'utf8')) as { os_release_cases: Array<{ fixture: string; expected_release: SyftRelease }> }).os_release_cases;

describe('OS detection: Syft expectations', () => {
  // Syft finds BusyBox by scanning the /bin/busybox binary, which is not a release file; Airlock does not.
  const cases = syft.filter((c) => !c.fixture.endsWith('/busybox') && !c.fixture.endsWith('system-release-cpe'));
  it.each(cases.map((c) => [c.fixture, c.expected_release] as const))('%s', async (dir, release) => {
    const os = await detect(`syft/${dir.replace('linux/testdata/', '')}`);
    expect(os).toBeDefined();
    expect({ family: os?.family, version: os?.version, codename: os?.codename }).toEqual({ family: release.ID, version: release.VersionID ?? '', codename: release.VersionCodename });
    // Syft invents a PRETTY_NAME from the CPE vendor for centos6; Airlock reports only names a file states.
    if (!dir.endsWith('centos6')) expect(os?.name).toBe(release.PrettyName);
  });

  it.each([
    ['syft/partial-fields/missing-id', { family: 'debian', version: '8', name: 'Debian GNU/Linux' }],
    ['syft/partial-fields/unknown-id', { family: 'my-awesome-distro', version: '8', name: 'Debian GNU/Linux' }],
    ['syft/partial-fields/missing-version', { family: 'debian', version: '', name: 'Debian GNU/Linux' }],
  ])('%s falls back to ID_LIKE and accepts unknown IDs (as Grype classifies them)', async (dir, expected) => {
    expect(await detect(dir)).toEqual({ ...expected, source: '/usr/lib/os-release' });
  });

  it('reads a CRLF os-release (Syft "unprintable")', async () => {
    const { os } = await catalogFixture(osReleaseCataloger, fixture('syft/unprintable'), '/etc/os-release');
    expect(os).toEqual({ family: 'debian', version: '8', name: 'Debian GNU/Linux 8 (jessie)', source: '/etc/os-release' });
  });

  it('reads CentOS 6\'s system-release-cpe and refuses the malformed one', async () => {
    expect((await catalogFixture(osReleaseCataloger, fixture('syft/os/centos6/etc/system-release-cpe'), '/etc/system-release-cpe')).os).toEqual({ family: 'centos', version: '6', source: '/etc/system-release-cpe' });
    const bad = await catalogFixture(osReleaseCataloger, fixture('syft/bad-system-release-cpe'), '/etc/system-release-cpe');
    expect(bad).toEqual({ packages: [], warnings: ['/etc/system-release-cpe does not identify an operating system'] });
  });

  it('accepts a major-only redhat-release (Syft "bad-redhat-release" refuses it; CentOS 5 GA wrote exactly that)', async () => {
    const { os } = await catalogFixture(osReleaseCataloger, fixture('syft/bad-redhat-release'), '/etc/redhat-release');
    expect(os).toEqual({ family: 'centos', version: '5', name: 'CentOS release 5 (Final)', source: '/etc/redhat-release' });
  });
});

describe('OS detection on real images', () => {
  it.each([['v3.20'], ['v3.18'], ['v3.6']])('Alpine %s minirootfs: os-release and alpine-release agree with expected.json', async (release) => {
    const expected = (JSON.parse(readFileSync(fixture(`alpine-minirootfs/${release}/expected.json`), 'utf8')) as { os: { id: string; version_id: string } }).os;
    const fromOsRelease = (await catalogFixture(osReleaseCataloger, fixture(`alpine-minirootfs/${release}/etc_os-release`), '/etc/os-release')).os;
    const fromAlpineRelease = (await catalogFixture(osReleaseCataloger, fixture(`alpine-minirootfs/${release}/etc_alpine-release`), '/etc/alpine-release')).os;
    expect(fromOsRelease).toMatchObject({ family: expected.id, version: expected.version_id });
    expect(fromAlpineRelease).toEqual({ family: expected.id, version: expected.version_id, source: '/etc/alpine-release' });
    expect(chooseOs([fromAlpineRelease ?? { family: '', version: '', source: '' }, fromOsRelease ?? { family: '', version: '', source: '' }])?.source).toBe('/etc/os-release');
  });

  it('the debootstrap bookworm image: Debian 12 with its point release from /etc/debian_version', async () => {
    const osRelease = (await catalogFixture(osReleaseCataloger, fixture('bookworm/os-release'), '/usr/lib/os-release')).os;
    const debianVersion = (await catalogFixture(osReleaseCataloger, fixture('bookworm/debian_version'), '/etc/debian_version')).os;
    expect(osRelease).toEqual({ family: 'debian', version: '12', codename: 'bookworm', name: 'Debian GNU/Linux 12 (bookworm)', source: '/usr/lib/os-release' });
    expect(chooseOs([debianVersion ?? { family: '', version: '', source: '' }, osRelease ?? { family: '', version: '', source: '' }])).toEqual({
      family: 'debian',
      version: '12.15',
      codename: 'bookworm',
      name: 'Debian GNU/Linux 12 (bookworm)',
      source: '/usr/lib/os-release',
    });
  });
});

describe('os-release cataloger: files and malformed input', () => {
  it.each([
    ['/etc/os-release', true],
    ['/usr/lib/os-release', true],
    ['/etc/alpine-release', true],
    ['/etc/debian_version', true],
    ['/etc/redhat-release', true],
    ['/etc/system-release', true],
    ['/etc/system-release-cpe', true],
    ['/etc/lsb-release', false],
    ['/opt/etc/os-release', false],
  ])('%s → %s', (path, wanted) => {
    expect(osReleaseCataloger.wants({ path, size: 300, mode: 0o644 })).toBe(wanted);
  });

  it('does not want a huge "release file"', () => {
    expect(osReleaseCataloger.wants({ path: '/etc/os-release', size: 10 * 1024 * 1024, mode: 0o644 })).toBe(false);
  });

  it.each([
    ['an empty os-release (Syft "empty")', '/etc/os-release', ''],
    ['binary garbage', '/etc/os-release', Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256))],
    ['an ID with characters IDs cannot have', '/etc/os-release', 'ID="Debian GNU/Linux"\n'],
    ['a truncated os-release cut inside the ID', '/etc/os-release', 'NAME="Alpine Linux"\nID="alp'],
    ['a redhat-release without a version', '/etc/redhat-release', 'CentOS Stream release\n'],
    ['a debian_version with junk', '/etc/debian_version', '<html>\n'],
    ['an alpine-release with junk', '/etc/alpine-release', 'edge?\n'],
  ])('warns, without an OS, for %s', async (_name, path, content) => {
    expect(await osReleaseCataloger.parse(catalogFile(path, content))).toEqual({ packages: [], warnings: [`${path} does not identify an operating system`] });
  });

  it('drops a value cut inside its quotes but keeps the rest', async () => {
    const { os } = await osReleaseCataloger.parse(catalogFile('/etc/os-release', 'ID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Lin'));
    expect(os).toEqual({ family: 'alpine', version: '3.20.3', source: '/etc/os-release' });
  });
});
