import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseApkDb } from './parse-apk-db.js';

const fixture = (path: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url)), 'utf8');

interface MinirootfsExpectation {
  package_count: number;
  packages: Array<{ name: string; version: string; arch: string; origin: string; license: string; commit: string; files: number }>;
}

describe('parseApkDb on official Alpine minirootfs databases', () => {
  it.each([['v3.20', 14], ['v3.18', 15], ['v3.6', 13]])('%s: every record matches expected.json exactly', (release, count) => {
    const expected = JSON.parse(fixture(`alpine-minirootfs/${release}/expected.json`)) as MinirootfsExpectation;
    const { records, warnings } = parseApkDb(fixture(`alpine-minirootfs/${release}/lib_apk_db_installed`));
    expect(warnings).toEqual([]);
    expect(records.map((r) => ({ name: r.name, version: r.version, arch: r.arch, origin: r.origin, license: r.license, commit: r.commit, files: r.files.length }))).toEqual(expected.packages);
    expect(records).toHaveLength(expected.package_count);
    expect(records).toHaveLength(count);
  });

  it('joins R: files to the F: directory above them', () => {
    const { records } = parseApkDb(fixture('alpine-minirootfs/v3.20/lib_apk_db_installed'));
    const baselayout = records.find((r) => r.name === 'alpine-baselayout');
    expect(baselayout?.files).toContain('/etc/motd');
    expect(baselayout?.files).toContain('/etc/modprobe.d/aliases.conf');
    expect(baselayout?.files).not.toContain('/etc');
    const musl = records.find((r) => r.name === 'musl');
    expect(musl?.files).toEqual(['/lib/ld-musl-x86_64.so.1', '/lib/libc.musl-x86_64.so.1']);
  });
});

describe('parseApkDb: Trivy and Syft expectations', () => {
  interface TrivyCase {
    expected_count: number;
    expected_packages: Array<{ name: string; version: string; arch: string; srcName: string; srcVersion: string }>;
  }
  it('Trivy happy path (Alpine 3.4 database, one record without a version)', () => {
    const trivy = (JSON.parse(fixture('trivy/expected.json')) as { cases: TrivyCase[] }).cases[0];
    const { records, warnings } = parseApkDb(fixture('trivy/installed'));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(records.map((r) => ({ name: r.name, version: r.version, arch: r.arch, srcName: r.origin })).sort(byName)).toEqual(
      (trivy?.expected_packages ?? []).map((p) => ({ name: p.name, version: p.version, arch: p.arch, srcName: p.srcName })).sort(byName),
    );
    expect(records).toHaveLength(trivy?.expected_count ?? -1);
    expect(warnings).toEqual([expect.stringContaining('package invalidPackageWithoutAVersion has no version')]);
  });

  interface SyftCase {
    fixture: string;
    expected_packages?: Array<{ name: string; version: string }>;
    counts_from_fixture?: { P_records: number };
  }
  // multiple-1 is not copied: multiple-2 covers a database of several records.
  const syft = (JSON.parse(fixture('syft/expected.json')) as { cases: SyftCase[] }).cases.filter((c) => !c.fixture.includes('multiple-1'));

  it.each(syft.map((c) => [c.fixture, c] as const))('Syft %s', (name, testCase) => {
    const file = name.includes('multiple-2') ? 'multiple-2' : name.replace('alpine/testdata/', '');
    const { records } = parseApkDb(fixture(`syft/${file}`));
    expect(testCase.expected_packages ?? testCase.counts_from_fixture).toBeDefined();
    if (testCase.expected_packages) expect(records.map((r) => ({ name: r.name, version: r.version }))).toEqual(testCase.expected_packages);
    if (testCase.counts_from_fixture) expect(records).toHaveLength(testCase.counts_from_fixture.P_records);
  });

  it('keeps the first of repeated scalar fields and ignores the extra fields of a = R line (Syft extra-file-attributes)', () => {
    const { records } = parseApkDb(fixture('syft/extra-file-attributes'));
    expect(records[0]).toMatchObject({ name: 'openjdk8-jre', license: 'custom', origin: 'openjdk8' });
    expect(records[0]?.files).toEqual(['/usr/lib/jvm/java-1.8-openjdk/bin/policytool']);
  });
});

describe('parseApkDb on malformed input', () => {
  it('keeps the good records of a database with a corrupt first line (Syft corrupt)', () => {
    const { records, warnings } = parseApkDb(fixture('syft/corrupt'));
    expect(records.map((r) => r.name)).toEqual(['alpine-baselayout-data']);
    expect(warnings).toEqual(['line 1: not a "K:value" line']);
  });

  it('returns nothing but warnings for text that is not a database (Syft glob-paths)', () => {
    expect(parseApkDb(fixture('syft/bogus'))).toEqual({ records: [], warnings: ['line 1: not a "K:value" line'] });
  });

  it('keeps the complete records of a truncated database', () => {
    const text = fixture('alpine-minirootfs/v3.20/lib_apk_db_installed');
    const { records } = parseApkDb(text.slice(0, Math.floor(text.length / 2)));
    expect(records.length).toBeGreaterThanOrEqual(3);
    expect(records.length).toBeLessThan(14);
    const complete = parseApkDb(text).records;
    for (const record of records) expect(complete.map((r) => `${r.name}@${r.version}`)).toContain(`${record.name}@${record.version}`);
  });

  it('keeps the first of a repeated scalar field', () => {
    expect(parseApkDb('P:x\nV:1-r0\nV:2-r0\nP:y\n').records).toEqual([{ name: 'x', version: '1-r0', files: [] }]);
  });

  it('files before any F: line are at the root; CRLF is tolerated', () => {
    const { records } = parseApkDb('P:x\r\nV:1-r0\r\nR:top\r\nF:/usr/bin/\r\nR:x\r\n');
    expect(records).toEqual([{ name: 'x', version: '1-r0', files: ['/top', '/usr/bin/x'] }]);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('P', 'V', 'F', 'R', ':', 'x', '\n', '\n\n', '/') }), (text) => {
        for (const record of parseApkDb(text).records) {
          expect(record.name).not.toBe('');
          for (const file of record.files) expect(file.startsWith('/')).toBe(true);
        }
      }),
    );
  });
});
