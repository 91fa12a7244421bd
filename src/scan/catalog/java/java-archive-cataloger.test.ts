import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../catalog-error.js';
import { catalogFile, catalogFixture, expectPackages } from '../cataloger-harness.js';
import { buildZip, jarOf } from './fixtures/zip-builder.js';
import { createJavaArchiveCataloger, javaArchiveCataloger } from './index.js';

const fixturePath = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const parse = (bytes: Buffer, path = '/app/app.jar', cataloger = javaArchiveCataloger) => cataloger.parse(catalogFile(path, bytes));

/**
 * Real jars from Maven Central (copied from a local Maven repository, whose
 * <groupId path>/<artifactId>/<version>/ layout is the truth). jcip-annotations
 * has neither pom.properties nor manifest data: its group (net.jcip) cannot be
 * known offline, so it is reported under its artifactId, as Syft does.
 */
const MAVEN_CENTRAL = [
  { file: 'animal-sniffer-annotations-1.14.jar', truth: 'org.codehaus.mojo:animal-sniffer-annotations:1.14', identifiedBy: 'pom.properties' },
  { file: 'slf4j-api-1.7.30.jar', truth: 'org.slf4j:slf4j-api:1.7.30', identifiedBy: 'pom.properties' },
  { file: 'opentest4j-1.2.0.jar', truth: 'org.opentest4j:opentest4j:1.2.0', identifiedBy: 'manifest' },
  { file: 'apiguardian-api-1.1.2.jar', truth: 'org.apiguardian:apiguardian-api:1.1.2', identifiedBy: 'manifest' },
  { file: 'reactive-streams-1.0.4.jar', truth: 'org.reactivestreams:reactive-streams:1.0.4', identifiedBy: 'manifest' },
  { file: 'javax.inject-1.jar', truth: 'javax.inject:javax.inject:1', identifiedBy: 'filename' },
  { file: 'jcip-annotations-1.0.jar', truth: 'net.jcip:jcip-annotations:1.0', reported: 'jcip-annotations:jcip-annotations:1.0', identifiedBy: 'filename' },
];

interface TrivyCase {
  case: string;
  expected_packages: Array<{ name: string; version: string }> | null;
}
const trivyCases = (JSON.parse(readFileSync(fixturePath('trivy-expected.json'), 'utf8')) as { cases: TrivyCase[] }).cases;
const trivyCase = (name: string) => trivyCases.find((c) => c.case === name)!.expected_packages!;

const pkg = (coordinates: string, path: string) => {
  const [groupId, artifactId, version] = coordinates.split(':') as [string, string, string];
  return { name: `${groupId}:${artifactId}`, version, path, type: 'java' as const, purl: `pkg:maven/${groupId}/${artifactId}@${version}` };
};

describe('java-archive cataloger on real jars', () => {
  it.each(MAVEN_CENTRAL)('$file', async ({ file, truth, reported, identifiedBy }) => {
    const result = await catalogFixture(javaArchiveCataloger, fixturePath(file), `/opt/app/lib/${file}`);
    expectPackages(result.packages, [pkg(reported ?? truth, `/opt/app/lib/${file}`)]);
    expect(result.packages[0]?.metadata).toMatchObject({ identifiedBy });
    expect(result.warnings).toBeUndefined();
  });
});

