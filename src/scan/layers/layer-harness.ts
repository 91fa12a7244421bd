/**
 * Builds real tar layers in memory for layer-walk tests (tar-stream pack, then
 * gzip from node:zlib or zstd from Debian's `zstd` CLI), and a tiny line-based
 * cataloger to observe what the walk hands to catalogers. Test-only.
 */
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import type { Cataloger } from '../catalog/cataloger.js';

export type TarItem =
  | { name: string; content: string | Buffer; mode?: number }
  | { name: string; type: 'directory' | 'symlink' | 'link'; linkname?: string; mode?: number };

export async function tarOf(items: readonly TarItem[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  for (const item of items) {
    if ('content' in item) {
      pack.entry({ name: item.name, mode: item.mode ?? 0o644 }, typeof item.content === 'string' ? Buffer.from(item.content) : item.content);
    } else {
      pack.entry({ name: item.name, type: item.type, linkname: item.linkname, mode: item.mode ?? (item.type === 'directory' ? 0o755 : 0o777) });
    }
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/**
 * A tar whose last entry's header announces `size` bytes (base-256 encoded, as
 * GNU tar writes sizes over 8 GiB) that never come: a truncated archive.
 */
export async function tarWithTruncatedEntry(items: readonly TarItem[], name: string, size: number): Promise<Buffer> {
  const whole = await tarOf([...items, { name, content: 'x' }]);
  const header = whole.length - 1024 - 1024; // last entry: 512-byte header + 512-byte padded content, then 1024 bytes of end marker
  whole.fill(0, header + 124, header + 136);
  whole[header + 124] = 0x80;
  whole.writeUIntBE(size, header + 130, 6);
  whole.fill(0x20, header + 148, header + 156);
  let checksum = 0;
  for (let i = header; i < header + 512; i++) checksum += whole[i] as number;
  whole.write(`${checksum.toString(8).padStart(6, '0')}\0 `, header + 148, 'latin1');
  return whole.subarray(0, header + 512 + 100);
}

export const gzip = (data: Buffer) => gzipSync(data);
export const zstd = (data: Buffer) => execFileSync('zstd', ['-q', '-c'], { input: data, maxBuffer: 1024 ** 3 });

/** Wants `*.pkg` files (and `*.exe` with an execute bit); each line "name version" is a package. */
export function lineCataloger(name = 'lines', extension = '.pkg'): Cataloger {
  return {
    name,
    version: 1,
    wants: (file) => file.path.endsWith(extension),
    async parse(file) {
      const text = (await file.read()).toString('utf8');
      if (text.startsWith('boom')) throw new Error('cataloger bug');
      const packages = text
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [pkgName = '', version = ''] = line.split(' ');
          return { name: pkgName, version, type: 'npm' as const, purl: `pkg:npm/${pkgName}@${version}`, path: file.path };
        });
      return { packages };
    },
  };
}
