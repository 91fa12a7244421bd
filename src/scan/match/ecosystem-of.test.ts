import { describe, expect, it } from 'vitest';
import type { Package } from '../catalog/package.js';
import { lookupFor } from './ecosystem-of.js';

const available = ['Debian:11', 'Debian:12', 'Ubuntu:22.04:LTS', 'Ubuntu:Pro:22.04:LTS', 'Alpine:v3.20', 'Red Hat:enterprise_linux:9::appstream', 'Red Hat:enterprise_linux:9::baseos', 'Rocky Linux:9', 'npm'];
const pkg = (type: Package['type'], extra: Partial<Package> = {}): Package => ({ name: 'libssl3', version: '3.0.1-1', type, purl: '', path: '/x', ...extra });

describe('lookupFor', () => {
  it('matches dpkg packages per Debian release and by source package', () => {
    expect(lookupFor(pkg('dpkg', { source: { name: 'openssl', version: '3.0.1-1' } }), { family: 'debian', version: '12.15', source: '' }, available)).toEqual({ ecosystems: ['Debian:12'], name: 'openssl', version: '3.0.1-1' });
  });

  it('finds Ubuntu’s release-qualified ecosystems, including Pro', () => {
    expect(lookupFor(pkg('dpkg'), { family: 'ubuntu', version: '22.04', source: '' }, available)?.ecosystems).toEqual(['Ubuntu:22.04:LTS', 'Ubuntu:Pro:22.04:LTS']);
  });

  it('matches apk by origin and minor release, rpm by distribution and major release', () => {
    expect(lookupFor(pkg('apk', { source: { name: 'openssl' } }), { family: 'alpine', version: '3.20.3', source: '' }, available)).toEqual({ ecosystems: ['Alpine:v3.20'], name: 'openssl', version: '3.0.1-1' });
    expect(lookupFor(pkg('rpm'), { family: 'rhel', version: '9.4', source: '' }, available)?.ecosystems).toEqual(['Red Hat:enterprise_linux:9::appstream', 'Red Hat:enterprise_linux:9::baseos']);
    expect(lookupFor(pkg('rpm'), { family: 'rocky', version: '9.3', source: '' }, available)?.ecosystems).toEqual(['Rocky Linux:9']);
  });

  it('gives nothing for OS packages without an OS or data, and language packages their ecosystem', () => {
    expect(lookupFor(pkg('dpkg'), undefined, available)).toBeUndefined();
    expect(lookupFor(pkg('dpkg'), { family: 'debian', version: '10', source: '' }, available)).toBeUndefined();
    expect(lookupFor(pkg('npm', { name: 'lodash', version: '4.17.15' }), undefined, available)).toEqual({ ecosystems: ['npm'], name: 'lodash', version: '4.17.15' });
  });
});
