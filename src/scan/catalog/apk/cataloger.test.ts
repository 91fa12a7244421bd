import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogFile, catalogFixture } from '../cataloger-harness.js';
import { apkCataloger } from './index.js';

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));
const INSTALLED = '/lib/apk/db/installed';

interface MinirootfsExpectation {
  packages: Array<{ name: string; version: string; arch: string; origin: string; license: string; commit: string; files: number }>;
}

describe('apk cataloger', () => {
  it.each([['v3.20'], ['v3.18'], ['v3.6']])('Alpine %s minirootfs: packages and owned files equal expected.json', async (release) => {
    const expected = JSON.parse(readFileSync(fixture(`alpine-minirootfs/${release}/expected.json`), 'utf8')) as MinirootfsExpectation;
    const result = await catalogFixture(apkCataloger, fixture(`alpine-minirootfs/${release}/lib_apk_db_installed`), INSTALLED);
    expect(result.warnings).toBeUndefined();
    expect(result.packages).toEqual(
      expected.packages.map((p) => ({
        name: p.name,
        version: p.version,
        type: 'apk',
        arch: p.arch,
        source: { name: p.origin, version: p.version },
        licenses: [p.license],
        metadata: { commit: p.commit },
        purl: `pkg:apk/alpine/${p.name}@${p.version}?arch=${p.arch}`,
        path: INSTALLED,
      })),
    );
    expect(result.ownedFiles).toHaveLength(expected.packages.reduce((sum, p) => sum + p.files, 0));
  });

  it('owns /bin/busybox and the musl loader on 3.20', async () => {
    const { ownedFiles } = await catalogFixture(apkCataloger, fixture('alpine-minirootfs/v3.20/lib_apk_db_installed'), INSTALLED);
    expect(ownedFiles).toContain('/bin/busybox');
    expect(ownedFiles).toContain('/lib/ld-musl-x86_64.so.1');
  });

  it('wants only the installed database', () => {
    const header = (path: string) => ({ path, size: 1, mode: 0o644 });
    expect(apkCataloger.wants(header(INSTALLED))).toBe(true);
    expect(apkCataloger.wants(header('/lib/apk/db/installed.old'))).toBe(false);
    expect(apkCataloger.wants(header('/usr/lib/apk/db/installed'))).toBe(false);
    expect(apkCataloger.wants(header('/lib/apk/db/triggers'))).toBe(false);
  });

  it('warns about a record without a version and keeps the others (Trivy)', async () => {
    const result = await catalogFixture(apkCataloger, fixture('trivy/installed'), INSTALLED);
    expect(result.packages).toHaveLength(15);
    expect(result.warnings).toHaveLength(1);
  });

  it('refuses a file that is not an apk database with MALFORMED', async () => {
    await expect(apkCataloger.parse(catalogFile(INSTALLED, readFileSync(fixture('syft/bogus'))))).rejects.toMatchObject({ code: 'MALFORMED' });
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    await expect(apkCataloger.parse(catalogFile(INSTALLED, garbage))).rejects.toMatchObject({ code: 'MALFORMED' });
  });

  it('returns nothing for an empty database (a scratch image with apk-tools removed keeps an empty file)', async () => {
    expect(await apkCataloger.parse(catalogFile(INSTALLED, ''))).toEqual({ packages: [], ownedFiles: [] });
  });

  it('caps warnings', async () => {
    const { warnings } = await apkCataloger.parse(catalogFile(INSTALLED, `P:a\nV:1\n${'junk\n'.repeat(100)}`));
    expect(warnings).toHaveLength(21);
  });
});
