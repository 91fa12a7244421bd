import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JarManifest } from './manifest.js';
import { coordinatesFromPomProperties, parseJavaProperties } from './pom-properties.js';

const fixture = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8');

describe('pom.properties (Syft fixtures, java.util.Properties semantics)', () => {
  it.each([
    ['small.pom.properties', { groupId: 'org.anchore', artifactId: 'example-java-app-maven', version: '0.1.0' }],
    ['extra.pom.properties', { groupId: 'org.anchore', artifactId: 'example-java-app-maven', version: '0.1.0' }],
    ['colon-delimited.pom.properties', { groupId: 'org.anchore', artifactId: 'example-java-app-maven', version: '0.1.0' }],
    ['colon-delimited-with-equals.pom.properties', { groupId: 'org.anchore', artifactId: 'example-java=app-maven', version: '0.1.0=something' }],
    ['equals-delimited-with-colons.pom.properties', { groupId: 'org.anchore', artifactId: 'example-java:app-maven', version: '0.1.0:something' }],
  ])('%s', (name, want) => {
    expect(coordinatesFromPomProperties('META-INF/maven/x/y/pom.properties', fixture(`syft-pom/${name}`))).toEqual(want);
  });

  it('reads continuations, escapes, whitespace separators and comments', () => {
    const properties = parseJavaProperties('# comment\n  ! also comment\nkey value\nlong = first \\\n    second\\\\\nesc\\=aped\\:key=\\u0041\\t\\n\\z\r\nempty\ntrailing=\\');
    expect(Object.fromEntries(properties)).toEqual({ key: 'value', long: 'first second\\', 'esc=aped:key': 'A\t\nz', empty: '', trailing: '' });
  });

  it('fills a missing groupId or artifactId from the entry path, and needs a version', () => {
    expect(coordinatesFromPomProperties('META-INF/maven/org.x/lib/pom.properties', 'version=1.0\n')).toEqual({ groupId: 'org.x', artifactId: 'lib', version: '1.0' });
    expect(coordinatesFromPomProperties('META-INF/maven/org.x/lib/pom.properties', 'groupId=org.x\nartifactId=lib\n')).toBeUndefined();
  });
});

describe('MANIFEST.MF main section (Syft fixtures)', () => {
  it('joins continuation lines', () => {
    expect(JarManifest.parse(fixture('syft-manifest/continuation')).get('Plugin-ScmUrl')).toBe('https://github.com/jenkinsci/plugin-pom/example-jenkins-plugin');
    const leading = JarManifest.parse(fixture('syft-manifest/leading-space'));
    // Lines without a colon are not headers; the indented line after them continues nothing.
    expect(leading.get('Key-keykeykey')).toBe('initialconfig:com');
    expect(leading.get('should')).toBe('parse');
  });

  it('stops at the first blank line and ignores case in header names', () => {
    const manifest = JarManifest.parse(fixture('syft-manifest/extra-empty-lines'));
    expect(manifest.get('created-by')).toBe('Apache Maven 3.6.3');
    expect(manifest.get('Name')).toBeUndefined();
    const standard = JarManifest.parse(fixture('syft-manifest/standard-info'));
    expect([standard.get('Implementation-Title'), standard.get('IMPLEMENTATION-VERSION'), standard.get('Specification-Vendor')]).toEqual(['the-impl-title', 'the-impl-version', 'the-spec-vendor']);
    expect(JarManifest.parse(fixture('syft-manifest/small')).get('Manifest-Version')).toBe('1.0');
    expect(JarManifest.parse(fixture('syft-manifest/version-with-date')).get('Implementation-Version')).toBe('1.3 2244 October 5 2005');
  });

  it('reads CRLF manifests and skips lines without a colon', () => {
    const manifest = JarManifest.parse('\r\nManifest-Version: 1.0\r\nnonsense\r\n continued?\r\nA: b\r\n');
    expect([manifest.get('Manifest-Version'), manifest.get('A'), manifest.get('nonsense')]).toEqual(['1.0', 'b', undefined]);
  });
});
