import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../catalog-error.js';
import type { CatalogFile } from '../cataloger.js';
import { catalogFile, catalogFixture, expectPackages } from '../cataloger-harness.js';
import { createGoBinaryCataloger, goBinaryCataloger } from './index.js';
import { inlineGoBinary, pointerGoBinary } from './fixtures/synthetic-go-binary.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const fixturePath = (name: string) => new URL(name, FIXTURES).pathname;

interface Truth {
  goVersion: string;
  packages: Array<{ name: string; version: string }>;
}
const truth = (name: string) => JSON.parse(readFileSync(fixturePath(`expected/${name}.json`), 'utf8')) as Truth;

/** Main-module versions, resolved by hand from each fixture's `mod` line and build settings (see SOURCE.md). */
const MAIN_MODULES: Record<string, { name: string; version: string; from: string } | undefined> = {
  skopeo: undefined,
  cbtemulator: undefined,
  kubectl: { name: 'k8s.io/kubernetes', version: 'v0.0.0-20250515200810-4cb5f0764b8d', from: 'vcs' },
  kpt: { name: 'github.com/GoogleContainerTools/kpt', version: 'v1.0.0-beta.56', from: 'ldflags' },
  'go-app-stager': { name: 'go-app-stager', version: '(devel)', from: 'none' },
};

describe('go-binary cataloger on build info cut from real binaries', () => {
  it.each(Object.keys(MAIN_MODULES))('%s: the toolchain, every dependency and the main module', async (name) => {
    const result = await catalogFixture(goBinaryCataloger, fixturePath(`${name}.buildinfo.elf`), `/usr/local/bin/${name}`);
    const main = MAIN_MODULES[name];
    expectPackages(result.packages, [...truth(name).packages, ...(main ? [{ name: main.name, version: main.version }] : [])]);
    expect(result.warnings).toBeUndefined();
    expect(result.packages.find((p) => p.name === 'stdlib')).toMatchObject({ type: 'go', arch: 'amd64', path: `/usr/local/bin/${name}`, metadata: { goVersion: truth(name).goVersion } });
    if (main) expect(result.packages.find((p) => p.name === main.name)?.metadata).toMatchObject({ mainModule: true, versionFrom: main.from });
  });

  it('builds purls as pkg:golang/<module path>@<version>, stdlib included, no version for (devel)', async () => {
    const kpt = await catalogFixture(goBinaryCataloger, fixturePath('kpt.buildinfo.elf'), '/kpt');
    expect(kpt.packages.find((p) => p.name === 'stdlib')?.purl).toBe('pkg:golang/stdlib@v1.23.6');
    expect(kpt.packages.find((p) => p.name === 'github.com/GoogleContainerTools/kpt')?.purl).toBe('pkg:golang/github.com/GoogleContainerTools/kpt@v1.0.0-beta.56');
    const stager = await catalogFixture(goBinaryCataloger, fixturePath('go-app-stager.buildinfo.elf'), '/stager');
    expect(stager.packages.find((p) => p.name === 'go-app-stager')?.purl).toBe('pkg:golang/go-app-stager');
    expect(stager.packages.find((p) => p.name === 'gopkg.in/yaml.v2')).toMatchObject({ version: '(devel)', purl: 'pkg:golang/gopkg.in/yaml.v2', metadata: { replacedBy: './gopkg.in/yaml', replaces: 'gopkg.in/yaml.v2@v2.2.2' } });
    expect(stager.packages.find((p) => p.name === 'stdlib')).toMatchObject({ version: 'v1.22.0-20231128-RC02', purl: 'pkg:golang/stdlib@v1.22.0-20231128-RC02' });
  });
});

/** A CatalogFile over a file on disk that can only be streamed: read() fails the test. */
function streamOnly(path: string, imagePath: string): CatalogFile {
  const info = statSync(path);
  return {
    path: imagePath,
    size: info.size,
    mode: info.mode & 0o7777,
    read: () => Promise.reject(new Error('read() must not be used for Go ≥ 1.18 binaries')),
    stream: () => createReadStream(path, { highWaterMark: 256 * 1024 }),
  };
}

