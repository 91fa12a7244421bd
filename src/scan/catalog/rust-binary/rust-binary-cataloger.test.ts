import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../catalog-error.js';
import { catalogFile, catalogFixture, expectPackages } from '../cataloger-harness.js';
import { buildElf } from '../elf/fixtures/elf-builder.js';
import { createRustBinaryCataloger, rustBinaryCataloger } from './index.js';

const fixturePath = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const auditJson = JSON.parse(readFileSync(fixturePath('hello-world.dep-v0.json'), 'utf8')) as { packages: Array<{ name: string; version: string; kind?: string; root?: boolean }> };

/** An ELF with `.dep-v0` holding `section` (zlib data as cargo auditable writes it). */
function auditableElf(section: Buffer, layout: { is64?: boolean; littleEndian?: boolean } = {}): Buffer {
  return buildElf({ ...layout, sections: [{ name: '.text', data: Buffer.alloc(64, 0xc3) }, { name: '.dep-v0', data: section }] }).bytes;
}
const zjson = (value: unknown) => deflateSync(Buffer.from(JSON.stringify(value)));
const parse = (bytes: Buffer, path = '/usr/local/bin/app') => rustBinaryCataloger.parse(catalogFile(path, bytes, 0o755));

describe('rust-binary cataloger on cargo-auditable data', () => {
  it('reports every crate of the embedded tree from a rustc-built executable (fixture JSON is the truth)', async () => {
    const result = await catalogFixture(rustBinaryCataloger, fixturePath('hello_world.auditable'), '/usr/local/bin/hello_world');
    expectPackages(
      result.packages,
      auditJson.packages.map((p) => ({ name: p.name, version: p.version, type: 'cargo' as const, path: '/usr/local/bin/hello_world', purl: `pkg:cargo/${p.name}@${p.version}` })),
    );
    expect(result.warnings).toBeUndefined();
    const byName = new Map(result.packages.map((p) => [p.name, p]));
    expect(byName.get('hello_world')?.metadata).toEqual({ source: 'local', kind: 'runtime', root: true, auditFormat: 1 });
    expect(byName.get('argh')?.metadata).toEqual({ source: 'crates.io', kind: 'runtime', root: false, auditFormat: 1 });
    expect(result.packages.filter((p) => p.metadata?.kind === 'build').map((p) => p.name).sort()).toEqual(auditJson.packages.filter((p) => p.kind === 'build').map((p) => p.name).sort());
  });

  it('reads the section from a 32-bit object and from a big-endian 64-bit ELF', async () => {
    const object = await rustBinaryCataloger.parse(catalogFile('/lib/hello32.o', readFileSync(fixturePath('hello32-auditable.o'))));
    expect(object.packages).toHaveLength(auditJson.packages.length);
    const bigEndian = await parse(auditableElf(zjson({ packages: [{ name: 'libc', version: '0.2.155', source: 'crates.io' }] }), { littleEndian: false }));
    expectPackages(bigEndian.packages, [{ name: 'libc', version: '0.2.155', metadata: { source: 'crates.io', kind: 'runtime', root: false, auditFormat: 0 } }]);
  });

  it('reports nothing for ELF files without the section and for files that are not ELF', async () => {
    expect(await parse(readFileSync(new URL('../go/fixtures/kpt.buildinfo.elf', import.meta.url)))).toEqual({ packages: [] });
    expect(await parse(Buffer.from('#!/bin/sh\nexec true\n'.repeat(4)))).toEqual({ packages: [] });
  });

  it('warns about an executable above the per-file cap instead of failing', async () => {
    const file = { ...catalogFile('/usr/bin/huge', Buffer.alloc(0), 0o755), size: 2 ** 31, read: () => Promise.reject(new CatalogError('FILE_TOO_LARGE', 'over the cap')) };
    expect(await rustBinaryCataloger.parse(file)).toEqual({ packages: [], warnings: [expect.stringMatching(/above the per-file cap .* not inspected for cargo-auditable data/)] });
  });

  it('turns odd package entries into warnings and keeps the rest (Source::Other as an object too)', async () => {
    const result = await parse(
      auditableElf(zjson({ packages: [{ name: 'ok', version: '1.0.0', source: { Other: 'sparse+https://example.org/' } }, { name: '', version: '1' }, { version: '1.0.0' }, 'nonsense', { name: 'b', version: '2.0.0', source: 'git', kind: 'weird' }] })),
    );
    expectPackages(result.packages, [{ name: 'ok', version: '1.0.0', metadata: { source: 'sparse+https://example.org/', kind: 'runtime', root: false, auditFormat: 0 } }]);
    expect(result.warnings).toHaveLength(4);
    expect(result.warnings?.[0]).toMatch(/^\/usr\/local\/bin\/app: cargo-auditable package #1/);
  });
});

async function malformed(bytes: Buffer, cataloger = rustBinaryCataloger): Promise<string> {
  const error: unknown = await cataloger.parse(catalogFile('/x', bytes, 0o755)).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CatalogError);
  expect(error).toMatchObject({ code: 'MALFORMED' });
  return (error as CatalogError).message;
}

