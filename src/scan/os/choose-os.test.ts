import { describe, expect, it } from 'vitest';
import { chooseOs } from './choose-os.js';
import type { OsInfo } from './os-info.js';
import { parseOsReleaseFields } from './parse-os-release.js';
import { osFromDebianVersion, osFromRedhatRelease, osFromSystemReleaseCpe } from './parse-release-file.js';

const ubuntu: OsInfo = { family: 'ubuntu', version: '22.04', codename: 'jammy', name: 'Ubuntu 22.04.4 LTS', source: '/etc/os-release' };

describe('chooseOs', () => {
  it('returns undefined when nothing identified an OS', () => {
    expect(chooseOs([])).toBeUndefined();
    expect(chooseOs([{ family: '', version: '1', source: '/etc/os-release' }])).toBeUndefined();
  });

  it('prefers /etc/os-release over /usr/lib/os-release over the specific files, whatever the input order', () => {
    const usrLib: OsInfo = { family: 'rhel', version: '9.3', source: '/usr/lib/os-release' };
    const etc: OsInfo = { family: 'rocky', version: '9.3', source: '/etc/os-release' };
    const redhat: OsInfo = { family: 'rhel', version: '9.3', source: '/etc/redhat-release' };
    expect(chooseOs([redhat, usrLib, etc])?.source).toBe('/etc/os-release');
    expect(chooseOs([redhat, usrLib])?.source).toBe('/usr/lib/os-release');
    expect(chooseOs([{ family: 'x', version: '1', source: '/somewhere/else' }, redhat])?.source).toBe('/etc/redhat-release');
  });

  it('fills empty fields from files of the same family only', () => {
    const distroless: OsInfo = { family: 'debian', version: '', name: 'Distroless', source: '/etc/os-release' };
    expect(chooseOs([distroless, { family: 'debian', version: '10.8', source: '/etc/debian_version' }])).toEqual({ family: 'debian', version: '10.8', name: 'Distroless', source: '/etc/os-release' });
    expect(chooseOs([{ family: 'alpine', version: '', source: '/etc/os-release' }, { family: 'alpine', version: '3.20.3', source: '/etc/alpine-release' }])?.version).toBe('3.20.3');
    expect(chooseOs([{ family: 'ubuntu', version: '', source: '/etc/os-release' }, { family: 'debian', version: '12.5', source: '/etc/debian_version' }])?.version).toBe('');
  });

  it('adds Debian\'s point release only when it extends the os-release version', () => {
    const debian: OsInfo = { family: 'debian', version: '12', codename: 'bookworm', source: '/etc/os-release' };
    expect(chooseOs([debian, { family: 'debian', version: '12.15', source: '/etc/debian_version' }])?.version).toBe('12.15');
    expect(chooseOs([debian, { family: 'debian', version: '11.9', source: '/etc/debian_version' }])?.version).toBe('12');
    expect(chooseOs([debian, { family: 'debian', version: '', codename: 'trixie', source: '/etc/debian_version' }])).toEqual(debian);
  });

  it('leaves Ubuntu alone although its /etc/debian_version says bookworm/sid', () => {
    const sid = osFromDebianVersion('bookworm/sid\n', '/etc/debian_version');
    expect(sid).toEqual({ family: 'debian', version: '', codename: 'bookworm', source: '/etc/debian_version' });
    expect(chooseOs([sid ?? ubuntu, ubuntu])).toEqual(ubuntu);
  });

  it('does not change its input', () => {
    const debian: OsInfo = { family: 'debian', version: '12', source: '/etc/os-release' };
    chooseOs([debian, { family: 'debian', version: '12.15', source: '/etc/debian_version' }]);
    expect(debian.version).toBe('12');
  });
});

describe('release file parsers', () => {
  it.each([
    ['Red Hat Enterprise Linux release 9.4 (Plow)', 'rhel', '9.4'],
    ['Red Hat Enterprise Linux Server release 7.9 (Maipo)', 'rhel', '7.9'],
    ['CentOS Linux release 7.9.2009 (Core)', 'centos', '7.9.2009'],
    ['CentOS Stream release 9', 'centos', '9'],
    ['Amazon Linux release 2 (Karoo)', 'amzn', '2'],
    ['Amazon Linux release 2023.4.20240401 (Amazon Linux)', 'amzn', '2023.4.20240401'],
    ['Fedora release 40 (Forty)', 'fedora', '40'],
    ['Oracle Linux Server release 8.9', 'ol', '8.9'],
    ['Springdale Open Enterprise Linux release 9.2 (Parma)', 'springdale-open-enterprise-linux', '9.2'],
  ])('%s', (line, family, version) => {
    expect(osFromRedhatRelease(`${line}\n`, '/etc/redhat-release')).toEqual({ family, version, name: line, source: '/etc/redhat-release' });
  });

  it.each([
    ['cpe:/o:redhat:enterprise_linux:8.4:ga', 'rhel', '8.4'],
    ['cpe:2.3:o:amazon:amazon_linux:2', 'amzn', '2'],
    ['cpe:/o:centos:6:GA', undefined, undefined],
    ['not a cpe', undefined, undefined],
  ])('system-release-cpe %s', (line, family, version) => {
    const os = osFromSystemReleaseCpe(line, '/etc/system-release-cpe');
    expect(os && { family: os.family, version: os.version }).toEqual(family && { family, version });
  });

  it('unquotes os-release values with shell rules', () => {
    const fields = parseOsReleaseFields(`# comment\nA="x \\"y\\" \\$z"\nB='single $x'\nC=bare\n  D = spaced\nE=""\n`);
    expect(Object.fromEntries(fields)).toEqual({ A: 'x "y" $z', B: 'single $x', C: 'bare', E: '' });
  });
});