describe("go-binary cataloger on Debian's Go binaries (go1.19.8, streamed)", () => {
  it.each(['skopeo', 'docker-registry', 'umoci'])('/usr/bin/%s', async (name) => {
    const path = `/usr/bin/${name}`;
    if (!existsSync(path)) return;
    const file = streamOnly(path, path);
    expect(goBinaryCataloger.wants(file)).toBe(true);
    const result = await goBinaryCataloger.parse(file);
    expectPackages(result.packages, truth(name).packages);
    expect(result.packages[0]).toMatchObject({ name: 'stdlib', version: 'v1.19.8', purl: 'pkg:golang/stdlib@v1.19.8' });
  });
});

interface TrivyCase {
  case: string;
  input: string[];
  expected_packages: Array<{ name: string; version: string; relationship?: string }> | null;
}
const trivyCases = (JSON.parse(readFileSync(fixturePath('trivy-expected.json'), 'utf8')) as { cases: TrivyCase[] }).cases;
const trivy = (input: string) => trivyCases.find((c) => c.input[0] === `testdata/${input}` && c.expected_packages)!.expected_packages!;

/**
 * Trivy's Go binary fixtures are not in the shared data snapshot; these rebuild
 * their build info (same Go versions and modules) in the layouts those binaries
 * have, and check Trivy's expectations. Trivy reports an unversioned main module
 * with version "", Airlock with "(devel)" (as Syft does).
 */
const REBUILT = [
  { input: 'test.elf', binary: () => pointerGoBinary({ goVersion: 'go1.15.2', modinfo: 'path\tgithub.com/aquasecurity/test\nmod\tgithub.com/aquasecurity/test\t(devel)\t\ndep\tgithub.com/aquasecurity/go-pep440-version\tv0.0.0-20210121094942-22b2f8951d46\t\ndep\tgithub.com/aquasecurity/go-version\tv0.0.0-20210121072130-637058cfe492\t\ndep\tgolang.org/x/xerrors\tv0.0.0-20200804184101-5ec99f83aff1\t\n' }) },
  { input: 'replace.elf', binary: () => pointerGoBinary({ is64: false, littleEndian: false, goVersion: 'go1.16.4', modinfo: 'path\tgithub.com/ebati/trivy-mod-parse\nmod\tgithub.com/ebati/trivy-mod-parse\t(devel)\t\ndep\tgithub.com/davecgh/go-spew\tv1.1.1\t\ndep\tgithub.com/go-sql-driver/mysql\tv1.4.0\t\n=>\tgithub.com/go-sql-driver/mysql\tv1.5.0\t\n' }) },
  { input: 'semver-main-module-version.macho', binary: () => inlineGoBinary({ goVersion: 'go1.20.6', modinfo: 'path\tgo.etcd.io/bbolt/cmd/bbolt\nmod\tgo.etcd.io/bbolt\tv1.3.5\t\nbuild\tGOARCH=arm64\n' }) },
  { input: 'main-version-via-ldflags.elf', binary: () => inlineGoBinary({ goVersion: 'go1.22.1', modinfo: 'path\tgithub.com/aquasecurity/test\nmod\tgithub.com/aquasecurity/test\t(devel)\t\nbuild\t-ldflags="-X main.version=v1.0.0"\nbuild\tGOARCH=amd64\n' }) },
  { input: 'goexperiment', binary: () => inlineGoBinary({ goVersion: 'go1.22.1 X:boringcrypto', modinfo: 'path\tcommand-line-arguments\nbuild\tGOEXPERIMENT=boringcrypto\n' }) },
];

describe("go-binary cataloger against Trivy's expectations (build info rebuilt)", () => {
  it.each(REBUILT)('$input', async ({ input, binary }) => {
    const result = await goBinaryCataloger.parse(catalogFile(`/app/${input}`, binary(), 0o755));
    const want = trivy(input).map((p) => ({ name: p.name, version: p.relationship === 'root' && p.version === '' ? '(devel)' : p.version }));
    expectPackages(result.packages, want);
    expect(result.warnings).toBeUndefined();
  });

  it("neither wants nor reports Trivy's dummy file (45 bytes of text)", async () => {
    const file = catalogFile('/usr/bin/dummy', readFileSync(fixturePath('dummy')), 0o755);
    expect(goBinaryCataloger.wants(file)).toBe(false);
    expect(await goBinaryCataloger.parse(file)).toEqual({ packages: [] });
  });
});

