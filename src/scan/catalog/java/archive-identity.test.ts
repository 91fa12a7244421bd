import { describe, expect, it } from 'vitest';
import { javaArchiveExtension, parseArchiveFileName } from './archive-file-name.js';
import { identifyArchive } from './archive-identity.js';
import { JarManifest } from './manifest.js';

describe('parseArchiveFileName', () => {
  it.each([
    ['/app/lib/slf4j-api-1.7.30.jar', 'slf4j-api', '1.7.30'],
    ['guava-31.1-jre.jar', 'guava', '31.1-jre'],
    ['log4j-1.2-api-2.17.1.jar', 'log4j-1.2-api', '2.17.1'],
    ['hadoop-shaded-guava-1.1.0-SNAPSHOT.jar', 'hadoop-shaded-guava', '1.1.0-SNAPSHOT'],
    ['io.quarkus.gizmo.gizmo-1.1.jar', 'io.quarkus.gizmo.gizmo', '1.1'],
    ['org.eclipse.jgit-7.8.0.202609011348-r.jar', 'org.eclipse.jgit', '7.8.0.202609011348-r'],
    ['netty-tcnative-boringssl-static-2.0.61.Final-linux-x86_64.jar', 'netty-tcnative-boringssl-static', '2.0.61.Final-linux-x86_64'],
    ['bcprov-jdk18on-1.78.jar', 'bcprov-jdk18on', '1.78'],
    ['jsr305-0.1~+svn49.jar', 'jsr305', '0.1~+svn49'],
    ['javax.inject-1.jar', 'javax.inject', '1'],
    ['/usr/share/java/guava.jar', 'guava', undefined],
    ['gradle.hpi', 'gradle', undefined],
    ['-1.0.jar', '-1.0', undefined],
  ])('%s → %s %s', (path, name, version) => {
    const parsed = parseArchiveFileName(path);
    expect(parsed.name).toBe(name);
    expect(parsed.version).toBe(version);
  });

  it('knows the Java archive extensions, case-insensitively', () => {
    expect(['a.jar', 'b.WAR', 'c.ear', 'd.jpi', 'e.hpi', 'f.par', 'g.sar', 'h.nar', 'i.kar', 'j.lpkg'].map(javaArchiveExtension)).not.toContain(undefined);
    expect(['a.zip', 'b.rar', 'c.tar', 'jar', '.jar', 'x.jar/'].map(javaArchiveExtension)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

const manifest = (headers: Record<string, string>) => JarManifest.parse(Object.entries(headers).map(([key, value]) => `${key}: ${value}`).join('\r\n'));

describe('identifyArchive from MANIFEST.MF and the file name', () => {
  it('uses OSGi names for the group, dropping a last segment that repeats the artifact (real Maven Central manifests)', () => {
    expect(identifyArchive('/l/apiguardian-api-1.1.2.jar', manifest({ 'Bundle-SymbolicName': 'org.apiguardian.api', 'Implementation-Title': 'apiguardian-api', 'Implementation-Version': '1.1.2' }))?.coordinates).toEqual({ groupId: 'org.apiguardian', artifactId: 'apiguardian-api', version: '1.1.2' });
    expect(identifyArchive('/l/opentest4j-1.2.0.jar', manifest({ 'Bundle-SymbolicName': 'org.opentest4j', 'Implementation-Version': '1.2.0' }))?.coordinates.groupId).toBe('org.opentest4j');
    expect(identifyArchive('/l/reactive-streams-1.0.4.jar', manifest({ 'Bundle-SymbolicName': 'reactive-streams', 'Automatic-Module-Name': 'org.reactivestreams', 'Bundle-Name': 'reactive-streams-jvm', 'Bundle-Version': '1.0.4' }))?.coordinates).toEqual({ groupId: 'org.reactivestreams', artifactId: 'reactive-streams', version: '1.0.4' });
    expect(identifyArchive('/l/jackson-databind-2.9.10.jar', manifest({ 'Bundle-SymbolicName': 'com.fasterxml.jackson.core.jackson-databind;singleton:=true' }))?.coordinates.groupId).toBe('com.fasterxml.jackson.core');
  });

  it('prefers declared groups (Jenkins Group-Id, Implementation-Vendor-Id) and the Jenkins Short-Name', () => {
    const jenkins = identifyArchive('/var/jenkins/plugins/gradle.hpi', manifest({ 'Group-Id': 'org.jenkins-ci.plugins', 'Short-Name': 'gradle', 'Plugin-Version': '2.11', 'Extension-Name': 'gradle' }));
    expect(jenkins).toEqual({ coordinates: { groupId: 'org.jenkins-ci.plugins', artifactId: 'gradle', version: '2.11' }, identifiedBy: 'manifest', groupIdFrom: 'manifest' });
    expect(identifyArchive('/l/x.jar', manifest({ 'Implementation-Vendor-Id': 'org.acme', 'Implementation-Title': 'x-core', 'Implementation-Version': '3.0' }))?.coordinates).toEqual({ groupId: 'org.acme', artifactId: 'x-core', version: '3.0' });
  });

  it('takes the artifactId from the file name rather than a display title, and the first word of dated versions', () => {
    const manifestOf = manifest({ 'Implementation-Title': 'Spring Framework', 'Implementation-Version': '2.5.6.SEC03 2011-09-08' });
    expect(identifyArchive('/l/spring-core-2.5.6.SEC03.jar', manifestOf)).toEqual({ coordinates: { groupId: 'spring-core', artifactId: 'spring-core', version: '2.5.6.SEC03' }, identifiedBy: 'filename', groupIdFrom: 'artifactId' });
    expect(identifyArchive('/l/spring-core.jar', manifestOf)).toEqual({ coordinates: { groupId: 'spring-core', artifactId: 'spring-core', version: '2.5.6.SEC03' }, identifiedBy: 'manifest', groupIdFrom: 'artifactId' });
  });

  it('falls back to the file name alone, and gives up without any version', () => {
    expect(identifyArchive('/l/jcip-annotations-1.0.jar', manifest({ 'Created-By': '1.6.0_01-b06 (Sun Microsystems Inc.)' }))).toEqual({ coordinates: { groupId: 'jcip-annotations', artifactId: 'jcip-annotations', version: '1.0' }, identifiedBy: 'filename', groupIdFrom: 'artifactId' });
    expect(identifyArchive('/l/javax.inject-1.jar', undefined)?.coordinates).toEqual({ groupId: 'javax.inject', artifactId: 'javax.inject', version: '1' });
    expect(identifyArchive('/usr/share/java/guava.jar', manifest({ 'Created-By': 'Debian' }))).toBeUndefined();
  });
});