describe('java-archive cataloger on archives built from real jars and Syft/Trivy fixtures', () => {
  it('reads a war and the jars in WEB-INF/lib, located inside it', async () => {
    const result = await catalogFixture(javaArchiveCataloger, fixturePath('webapp.war'), '/srv/webapp.war');
    const lib = (name: string) => `/srv/webapp.war!/WEB-INF/lib/${name}`;
    expectPackages(result.packages, [
      pkg('com.example:web-app:1.0-SNAPSHOT', '/srv/webapp.war'),
      pkg('org.slf4j:slf4j-api:1.7.30', lib('slf4j-api-1.7.30.jar')),
      pkg('org.opentest4j:opentest4j:1.2.0', lib('opentest4j-1.2.0.jar')),
      pkg('javax.inject:javax.inject:1', lib('javax.inject-1.jar')),
    ]);
    expect(result.warnings).toBeUndefined();
  });

  it("follows jars nested three deep (Trivy's \"nested jars\" expectation)", async () => {
    const expected = trivyCase('nested jars');
    const result = await catalogFixture(javaArchiveCataloger, fixturePath('nested.jar'), '/app/nested.jar');
    expectPackages(result.packages, expected);
    expect(result.packages.map((p) => p.path).sort()).toEqual(['/app/nested.jar', '/app/nested.jar!/nested2.jar', '/app/nested.jar!/nested2.jar!/nested3.jar']);
  });

  it('reads a Spring Boot jar (BOOT-INF/lib) without reporting the application twice', async () => {
    const result = await catalogFixture(javaArchiveCataloger, fixturePath('app.jar'), '/app.jar');
    expectPackages(result.packages, [
      pkg('com.example:boot-app:0.1.0', '/app.jar'),
      pkg('org.reactivestreams:reactive-streams:1.0.4', '/app.jar!/BOOT-INF/lib/reactive-streams-1.0.4.jar'),
      pkg('org.apiguardian:apiguardian-api:1.1.2', '/app.jar!/BOOT-INF/lib/apiguardian-api-1.1.2.jar'),
    ]);
  });

  it.each([
    ['jackson-core-2.15.2.jar', 'com.fasterxml.jackson.core:jackson-core:2.15.2'],
    ['micronaut-aop-4.9.11.jar', 'io.micronaut:micronaut-aop:4.9.11'],
    ['gradle.hpi', 'org.jenkins-ci.plugins:gradle:2.11'],
  ])("identifies %s from its manifest (Syft's jar-metadata)", async (file, coordinates) => {
    const result = await catalogFixture(javaArchiveCataloger, fixturePath(file), `/plugins/${file}`);
    expectPackages(result.packages, [pkg(coordinates, `/plugins/${file}`)]);
    expect(result.packages[0]?.metadata).toMatchObject({ identifiedBy: 'manifest', groupIdFrom: 'manifest' });
  });

  it("reports every pom.properties of a fat jar, duplicates of different versions included (Trivy's \"duplicate libraries\", rebuilt)", async () => {
    const pom = (coordinates: string) => {
      const [groupId, artifactId, version] = coordinates.split(':');
      return { name: `META-INF/maven/${groupId}/${artifactId}/pom.properties`, content: `groupId=${groupId}\nartifactId=${artifactId}\nversion=${version}\n` };
    };
    const fat = jarOf('io.quarkus.gizmo:gizmo:1.1', [
      pom('log4j:log4j:1.2.16'),
      pom('com.fasterxml.jackson.core:jackson-databind:2.12.3'),
      { name: 'lib/log4j-1.2.17.jar', content: jarOf('log4j:log4j:1.2.17') },
      { name: 'lib/jackson-databind-2.13.4.jar', content: jarOf('com.fasterxml.jackson.core:jackson-databind:2.13.4') },
    ]);
    const result = await parse(fat, '/app/io.quarkus.gizmo.gizmo-1.1.jar');
    expectPackages(result.packages, trivyCase('duplicate libraries'));
    expect(result.warnings).toBeUndefined();
    const unnamed = await parse(buildZip([{ name: 'META-INF/MANIFEST.MF', content: 'Manifest-Version: 1.0\n' }]), '/usr/share/java/thing.jar');
    expect(unnamed).toEqual({ packages: [], warnings: [expect.stringMatching(/thing\.jar: no pom\.properties, no version/)] });
  });

  it('wants Java archives by extension only', () => {
    for (const path of ['/a/b.jar', '/a/b.war', '/a/b.EAR', '/jenkins/plugins/x.hpi', '/jenkins/plugins/x.jpi', '/x.nar', '/x.lpkg']) expect(javaArchiveCataloger.wants({ path, size: 100, mode: 0o644 }), path).toBe(true);
    for (const path of ['/a/b.zip', '/a/b.rar', '/a/jar', '/a/b.jar.sha1']) expect(javaArchiveCataloger.wants({ path, size: 100, mode: 0o644 }), path).toBe(false);
    expect(javaArchiveCataloger.wants({ path: '/a/empty.jar', size: 0, mode: 0o644 })).toBe(false);
  });
});

async function refusal(bytes: Buffer): Promise<CatalogError> {
  const error: unknown = await parse(bytes).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CatalogError);
  expect(error).toMatchObject({ code: 'MALFORMED' });
  return error as CatalogError;
}

