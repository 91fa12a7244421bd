import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildElf } from '../elf/fixtures/elf-builder.js';
import { BUILD_INFO_MAGIC, BuildInfoScanner, DEFAULT_BUILD_INFO_LIMITS, scanBuildInfo, type BuildInfoScan } from './build-info-scanner.js';
import { framedModinfo, inlineBuildInfo, inlineGoBinary } from './fixtures/synthetic-go-binary.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const expected = (name: string) => JSON.parse(fixture(`expected/${name}.json`).toString()) as { goVersion: string };

function scanChunks(chunks: Buffer[], limits = DEFAULT_BUILD_INFO_LIMITS): BuildInfoScan {
  const scanner = new BuildInfoScanner(limits);
  for (const chunk of chunks) {
    const result = scanner.push(chunk);
    if (result) return result;
  }
  return scanner.end();
}

/** Buffers compared as hex: vitest's deep equality walks them byte by byte. */
const comparable = (scan: BuildInfoScan) => (scan.kind === 'inline' ? { ...scan, modinfo: scan.modinfo?.toString('hex') } : scan);

function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

/** An ELF whose only content after the header is `payload` at file offset `at` (zero-filled elsewhere). */
function elfWith(payload: Buffer, at: number, total = at + payload.length + 64): Buffer {
  const bytes = Buffer.alloc(total);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(bytes);
  payload.copy(bytes, at);
  return bytes;
}

