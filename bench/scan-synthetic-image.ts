/**
 * Writes the synthetic image (scan-synthetic-files.ts) as an OCI layout in
 * .cache/bench-images/<plan name>/oci, tag `synthetic`, and reuses it while the
 * plan and GENERATOR_VERSION are unchanged. Everything streams: tar-stream pack →
 * gzip → file, with backpressure (each entry is awaited), both digests hashed on
 * the way; the three layers are written at the same time (zlib works on the
 * thread pool). A half-written image is never reused: it is built in a
 * temporary folder and renamed into place.
 */
import { randomUUID, createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { BENCH_IMAGES, DEBIAN_ROOTFS, TEST_IMAGES, ociImage, type BenchImage } from './scan-images.js';
import { syntheticLayers, type SeedFiles, type SyntheticEntry, type SyntheticPlan } from './scan-synthetic-files.js';
import { timed } from './statistics.js';

/** Bump when the generated content changes, so cached images are rebuilt. */
const GENERATOR_VERSION = 1;
const TAG = 'synthetic';
const MTIME = new Date('2026-01-01T00:00:00Z');
const GZIP_LEVEL = 6;

export interface SyntheticStats {
  files: number;
  directories: number;
  symlinks: number;
  /** Sum of file sizes (what the image holds, tar overhead not counted). */
  fileBytes: number;
  uncompressedBytes: number;
  compressedBytes: number;
}

export interface SyntheticImage {
  image: BenchImage;
  stats: SyntheticStats;
  /** Seconds spent generating it in this run; undefined when the cached image was reused. */
  generatedSeconds: number | undefined;
}

type EntryHeader = Parameters<tar.Pack['entry']>[0];

interface Stamp {
  generator: number;
  plan: SyntheticPlan;
  stats: SyntheticStats;
}

interface WrittenLayer {
  digest: string;
  diffId: string;
  size: number;
  stats: SyntheticStats;
}

export async function syntheticImage(plan: SyntheticPlan): Promise<SyntheticImage> {
  const folder = path.join(BENCH_IMAGES, plan.name);
  const layout = path.join(folder, 'oci');
  const stampFile = path.join(folder, 'stamp.json');
  const stamp = existsSync(stampFile) ? (JSON.parse(await readFile(stampFile, 'utf8')) as Stamp) : undefined;
  if (stamp && stamp.generator === GENERATOR_VERSION && JSON.stringify(stamp.plan) === JSON.stringify(plan) && existsSync(path.join(layout, 'index.json'))) {
    return { image: await ociImage('synthetic', layout, TAG), stats: stamp.stats, generatedSeconds: undefined };
  }
  const { seconds, value: stats } = await timed(() => generate(plan, folder));
  return { image: await ociImage('synthetic', layout, TAG), stats, generatedSeconds: seconds };
}

async function generate(plan: SyntheticPlan, folder: string): Promise<SyntheticStats> {
  const building = `${folder}.building`;
  await rm(building, { recursive: true, force: true });
  const layout = path.join(building, 'oci');
  await mkdir(path.join(layout, 'blobs', 'sha256'), { recursive: true });
  const seeds = await seedFiles();
  const layers = await Promise.all(syntheticLayers(plan, seeds).map((layer) => writeLayer(layout, layer.entries())));
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', created: MTIME.toISOString(), rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) } }));
  const configDigest = await writeBlob(layout, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: l.digest, size: l.size })),
    }),
  );
  const manifestDigest = await writeBlob(layout, manifest);
  const index = { schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: manifestDigest, size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': TAG } }] };
  await writeFile(path.join(layout, 'index.json'), JSON.stringify(index));
  await writeFile(path.join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const stats = layers.map((l) => l.stats).reduce(addStats);
  await writeFile(path.join(building, 'stamp.json'), JSON.stringify({ generator: GENERATOR_VERSION, plan, stats } satisfies Stamp, null, 2));
  await rm(folder, { recursive: true, force: true });
  await rename(building, folder);
  return stats;
}

async function writeLayer(layout: string, entries: Iterable<SyntheticEntry>): Promise<WrittenLayer> {
  const pack = tar.pack();
  const raw = hashing();
  const packed = hashing();
  const temporary = path.join(layout, 'blobs', 'sha256', `.partial-${randomUUID()}`);
  const stats: SyntheticStats = { files: 0, directories: 0, symlinks: 0, fileBytes: 0, uncompressedBytes: 0, compressedBytes: 0 };
  const written = pipeline(pack, raw.stream, coalesced(), createGzip({ level: GZIP_LEVEL, chunkSize: 256 * 1024 }), packed.stream, createWriteStream(temporary));
  const filled = fill(pack, entries, stats).then(
    () => pack.finalize(),
    (error: unknown) => pack.destroy(error as Error),
  );
  await Promise.all([written, filled]);
  const hex = packed.hash.digest('hex');
  await rename(temporary, path.join(layout, 'blobs', 'sha256', hex));
  stats.uncompressedBytes = raw.bytes();
  stats.compressedBytes = packed.bytes();
  return { digest: `sha256:${hex}`, diffId: `sha256:${raw.hash.digest('hex')}`, size: packed.bytes(), stats };
}

async function fill(pack: tar.Pack, entries: Iterable<SyntheticEntry>, stats: SyntheticStats): Promise<void> {
  const header = { uid: 0, gid: 0, mtime: MTIME };
  for (const entry of entries) {
    if (entry.kind === 'directory') {
      stats.directories++;
      await added(pack, { ...header, name: entry.path, type: 'directory', mode: 0o755 });
    } else if (entry.kind === 'symlink') {
      stats.symlinks++;
      await added(pack, { ...header, name: entry.path, type: 'symlink', linkname: entry.target, mode: 0o777 });
    } else {
      stats.files++;
      const bytes = entry.kind === 'file' ? entry.content.length : entry.bytes;
      stats.fileBytes += bytes;
      const fileHeader = { ...header, name: entry.path, type: 'file' as const, mode: entry.mode, size: bytes };
      await (entry.kind === 'file' ? added(pack, fileHeader, entry.content) : streamed(pack, fileHeader, entry.block));
    }
  }
}

/** Resolves when tar-stream has taken the whole entry (its callback), which is the backpressure. */
function added(pack: tar.Pack, header: EntryHeader, content?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve());
    if (content) pack.entry(header, content, done);
    else pack.entry(header, done);
  });
}