describe('java-archive cataloger on zip bombs', () => {
  const MiB = 1024 * 1024;

  it('does not inflate a nested archive above the size limit (declared or actual)', async () => {
    const zeros = Buffer.alloc(32 * MiB);
    const small = createJavaArchiveCataloger({ limits: { maxNestedArchiveBytes: MiB } });
    const declared = await parse(jarOf('com.example:outer:1.0', [{ name: 'lib/bomb-1.0.jar', content: zeros }]), '/a.jar', small);
    expectPackages(declared.packages, [{ name: 'com.example:outer', version: '1.0' }]);
    expect(declared.warnings).toEqual([expect.stringMatching(/1 nested archives not opened .* e\.g\. lib\/bomb-1\.0\.jar/)]);
    const lying = await parse(jarOf('com.example:outer:1.0', [{ name: 'lib/liar-1.0.jar', content: zeros, declaredSize: 1000 }]), '/a.jar', small);
    expectPackages(lying.packages, [{ name: 'com.example:outer', version: '1.0' }]);
    expect(lying.warnings?.[0]).toMatch(/lib\/liar-1\.0\.jar: .*(too many bytes|beyond the)/);
  });

  it('skips entries declaring huge sizes without reading them', async () => {
    const result = await parse(jarOf('com.example:outer:1.0', [{ name: 'WEB-INF/lib/huge-1.0.jar', content: 'x', declaredSize: 0xfffffff0 }]));
    expectPackages(result.packages, [{ name: 'com.example:outer', version: '1.0' }]);
    expect(result.warnings?.[0]).toMatch(/nested archives not opened/);
  });

  it('stops at the total inflation budget when many records share one compressed entry (overlapping-file bomb)', async () => {
    const shared = Array.from({ length: 2000 }, (_, index) => ({ name: `lib/copy-${index}.jar`, sameDataAs: 'lib/base.jar' }));
    const bomb = buildZip([{ name: 'lib/base.jar', content: Buffer.alloc(MiB) }, ...shared]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const started = Date.now();
    const result = await parse(bomb, '/bomb.jar', createJavaArchiveCataloger({ limits: { maxTotalInflatedBytes: 16 * MiB } }));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.packages).toEqual([]);
    expect(result.warnings?.filter((warning) => /not a readable zip archive/.test(warning))).toHaveLength(16);
    expect(result.warnings?.at(-1)).toMatch(/1985 nested archives not opened/);
  });

  it('stops following archives nested deeper than the limit, and after the archive-count limit', async () => {
    let inner = jarOf('deep:level6:6');
    for (let level = 5; level >= 1; level--) inner = jarOf(`deep:level${level}:${level}`, [{ name: `lib/level${level + 1}.jar`, content: inner }]);
    const deep = await parse(inner, '/deep.jar', createJavaArchiveCataloger({ limits: { maxDepth: 3 } }));
    expect(deep.packages.map((p) => p.name)).toEqual(['deep:level1', 'deep:level2', 'deep:level3', 'deep:level4']);
    expect(deep.warnings).toEqual([expect.stringMatching(/level4\.jar: 1 archives nested deeper than 3 levels were not opened/)]);
    const wide = buildZip(Array.from({ length: 10 }, (_, index) => ({ name: `lib/w${index}.jar`, content: jarOf(`wide:w${index}:1`) })));
    const limited = await parse(wide, '/wide.jar', createJavaArchiveCataloger({ limits: { maxNestedArchives: 4 } }));
    expect(limited.packages).toHaveLength(4);
    expect(limited.warnings?.at(-1)).toMatch(/6 nested archives not opened/);
  });

  it('lists at most maxEntries entries', async () => {
    const many = buildZip([{ name: 'META-INF/maven/a/b/pom.properties', content: 'groupId=a\nartifactId=b\nversion=1\n' }, ...Array.from({ length: 50 }, (_, index) => ({ name: `c/${index}.class`, content: '' }))]);
    const result = await parse(many, '/m.jar', createJavaArchiveCataloger({ limits: { maxEntries: 10 } }));
    expectPackages(result.packages, [{ name: 'a:b', version: '1' }]);
    expect(result.warnings).toEqual([expect.stringMatching(/more than 10 entries/)]);
  });
});

describe('java-archive cataloger on corrupted archives', () => {
  it('refuses a file that is not a zip, and a truncated one (MALFORMED)', async () => {
    expect((await refusal(readFileSync(fixturePath('not-a-zip.jpi')))).message).toMatch(/not a readable zip archive/);
    const war = readFileSync(fixturePath('webapp.war'));
    await refusal(war.subarray(0, war.length - 30));
    await refusal(Buffer.alloc(0));
  });

  it('keeps going past a corrupt nested jar, a broken local header and undecodable entries', async () => {
    const outer = jarOf('com.example:outer:2.0', [
      { name: 'lib/garbage-1.0.jar', content: 'this is not a zip' },
      { name: 'lib/encrypted-1.0.jar', content: jarOf('x:encrypted:1'), flags: 1 },
      { name: 'lib/good-1.0.jar', content: jarOf('com.example:good:1.0') },
    ]);
    const result = await parse(outer);
    expectPackages(result.packages, [
      { name: 'com.example:outer', version: '2.0' },
      { name: 'com.example:good', version: '1.0' },
    ]);
    expect(result.warnings).toEqual([expect.stringMatching(/garbage-1\.0\.jar: not a readable zip archive/), expect.stringMatching(/encrypted-1\.0\.jar: encrypted/)]);
    const broken = Buffer.from(outer);
    broken.write('XXXX', broken.indexOf('lib/good-1.0.jar') - 30, 'latin1'); // the local header's signature
    const damaged = await parse(broken);
    expectPackages(damaged.packages, [{ name: 'com.example:outer', version: '2.0' }]);
    expect(damaged.warnings?.at(-1)).toMatch(/good-1\.0\.jar: .*unreadable: invalid local file header signature/);
  });

  it('answers any corruption of a real war with packages, warnings or MALFORMED — never a crash', async () => {
    const war = readFileSync(fixturePath('webapp.war'));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: war.length }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 8 }), async (cut, flips) => {
        const damaged = Buffer.from(war.subarray(0, Math.max(cut, war.length - 2000)));
        for (const [at, value] of flips) damaged[at % damaged.length] = value;
        await parse(damaged).catch((error: unknown) => expect(error).toMatchObject({ code: 'MALFORMED' }));
      }),
      { numRuns: 300 },
    );
  });
});