describe('go-binary cataloger on damaged and hostile input', () => {
  const oldBinary = () => pointerGoBinary({ goVersion: 'go1.15.2', modinfo: 'path\tx\nmod\tx\tv1.0.0\t\n' });

  it('reports pre-1.18 build info of a file above the per-file cap as a warning', async () => {
    const bytes = oldBinary();
    const file = { ...catalogFile('/big', bytes, 0o755), read: () => Promise.reject(new CatalogError('FILE_TOO_LARGE', 'over the cap')) };
    const result = await goBinaryCataloger.parse(file);
    expect(result.packages).toEqual([]);
    expect(result.warnings?.[0]).toMatch(/needs random access.*above the per-file cap/);
    const once = { ...catalogFile('/once', bytes, 0o755), read: () => Promise.reject(new CatalogError('UNSUPPORTED_FORMAT', '/once was already read once')) };
    expect((await goBinaryCataloger.parse(once)).warnings).toEqual([expect.stringMatching(/needs random access, but \/once was already read once/)]);
  });

  it('turns pointers outside the loaded segments into a warning, or reads the toolchain alone', async () => {
    const lost = await goBinaryCataloger.parse(catalogFile('/a', pointerGoBinary({ goVersion: 'go1.15.2', modinfo: 'path\tx\n', modinfoAddressOverride: 0xdead0000n }), 0o755));
    expectPackages(lost.packages, [{ name: 'stdlib', version: 'v1.15.2' }]);
    const bytes = oldBinary();
    const header = bytes.indexOf(Buffer.from('\xff Go buildinf:', 'latin1'));
    bytes.writeBigUInt64LE(0xffffffffffff0000n, header + 16);
    const result = await goBinaryCataloger.parse(catalogFile('/b', bytes, 0o755));
    expect(result.packages).toEqual([]);
    expect(result.warnings?.[0]).toMatch(/points outside the loaded segments/);
  });

  it('refuses an ELF whose program header table lies outside the file (MALFORMED)', async () => {
    const bytes = oldBinary();
    bytes.writeBigUInt64LE(BigInt(bytes.length - 8), 32); // e_phoff
    await expect(goBinaryCataloger.parse(catalogFile('/c', bytes, 0o755))).rejects.toMatchObject({ code: 'MALFORMED' });
  });

  it('warns when the file ends inside the build info, and when module info is above the cap', async () => {
    const whole = inlineGoBinary({ goVersion: 'go1.22.1', modinfo: 'path\tx\nmod\tx\tv1.0.0\t\n' });
    const cut = await goBinaryCataloger.parse(catalogFile('/d', whole.subarray(0, whole.indexOf(Buffer.from('go1.22.1')) + 20), 0o755));
    expect(cut).toEqual({ packages: [], warnings: [expect.stringMatching(/cut off by the end of the file/)] });
    const capped = await createGoBinaryCataloger({ limits: { maxModinfoBytes: 16 } }).parse(catalogFile('/e', whole, 0o755));
    expectPackages(capped.packages, [{ name: 'stdlib', version: 'v1.22.1' }]);
    expect(capped.warnings?.[0]).toMatch(/exceeds the 16-byte cap/);
  });

  it('skips a development toolchain with a warning and reports the modules', async () => {
    const result = await goBinaryCataloger.parse(catalogFile('/f', inlineGoBinary({ goVersion: 'devel go1.23-abcdef Tue Jan 1', modinfo: 'path\tx\nmod\tx\tv1.2.3\t\n' }), 0o755));
    expectPackages(result.packages, [{ name: 'x', version: 'v1.2.3' }]);
    expect(result.warnings?.[0]).toMatch(/not a release/);
  });
});

describe('go-binary cataloger wants', () => {
  const header = (path: string, mode = 0o755, size = 4096) => ({ path, mode, size });

  it('wants executables outside documentation trees, and not scripts', () => {
    expect(goBinaryCataloger.wants(header('/usr/bin/skopeo'))).toBe(true);
    expect(goBinaryCataloger.wants(header('/app/server', 0o100))).toBe(true);
    expect(goBinaryCataloger.wants(header('/usr/lib/x86_64-linux-gnu/libc.so.6'))).toBe(true);
    expect(goBinaryCataloger.wants(header('/usr/bin/skopeo', 0o644))).toBe(false);
    expect(goBinaryCataloger.wants(header('/usr/bin/tiny', 0o755, 10))).toBe(false);
    expect(goBinaryCataloger.wants(header('/usr/share/doc/x/run'))).toBe(false);
    expect(goBinaryCataloger.wants(header('/usr/local/bin/install.sh'))).toBe(false);
    expect(goBinaryCataloger.wants(header('/opt/app/tool.py'))).toBe(false);
  });
});
