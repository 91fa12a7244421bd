import { describe, expect, it } from 'vitest';
import { ecosystemOf, samePackageName } from './package-ecosystem.js';

describe('ecosystemOf', () => {
  it.each([
    ['npm', 'npm'],
    ['python', 'PyPI'],
    ['go', 'Go'],
    ['java', 'Maven'],
    ['cargo', 'crates.io'],
    ['gem', 'RubyGems'],
    ['dotnet', 'NuGet'],
    ['composer', 'Packagist'],
  ])('%s packages are %s, whatever the OS', (type, ecosystem) => {
    expect(ecosystemOf(type, { family: 'alpine', version: '3.20' })).toEqual({ primary: ecosystem, names: [ecosystem] });
  });

  it('takes OS package ecosystems from the OS', () => {
    expect(ecosystemOf('dpkg', { family: 'debian', version: '12' })).toEqual({ primary: 'Debian', names: ['Debian', 'debian'] });
    expect(ecosystemOf('dpkg', { family: 'ubuntu', version: '22.04' })).toEqual({ primary: 'Ubuntu', names: ['Ubuntu', 'Debian', 'ubuntu'] });
    expect(ecosystemOf('apk', { family: 'alpine', version: '3.20.3' })?.primary).toBe('Alpine');
    expect(ecosystemOf('apk', { family: 'wolfi', version: '20230201' })).toEqual({ primary: 'Alpine', names: ['Alpine', 'Wolfi', 'wolfi'] });
    expect(ecosystemOf('rpm', { family: 'rocky', version: '9.3' })).toEqual({ primary: 'Rocky Linux', names: ['Rocky Linux', 'Red Hat', 'rocky'] });
    expect(ecosystemOf('rpm', { family: 'amzn', version: '2023' })?.primary).toBe('Amazon Linux');
  });

  it('falls back to the package type\'s own distribution when the OS is unknown or unrelated', () => {
    expect(ecosystemOf('dpkg', undefined)).toEqual({ primary: 'Debian', names: ['Debian'] });
    expect(ecosystemOf('rpm', { family: 'debian', version: '12' })).toEqual({ primary: 'Red Hat', names: ['Red Hat'] });
    expect(ecosystemOf('apk', { family: 'mystery', version: '1' })?.primary).toBe('Alpine');
    expect(ecosystemOf('binary', undefined)).toBeUndefined();
  });
});

describe('samePackageName', () => {
  it('follows each ecosystem\'s case rules', () => {
    expect(samePackageName('PyPI', 'Django_REST.framework', 'django-rest-framework')).toBe(true);
    expect(samePackageName('NuGet', 'Newtonsoft.Json', 'newtonsoft.json')).toBe(true);
    expect(samePackageName('npm', 'Minimist', 'minimist')).toBe(false);
    expect(samePackageName('Maven', 'org.yaml:snakeyaml', 'org.yaml:snakeyaml')).toBe(true);
  });
});