describe('BuildInfoScanner', () => {
  it.each(['skopeo', 'kubectl', 'kpt', 'go-app-stager', 'cbtemulator'])('finds the Go ≥ 1.18 build info of the real %s binary', (name) => {
    const scan = scanChunks([fixture(`${name}.buildinfo.elf`)]);
    expect(scan).toMatchObject({ kind: 'inline', goVersion: expected(name).goVersion });
    if (scan.kind !== 'inline') throw new Error('unreachable');
    expect(scan.offset % 16).toBe(0);
    expect(scan.modinfo?.subarray(0, 16).toString('hex')).toBe('3077af0c9274080241e1c107e6d618e6');
  });

  it('gives the same answer however the stream is chunked (magic and strings split across chunks)', () => {
    const bytes = fixture('kpt.buildinfo.elf');
    const whole = comparable(scanChunks([bytes]));
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 40 }), (cuts) => {
        expect(comparable(scanChunks(splitAt(bytes, cuts)))).toEqual(whole);
      }),
      { numRuns: 200 },
    );
    expect(comparable(scanChunks([...bytes].map((byte) => Buffer.from([byte]))))).toEqual(whole);
  });

  it('keeps at most 13 bytes between chunks while searching', () => {
    const scanner = new BuildInfoScanner();
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    expect(scanner.push(Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), chunk]))).toBeUndefined();
    for (let index = 0; index < 512; index++) {
      expect(scanner.push(chunk)).toBeUndefined();
      expect(scanner.bufferedBytes).toBeLessThanOrEqual(BUILD_INFO_MAGIC.length - 1);
    }
    expect(scanner.end()).toEqual({ kind: 'absent' });
  });

  it('holds a candidate only up to the caps while its strings arrive', () => {
    const limits = { maxVersionBytes: 64, maxModinfoBytes: 1024 };
    const blob = inlineBuildInfo('go1.22.1', framedModinfo('path\tx\n'.repeat(100)));
    const scanner = new BuildInfoScanner(limits);
    scanner.push(elfWith(Buffer.alloc(0), 0, 32));
    for (const byte of blob.subarray(0, blob.length - 1)) {
      expect(scanner.push(Buffer.from([byte]))).toBeUndefined();
      expect(scanner.bufferedBytes).toBeLessThanOrEqual(32 + 10 + 64 + 10 + 1024);
    }
    expect(scanner.push(blob.subarray(-1))).toMatchObject({ kind: 'inline', offset: 32, goVersion: 'go1.22.1' });
  });

  it('ignores a magic that is not 16-byte aligned and takes the aligned one after it', () => {
    const real = inlineBuildInfo('go1.21.0', framedModinfo('path\tmain\n'));
    const stray = Buffer.concat([BUILD_INFO_MAGIC, Buffer.from([8, 2, 3, 0x67, 0x6f, 0x31])]);
    const bytes = elfWith(real, 96);
    stray.copy(bytes, 40);
    expect(scanChunks([bytes])).toMatchObject({ kind: 'inline', offset: 96, goVersion: 'go1.21.0' });
  });

  it('skips aligned candidates that are not build info (bad pointer size, non-Go version, empty version)', () => {
    const bogus = [
      Buffer.concat([BUILD_INFO_MAGIC, Buffer.from([3, 2]), Buffer.alloc(16)]),
      inlineBuildInfo('not a go version', Buffer.alloc(0)),
      inlineBuildInfo('', Buffer.alloc(0)),
    ];
    const real = inlineBuildInfo('go1.20.3', framedModinfo('path\tmain\n'));
    const bytes = elfWith(real, 512, 1024);
    bogus.forEach((candidate, index) => candidate.copy(bytes, 64 + index * 128));
    expect(scanChunks([bytes])).toMatchObject({ kind: 'inline', offset: 512, goVersion: 'go1.20.3' });
  });

  it('prefers a Go ≥ 1.18 header over an earlier pointer-looking one (a stray string literal)', () => {
    const pointerLike = Buffer.concat([BUILD_INFO_MAGIC, Buffer.from([8, 0]), Buffer.alloc(16, 1)]);
    const bytes = elfWith(inlineBuildInfo('go1.19.8', framedModinfo('path\tmain\n')), 256);
    pointerLike.copy(bytes, 64);
    expect(scanChunks([bytes])).toMatchObject({ kind: 'inline', offset: 256 });
    expect(scanChunks([elfWith(pointerLike, 64)])).toMatchObject({ kind: 'pointers', offset: 64, pointerSize: 8, littleEndian: true });
  });

  it('reports files that are not ELF, ELF files without build info, and build info cut off by the end', () => {
    expect(scanChunks([Buffer.from('#!/bin/sh\necho hi\n')])).toEqual({ kind: 'not-elf' });
    expect(scanChunks([Buffer.from([0x7f, 0x45])])).toEqual({ kind: 'not-elf' });
    expect(scanChunks([])).toEqual({ kind: 'not-elf' });
    expect(scanChunks([buildElf({ sections: [{ name: '.text', data: Buffer.alloc(100) }] }).bytes])).toEqual({ kind: 'absent' });
    const whole = inlineGoBinary({ goVersion: 'go1.22.1', modinfo: 'path\tmain\nmod\tmain\t(devel)\t\n' });
    const offset = whole.indexOf(BUILD_INFO_MAGIC);
    for (const cut of [offset + 20, offset + 33, offset + 45, offset + 60]) {
      expect(scanChunks([whole.subarray(0, cut)])).toEqual({ kind: 'truncated', offset });
    }
  });

  it('reports module info above the cap by its size only, and refuses versions above the cap', () => {
    const modinfo = framedModinfo('dep\tx\tv1.0.0\n'.repeat(200));
    const bytes = elfWith(inlineBuildInfo('go1.22.1', modinfo), 64);
    expect(scanChunks([bytes], { maxVersionBytes: 64, maxModinfoBytes: 100 })).toEqual({ kind: 'inline', offset: 64, goVersion: 'go1.22.1', modinfoSize: modinfo.length });
    expect(scanChunks([bytes], { maxVersionBytes: 4, maxModinfoBytes: 1 << 20 })).toEqual({ kind: 'absent' });
  });

  it('does not wait for a declared length of 2^63 bytes, nor for a never-ending varint', () => {
    const header = inlineBuildInfo('go1.22.1', Buffer.alloc(0)).subarray(0, 32 + 1 + 8);
    const huge = Buffer.concat([header, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])]);
    expect(scanChunks([elfWith(huge, 64)])).toMatchObject({ kind: 'inline', modinfoSize: expect.any(Number) });
    const endless = Buffer.concat([header.subarray(0, 32), Buffer.alloc(11, 0xff)]);
    expect(scanChunks([elfWith(endless, 64)])).toEqual({ kind: 'absent' });
  });
});

describe('scanBuildInfo', () => {
  it('stops reading the stream once the build info is found', async () => {
    const bytes = fixture('kubectl.buildinfo.elf');
    let served = 0;
    const stream = Readable.from(
      (function* () {
        for (let at = 0; at < bytes.length; at += 512) {
          served++;
          yield bytes.subarray(at, at + 512);
        }
        for (;;) {
          served++;
          yield Buffer.alloc(512);
        }
      })(),
    );
    expect(await scanBuildInfo(stream)).toMatchObject({ kind: 'inline', goVersion: 'go1.23.8' });
    expect(stream.destroyed).toBe(true);
    expect(served).toBeLessThan(bytes.length / 512 + 32);
  });
});
