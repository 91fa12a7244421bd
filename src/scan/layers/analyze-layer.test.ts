import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeDirectory, analyzeTarLayer } from './analyze-layer.js';
import { gzip, lineCataloger, tarOf, tarWithTruncatedEntry, zstd } from './layer-harness.js';

const catalogers = [lineCataloger()];
const analyze = (data: Buffer, mediaType?: string, options: Partial<Parameters<typeof analyzeTarLayer>[3]> = {}) =>
  analyzeTarLayer(Readable.from([data]), 'sha256:test', mediaType, { catalogers, ...options });

describe('the layer walk', () => {
  it.each([
    ['uncompressed', (d: Buffer) => d, 'application/vnd.oci.image.layer.v1.tar'],
    ['gzip', gzip, 'application/vnd.oci.image.layer.v1.tar+gzip'],
    ['zstd', zstd, 'application/vnd.oci.image.layer.v1.tar+zstd'],
    ['gzip, Docker media type', gzip, 'application/vnd.docker.image.rootfs.diff.tar.gzip'],
    ['zstd, media type unknown', zstd, undefined],
  ])('reads %s layers and hands catalogers only what they want', async (_label, compress, mediaType) => {
    const layer = await tarOf([
      { name: './app/', type: 'directory' },
      { name: './app/a.pkg', content: 'left-pad 1.3.0\nlodash 4.17.15\n' },
      { name: './app/readme.txt', content: 'not a package' },
      { name: 'b.pkg', content: 'minimist 1.2.0' },
    ]);
    const analysis = await analyze(compress(layer), mediaType);
    expect(analysis.errors).toEqual([]);
    expect(analysis.complete).toBe(true);
    expect(analysis.files.map((f) => [f.path, f.packages.map((p) => `${p.name}@${p.version}`)])).toEqual([
      ['/app/a.pkg', ['left-pad@1.3.0', 'lodash@4.17.15']],
      ['/b.pkg', ['minimist@1.2.0']],
    ]);
  });

  it('records whiteouts, opaque directories and symbolic links, and shares hardlinked results', async () => {
    const analysis = await analyze(
      await tarOf([
        { name: 'old/.wh.gone.pkg', content: '' },
        { name: 'cache/.wh..wh..opq', content: '' },
        { name: 'usr/lib/x.pkg', content: 'x 1' },
        { name: 'lib', type: 'symlink', linkname: 'usr/lib' },
        { name: 'bin/y.pkg', type: 'symlink', linkname: '../usr/lib/x.pkg' },
        { name: 'hard.pkg', type: 'link', linkname: 'usr/lib/x.pkg' },
        { name: 'orphan.pkg', type: 'link', linkname: 'usr/lib/not-analysed' },
      ]),
    );
    expect(analysis.whiteouts).toEqual(['/old/gone.pkg']);
    expect(analysis.opaqueDirectories).toEqual(['/cache']);
    expect(analysis.symlinks).toEqual([
      ['/lib', 'usr/lib'],
      ['/bin/y.pkg', '../usr/lib/x.pkg'],
    ]);
    expect(analysis.files.find((f) => f.path === '/hard.pkg')?.packages[0]).toMatchObject({ name: 'x', path: '/hard.pkg' });
    expect(analysis.links).toEqual([
      { path: '/bin/y.pkg', target: '../usr/lib/x.pkg', kind: 'symlink', catalogers: ['lines'] },
      { path: '/orphan.pkg', target: '/usr/lib/not-analysed', kind: 'hardlink', catalogers: ['lines'] },
    ]);
  });

  it('reads a file once when several catalogers want it', async () => {
    const analysis = await analyzeTarLayer(Readable.from([await tarOf([{ name: 'x.pkg', content: 'a 1' }])]), 'sha256:x', undefined, {
      catalogers: [lineCataloger('first'), lineCataloger('second')],
    });
    expect(analysis.files.map((f) => f.cataloger)).toEqual(['first', 'second']);
  });

  it('turns a cataloger failure and a file over the size cap into errors, and carries on', async () => {
    const analysis = await analyze(
      await tarOf([
        { name: 'bad.pkg', content: 'boom' },
        { name: 'big.pkg', content: 'x'.repeat(2000) },
        { name: 'good.pkg', content: 'ok 1' },
      ]),
      undefined,
      { maxFileBytes: 1000 },
    );
    expect(analysis.errors).toEqual([
      '/bad.pkg: lines: internal error: cataloger bug',
      '/big.pkg: lines: /big.pkg is 2000 bytes, over the 1000-byte limit for files read whole',
    ]);
    expect(analysis.files.map((f) => f.path)).toEqual(['/good.pkg']);
  });

  it('refuses a layer whose entries or hard links climb above the root', async () => {
    const entry = await analyze(await tarOf([{ name: 'ok.pkg', content: 'ok 1' }, { name: '../../etc/evil.pkg', content: 'evil 1' }, { name: 'later.pkg', content: 'later 1' }]));
    expect(entry.complete).toBe(false);
    expect(entry.errors).toEqual([expect.stringMatching(/^layer sha256:test: tar entry "\.\.\/\.\.\/etc\/evil\.pkg" climbs above the image root: /)]);
    expect(entry.files.map((f) => f.path)).toEqual(['/ok.pkg']);
    const hardlink = await analyze(await tarOf([{ name: 'shadow.pkg', type: 'link', linkname: '../../etc/shadow' }]));
    expect(hardlink.complete).toBe(false);
    expect(hardlink.errors).toEqual([expect.stringMatching(/^layer sha256:test: hard link \/shadow\.pkg -> "\.\.\/\.\.\/etc\/shadow" climbs above the image root: /)]);
  });
});

