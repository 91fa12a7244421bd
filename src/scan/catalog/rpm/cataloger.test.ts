import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { catalogFile, expectPackages } from '../cataloger-harness.js';
import type { CatalogResult } from '../cataloger.js';
import { buildHeaderBlob } from './header-blob-harness.js';
import { parseSourceRpm, rpmCataloger, vendorNamespace } from './index.js';
import { rpmPackage } from './package.js';
import { RpmTag, RpmType } from './rpm-tags.js';

const fixture = (path: string) => {
  const bytes = readFileSync(new URL(`./fixtures/${path}`, import.meta.url));
  return path.endsWith('.gz') ? gunzipSync(bytes) : bytes;
};

/** The cataloger as the layer walk runs it: `wants` first, then `parse`. */
async function catalog(path: string, content: Buffer): Promise<CatalogResult> {
  const file = catalogFile(path, content);
  expect(rpmCataloger.wants(file)).toBe(true);
  return rpmCataloger.parse(file);
}

interface GoRpmdbPackage {
  name: string;
  version: string;
  release: string;
  arch: string;
  sourceRpm: string;
  license: string;
  vendor: string;
  epoch: number | null;
}
const goRpmdb = JSON.parse(fixture('go-rpmdb/expected.json').toString('utf8')) as { cases: Array<{ fixture: string; expected_packages?: GoRpmdbPackage[] }> };

describe('rpm cataloger on real databases', () => {
  it('SLE 15 BCI (NDB Packages.db): the full package list of go-rpmdb, exactly', async () => {
    const expected = goRpmdb.cases.find((c) => c.fixture === 'sle15-bci/Packages.db')?.expected_packages ?? [];
    expect(expected).toHaveLength(35);
    const result = await catalog('/usr/lib/sysimage/rpm/Packages.db', fixture('go-rpmdb/sle15-bci-Packages.db.gz'));
    expect(result.warnings).toBeUndefined();
    expect(result.packages).toEqual(
      expected.map((p) => {
        const source = parseSourceRpm(p.sourceRpm);
        return {
          name: p.name,
          version: `${p.version}-${p.release}`,
          type: 'rpm',
          arch: p.arch,
          source: { name: source?.name, version: `${source?.version}-${source?.release}` },
          licenses: [p.license],
          metadata: { release: p.release, vendor: p.vendor },
          purl: `pkg:rpm/suse/${encodeURIComponent(p.name)}@${p.version}-${p.release}?arch=${p.arch}`,
          path: '/usr/lib/sysimage/rpm/Packages.db',
        };
      }),
    );
    expect(result.ownedFiles).toContain('/usr/bin/bash');
    expect(result.ownedFiles).not.toContain('/usr/bin');
  });

  it('CBL-Mariner 2.0 (SQLite rpmdb.sqlite): 129 packages, curl as go-rpmdb expects, epochs kept', async () => {
    const { packages, warnings } = await catalog('/var/lib/rpm/rpmdb.sqlite', fixture('go-rpmdb/cbl-mariner-2.0-rpmdb.sqlite.gz'));
    expect(warnings).toBeUndefined();
    expect(packages).toHaveLength(129);
    expectPackages(packages.filter((p) => ['curl', 'ca-certificates-base'].includes(p.name)), [
      { name: 'curl', version: '7.76.0-6.cm2', arch: 'x86_64', source: { name: 'curl', version: '7.76.0-6.cm2' }, licenses: ['MIT'], metadata: { release: '6.cm2', vendor: 'Microsoft Corporation' } },
      {
        name: 'ca-certificates-base',
        version: '1:2.0.0-1.cm2',
        source: { name: 'ca-certificates', version: '1:2.0.0-1.cm2' },
        metadata: { epoch: 1, release: '1.cm2', vendor: 'Microsoft Corporation' },
        purl: 'pkg:rpm/mariner/ca-certificates-base@2.0.0-1.cm2?arch=noarch&epoch=1',
      },
    ]);
  });

  it('RHEL 8 libuuid (Berkeley DB Packages): go-rpmdb expectation', async () => {
    const { packages, ownedFiles } = await catalog('/var/lib/rpm/Packages', fixture('go-rpmdb/libuuid-Packages'));
    expect(packages).toEqual([
      {
        name: 'libuuid',
        version: '2.32.1-42.el8_8',
        type: 'rpm',
        arch: 'x86_64',
        source: { name: 'util-linux', version: '2.32.1-42.el8_8' },
        licenses: ['BSD'],
        metadata: { release: '42.el8_8', vendor: 'Red Hat, Inc.' },
        purl: 'pkg:rpm/redhat/libuuid@2.32.1-42.el8_8?arch=x86_64',
        path: '/var/lib/rpm/Packages',
      },
    ]);
    expect(ownedFiles).toContain('/usr/lib64/libuuid.so.1.3.0');
  });

  it('Syft\'s Berkeley DB Packages: dive 0.9.2-1 without vendor (no purl namespace)', async () => {
    const { packages, ownedFiles } = await catalog('/var/lib/rpm/Packages', fixture('syft/Packages'));
    expectPackages(packages, [{ name: 'dive', version: '0.9.2-1', arch: 'x86_64', source: { name: 'dive', version: '0.9.2-1' }, purl: 'pkg:rpm/dive@0.9.2-1?arch=x86_64' }]);
    expect(packages[0]?.metadata).toEqual({ release: '1' });
    expect(ownedFiles).toEqual(['/usr/local/bin/dive']);
  });

  it('recognises the format by content, not by file name', async () => {
    const { packages } = await catalog('/var/lib/rpm/rpmdb.sqlite', fixture('go-rpmdb/libuuid-Packages'));
    expect(packages.map((p) => p.name)).toEqual(['libuuid']);
  });
});