/** A large entry: `block` repeated up to header.size, written with backpressure. */
async function streamed(pack: tar.Pack, header: EntryHeader & { size: number }, block: Buffer): Promise<void> {
  let finished: (error?: unknown) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => (finished = (error) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve())));
  const sink = pack.entry(header, finished);
  for (let sent = 0; ; ) {
    const chunk = header.size - sent > block.length ? block : block.subarray(0, header.size - sent);
    sent += chunk.length;
    if (sent >= header.size) {
      sink.end(chunk);
      break;
    }
    if (!sink.write(chunk)) await new Promise<void>((resolve) => sink.once('drain', () => resolve()));
  }
  await done;
}

/**
 * Joins tar-stream's many small pushes (a 512-byte header, a 2 KB file) into
 * 1 MiB chunks: each write to zlib is a round trip to the thread pool.
 */
function coalesced(): Transform {
  const limit = 1024 * 1024;
  let pending: Buffer[] = [];
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      size += chunk.length;
      if (size < limit) return callback();
      const joined = Buffer.concat(pending, size);
      pending = [];
      size = 0;
      callback(null, joined);
    },
    flush(callback) {
      callback(null, size > 0 ? Buffer.concat(pending, size) : undefined);
    },
  });
}

function hashing(): { stream: Transform; hash: ReturnType<typeof createHash>; bytes: () => number } {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  return { stream, hash, bytes: () => bytes };
}

async function writeBlob(layout: string, content: Buffer): Promise<string> {
  const hex = createHash('sha256').update(content).digest('hex');
  await writeFile(path.join(layout, 'blobs', 'sha256', hex), content);
  return `sha256:${hex}`;
}

/** The real dpkg database, os-release and npm names the synthetic image reuses. */
async function seedFiles(): Promise<SeedFiles> {
  const info = path.join(DEBIAN_ROOTFS, 'var', 'lib', 'dpkg', 'info');
  const lists = (await readdir(info)).filter((name) => name.endsWith('.list')).sort();
  const truth = await readFile(path.join(TEST_IMAGES, 'truth', 'nodeapp.npm'), 'utf8');
  return {
    osRelease: await readFile(path.join(DEBIAN_ROOTFS, 'usr', 'lib', 'os-release')),
    dpkgStatus: await readFile(path.join(DEBIAN_ROOTFS, 'var', 'lib', 'dpkg', 'status')),
    dpkgLists: await Promise.all(lists.map(async (name) => [name, await readFile(path.join(info, name))] as const)),
    npmPackages: truth
      .split('\n')
      .map((line) => line.trim().split(' '))
      .filter((parts): parts is [string, string] => parts.length === 2)
      .map(([name, version]) => [name, version] as const),
  };
}

function addStats(a: SyntheticStats, b: SyntheticStats): SyntheticStats {
  return {
    files: a.files + b.files,
    directories: a.directories + b.directories,
    symlinks: a.symlinks + b.symlinks,
    fileBytes: a.fileBytes + b.fileBytes,
    uncompressedBytes: a.uncompressedBytes + b.uncompressedBytes,
    compressedBytes: a.compressedBytes + b.compressedBytes,
  };
}