describe('hostile layers', () => {
  it('reports a corrupt gzip stream and keeps nothing half-read', async () => {
    const data = gzip(await tarOf([{ name: 'a.pkg', content: 'a 1' }]));
    data.fill(0x41, 20, 40);
    const analysis = await analyze(data, 'application/vnd.oci.image.layer.v1.tar+gzip');
    expect(analysis.complete).toBe(false);
    expect(analysis.errors[0]).toMatch(/^layer sha256:test: layer (does not decompress|is not a readable tar archive)/);
  });

  it('reports corrupt zstd', async () => {
    const data = zstd(await tarOf([{ name: 'a.pkg', content: 'a 1'.repeat(1000) }]));
    data.fill(0xff, 12, data.length - 4);
    const analysis = await analyze(data);
    expect(analysis.complete).toBe(false);
    expect(analysis.errors.join()).toMatch(/does not decompress|not a readable tar/);
  });

  it('reports a truncated archive, and an entry declaring a terabyte, without hanging', async () => {
    const truncated = await analyze(await tarWithTruncatedEntry([{ name: 'a.pkg', content: 'a 1' }], 'huge.pkg', 1024 ** 4));
    expect(truncated.complete).toBe(false);
    expect(truncated.files.map((f) => f.path)).toEqual(['/a.pkg']);
    expect(truncated.errors.join()).toMatch(/huge\.pkg is 1099511627776 bytes|not a readable tar archive/);
  });

  it('accepts a layer whose entries are whole but whose end-of-archive marker is missing (older umoci), with a warning', async () => {
    const whole = await tarOf([{ name: 'a.pkg', content: 'a 1' }, { name: 'b.pkg', content: 'b 2' }]);
    // Drop the 1024-byte end-of-archive marker and the last entry's padding: its 3 bytes of data stay.
    const unterminated = whole.subarray(0, whole.length - 1024 - 512 + 3);
    const analysis = await analyze(gzip(unterminated));
    expect(analysis.complete).toBe(true);
    expect(analysis.files.map((f) => f.path)).toEqual(['/a.pkg', '/b.pkg']);
    expect(analysis.errors).toEqual(['layer ends without the tar end-of-archive marker; every entry was read']);
  });

  it('stops a decompression bomb at the layer byte limit', async () => {
    const bomb = gzip(await tarOf([{ name: 'zeros.bin', content: Buffer.alloc(50 * 1024 * 1024) }]));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const analysis = await analyze(bomb, undefined, { limits: { maxLayerBytes: 10 * 1024 * 1024, maxEntries: 1000 } });
    expect(analysis.complete).toBe(false);
    expect(analysis.errors).toEqual([`layer sha256:test: layer decompresses to more than ${10 * 1024 * 1024} bytes`]);
  });

  it('stops at the entry limit', async () => {
    const many = await tarOf(Array.from({ length: 500 }, (_, i) => ({ name: `f${i}`, content: '' })));
    const analysis = await analyze(many, undefined, { limits: { maxLayerBytes: 1024 ** 3, maxEntries: 100 } });
    expect(analysis.errors).toEqual(['layer sha256:test: layer has more than 100 entries']);
  });

  it('walks many tiny entries quickly', async () => {
    const many = gzip(await tarOf(Array.from({ length: 20_000 }, (_, i) => ({ name: `d/f${i}`, content: 'x' }))));
    const started = Date.now();
    const analysis = await analyze(many);
    expect(analysis.complete).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('a root filesystem directory', () => {
  const roots: string[] = [];
  afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

  it('is walked like one layer, symlinks recorded but not followed', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'airlock-rootfs-'));
    roots.push(root);
    await mkdir(path.join(root, 'app/deep'), { recursive: true });
    await writeFile(path.join(root, 'app/deep/x.pkg'), 'x 1.0');
    await symlink('/etc/passwd', path.join(root, 'app/escape.pkg'));
    const analysis = await analyzeDirectory(root, 'rootfs', { catalogers });
    expect(analysis.files.map((f) => [f.path, f.packages[0]?.name])).toEqual([['/app/deep/x.pkg', 'x']]);
    expect(analysis.symlinks).toEqual([['/app/escape.pkg', '/etc/passwd']]);
  });
});