describe('rpm cataloger: headers it reports and skips', () => {
  it('skips gpg-pubkey pseudo-packages and reports a damaged header as a warning', async () => {
    const pubkey = buildHeaderBlob([
      { tag: RpmTag.NAME, type: RpmType.STRING, value: 'gpg-pubkey' },
      { tag: RpmTag.VERSION, type: RpmType.STRING, value: 'fd431d51' },
      { tag: RpmTag.RELEASE, type: RpmType.STRING, value: '4ae0493b' },
    ]);
    const broken = Buffer.from([0, 0, 0, 1, 0, 0, 0, 0]);
    const sqlite = (await import('better-sqlite3')).default;
    const db = new sqlite(':memory:');
    db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
    for (const blob of [pubkey, broken]) db.prepare('INSERT INTO Packages (blob) VALUES (?)').run(blob);
    const file = db.serialize();
    db.close();
    const result = await catalog('/var/lib/rpm/rpmdb.sqlite', file);
    expect(result.packages).toEqual([]);
    expect(result.warnings).toEqual([expect.stringMatching(/^header 1 skipped: header needs 24 bytes but the blob has 8$/)]);
  });
});

describe('rpm cataloger: which files and which formats', () => {
  it.each([
    ['/var/lib/rpm/Packages', true],
    ['/var/lib/rpm/Packages.db', true],
    ['/var/lib/rpm/rpmdb.sqlite', true],
    ['/usr/lib/sysimage/rpm/Packages.db', true],
    ['/usr/lib/sysimage/rpm/rpmdb.sqlite', true],
    ['/usr/share/rpm/Packages', true],
    ['/var/lib/rpm/Name', false],
    ['/var/lib/rpm/rpmdb.sqlite-wal', false],
    ['/opt/var/lib/rpm/Packages', false],
  ])('%s → %s', (path, wanted) => {
    expect(rpmCataloger.wants({ path, size: 1, mode: 0o644 })).toBe(wanted);
  });

  it('returns nothing for an empty database file', async () => {
    expect(await catalog('/var/lib/rpm/Packages', Buffer.alloc(0))).toEqual({ packages: [] });
  });

  it.each([
    ['five bytes (Syft glob-paths "bogus")', Buffer.from('bogus'), 'MALFORMED'],
    ['random bytes', Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251)), 'MALFORMED'],
    ['a Berkeley DB btree', Buffer.concat([Buffer.alloc(12), Buffer.from([0x62, 0x31, 0x05, 0x00]), Buffer.alloc(4080)]), 'UNSUPPORTED_FORMAT'],
    ['a truncated SQLite database', fixture('go-rpmdb/cbl-mariner-2.0-rpmdb.sqlite.gz').subarray(0, 50_000), 'MALFORMED'],
  ])('refuses %s with %s, naming the file', async (_name, content, code) => {
    await expect(catalog('/var/lib/rpm/Packages', content)).rejects.toMatchObject({ code, message: expect.stringMatching(/^\/var\/lib\/rpm\/Packages: /) });
  });
});

describe('rpmPackage', () => {
  const facts = { name: 'bind-libs', version: '9.16.23', release: '14.el9', arch: 'x86_64', sourceRpm: 'bind-9.16.23-14.el9.src.rpm', files: [] };

  it('writes an epoch the header has, even 0, into version, source version, purl and metadata', () => {
    expect(rpmPackage({ ...facts, epoch: 0 }).found).toMatchObject({
      version: '0:9.16.23-14.el9',
      source: { name: 'bind', version: '0:9.16.23-14.el9' },
      purl: 'pkg:rpm/bind-libs@9.16.23-14.el9?arch=x86_64&epoch=0',
      metadata: { epoch: 0, release: '14.el9' },
    });
    expect(rpmPackage({ ...facts, epoch: 32 }).found.version).toBe('32:9.16.23-14.el9');
  });

  it('falls back to the binary as its own source, with a warning, for an unparsable SOURCERPM', () => {
    const { found, warning } = rpmPackage({ ...facts, sourceRpm: 'garbage' });
    expect(found.source).toEqual({ name: 'bind-libs', version: '9.16.23-14.el9' });
    expect(warning).toBe('bind-libs: unparsable SOURCERPM "garbage"');
    expect(rpmPackage({ ...facts, sourceRpm: undefined })).toEqual({ found: expect.objectContaining({ source: { name: 'bind-libs', version: '9.16.23-14.el9' } }) });
  });
});

describe('source RPM names and vendors', () => {
  it.each([
    ['util-linux-2.32.1-42.el8_8.src.rpm', { name: 'util-linux', version: '2.32.1', release: '42.el8_8' }],
    ['gcc11-11.2.1+git610-1.3.9.src.rpm', { name: 'gcc11', version: '11.2.1+git610', release: '1.3.9' }],
    ['kernel-5.14.0-362.el9.nosrc.rpm', { name: 'kernel', version: '5.14.0', release: '362.el9' }],
    ['noversion.src.rpm', undefined],
    ['curl-7.76.0-6.cm2.x86_64.rpm', undefined],
  ])('%s', (fileName, expected) => {
    expect(parseSourceRpm(fileName)).toEqual(expected);
  });

  it.each([
    ['Red Hat, Inc.', 'redhat'],
    ['SUSE LLC <https://www.suse.com/>', 'suse'],
    ['openSUSE', 'opensuse'],
    ['CentOS', 'centos'],
    ['Fedora Project', 'fedora'],
    ['Amazon Linux', 'amazon'],
    ['Some Vendor', undefined],
    [undefined, undefined],
  ])('vendor %s → namespace %s', (vendor, namespace) => {
    expect(vendorNamespace(vendor)).toBe(namespace);
  });
});