describe('rust-binary cataloger on hostile input', () => {
  it('stops a decompression bomb at the output cap (64 MiB of zeros in ~64 KiB)', async () => {
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(128 * 1024);
    expect(await malformed(auditableElf(bomb))).toMatch(/inflates to more than 8388608 bytes/);
    expect(await malformed(auditableElf(zjson({ packages: [] })), createRustBinaryCataloger({ limits: { maxJsonBytes: 4 } }))).toMatch(/more than 4 bytes/);
  });

  it('refuses data that is not zlib, truncated zlib, non-JSON and JSON of the wrong shape', async () => {
    expect(await malformed(auditableElf(Buffer.from('not zlib at all')))).toMatch(/not a zlib stream/);
    expect(await malformed(auditableElf(zjson({ packages: [] }).subarray(0, 6)))).toMatch(/not a zlib stream/);
    expect(await malformed(auditableElf(deflateSync(Buffer.from('{"packages": [')))) ).toMatch(/not JSON/);
    expect(await malformed(auditableElf(zjson({ crates: [] })))).toMatch(/not a cargo-auditable document/);
    expect(await malformed(auditableElf(zjson([1, 2, 3])))).toMatch(/not a cargo-auditable document/);
  });

  it('refuses sections and package lists above the caps', async () => {
    const limited = createRustBinaryCataloger({ limits: { maxCompressedBytes: 16, maxPackages: 2 } });
    expect(await malformed(auditableElf(Buffer.alloc(17)), limited)).toMatch(/exceeds the 16-byte cap/);
    const three = { packages: ['a', 'b', 'c'].map((name) => ({ name, version: '1.0.0', source: 'crates.io' })) };
    expect(await malformed(auditableElf(zjson(three)), createRustBinaryCataloger({ limits: { maxPackages: 2 } }))).toMatch(/exceed the cap of 2/);
  });

  it('refuses a section that points outside the file or claims 2^63 bytes', async () => {
    const built = buildElf({ sections: [{ name: '.dep-v0', data: zjson({ packages: [] }) }] });
    const header = built.sectionHeaderOffset + 64;
    const far = Buffer.from(built.bytes);
    far.writeBigUInt64LE(BigInt(far.length + 1), header + 24);
    expect(await malformed(far)).toMatch(/lies outside the file/);
    const huge = Buffer.from(built.bytes);
    huge.writeBigUInt64LE(0x7fffffffffffffffn, header + 32);
    expect(await malformed(huge)).toMatch(/lies outside the file/);
  });

  it('refuses a truncated binary, and never fails otherwise on a corrupted one', async () => {
    const bytes = readFileSync(fixturePath('hello_world.auditable'));
    expect(await malformed(bytes.subarray(0, bytes.length - 100))).toMatch(/section header table .* lies outside the file/);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 6 }), async (cut, flips) => {
        const damaged = Buffer.from(bytes.subarray(0, cut));
        for (const [at, value] of flips) if (damaged.length > 0) damaged[at % damaged.length] = value;
        await rustBinaryCataloger.parse(catalogFile('/x', damaged, 0o755)).catch((error: unknown) => expect(error).toMatchObject({ code: 'MALFORMED' }));
      }),
      { numRuns: 300 },
    );
  });
});
