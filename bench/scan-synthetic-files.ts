/**
 * What the synthetic image holds, entry by entry, from a seeded PRNG (the same
 * plan always gives the same files): three layers like a real application image.
 *
 * - system: the real os-release, /var/lib/dpkg/status and info/*.list files of
 *   the bookworm test image, and many small files (most under 2 KB, a long tail to
 *   256 KB; some executable, some symlinks) in /usr and /etc;
 * - app: /app/node_modules with one package.json per package (the nodeapp image's
 *   real names and versions first, then made-up ones, some scoped) plus its
 *   sources, and Python distributions with *.dist-info/METADATA;
 * - data: a few large files of random bytes (model weights, a pack, two big
 *   executables — the size of Go binaries that binary catalogers must look into).
 *
 * Small-file content is a window into one 4 MiB text corpus, so it compresses
 * like source code; large files repeat one random 1 MiB block per file, which
 * gzip (32 KiB window) cannot compress.
 */
export interface LargeFile {
  path: string;
  bytes: number;
  executable: boolean;
}

export interface SyntheticPlan {
  /** Folder under .cache/bench-images; a different plan regenerates the image. */
  name: string;
  systemFiles: number;
  npmPackages: number;
  /** Average files per npm package besides package.json. */
  filesPerNpmPackage: number;
  pythonPackages: number;
  filesPerPythonPackage: number;
  largeFiles: readonly LargeFile[];
}

export type SyntheticEntry =
  | { kind: 'directory'; path: string }
  | { kind: 'symlink'; path: string; target: string }
  | { kind: 'file'; path: string; mode: number; content: Buffer }
  | { kind: 'random'; path: string; mode: number; bytes: number; block: Buffer };

/** Real files copied into the system layer. */
export interface SeedFiles {
  osRelease: Buffer;
  dpkgStatus: Buffer;
  dpkgLists: ReadonlyArray<readonly [name: string, content: Buffer]>;
  /** `name version` pairs of real npm packages. */
  npmPackages: ReadonlyArray<readonly [name: string, version: string]>;
}

export interface SyntheticLayerPlan {
  name: 'system' | 'app' | 'data';
  entries(): Iterable<SyntheticEntry>;
}

const CORPUS_BYTES = 4 * 1024 * 1024;
const FILE = 0o644;
const EXECUTABLE = 0o755;

export function syntheticLayers(plan: SyntheticPlan, seeds: SeedFiles): SyntheticLayerPlan[] {
  const corpus = makeCorpus(prng(1));
  return [
    { name: 'system', entries: () => withDirectories(systemEntries(plan, seeds, corpus, prng(2))) },
    { name: 'app', entries: () => withDirectories(appEntries(plan, seeds, corpus, prng(3))) },
    { name: 'data', entries: () => withDirectories(dataEntries(plan, prng(4))) },
  ];
}

function* systemEntries(plan: SyntheticPlan, seeds: SeedFiles, corpus: Buffer, rand: Random): Generator<SyntheticEntry> {
  yield { kind: 'file', path: 'usr/lib/os-release', mode: FILE, content: seeds.osRelease };
  yield { kind: 'symlink', path: 'etc/os-release', target: '../usr/lib/os-release' };
  yield { kind: 'file', path: 'var/lib/dpkg/status', mode: FILE, content: seeds.dpkgStatus };
  for (const [name, content] of seeds.dpkgLists) yield { kind: 'file', path: `var/lib/dpkg/info/${name}`, mode: FILE, content };
  const areas = ['usr/share/doc', 'usr/share/locale', 'usr/lib/x86_64-linux-gnu', 'usr/share/perl5', 'usr/lib/python3', 'etc', 'usr/share/zoneinfo', 'usr/share/i18n'];
  let directory = 'usr/share';
  for (let i = 0; i < plan.systemFiles; i++) {
    // 40 files a directory; 3 % of directories are bin directories, whose files are executable.
    if (i % 40 === 0) directory = rand() < 0.03 ? `usr/bin/${word(rand)}-${i}` : `${areas[Math.floor(rand() * areas.length)] ?? 'usr/share'}/${word(rand)}-${i}`;
    const name = `${word(rand)}${i}${rand() < 0.3 ? '.so.1' : rand() < 0.5 ? '.txt' : ''}`;
    if (rand() < 0.01) {
      yield { kind: 'symlink', path: `${directory}/${name}.link`, target: name };
      continue;
    }
    const mode = directory.startsWith('usr/bin/') || rand() < 0.01 ? EXECUTABLE : FILE;
    yield { kind: 'file', path: `${directory}/${name}`, mode, content: window(corpus, smallFileSize(rand), rand) };
  }
}

function* appEntries(plan: SyntheticPlan, seeds: SeedFiles, corpus: Buffer, rand: Random): Generator<SyntheticEntry> {
  const dependencies: Record<string, string> = {};
  for (let i = 0; i < plan.npmPackages; i++) {
    const real = seeds.npmPackages[i];
    const name = real ? real[0] : rand() < 0.1 ? `@${word(rand)}/${word(rand)}-${i}` : `${word(rand)}-${word(rand)}-${i}`;
    const version = real ? real[1] : `${Math.floor(rand() * 12)}.${Math.floor(rand() * 30)}.${Math.floor(rand() * 20)}`;
    dependencies[name] = `^${version}`;
    const root = `app/node_modules/${name}`;
    yield { kind: 'file', path: `${root}/package.json`, mode: FILE, content: Buffer.from(packageJson(name, version, rand)) };
    const files = Math.max(1, Math.round(plan.filesPerNpmPackage * 2 * rand()));
    for (let f = 0; f < files; f++) {
      const folder = ['lib', 'dist', 'src', 'test', 'lib/internal'][f % 5] ?? 'lib';
      yield { kind: 'file', path: `${root}/${folder}/${word(rand)}${f}.js`, mode: FILE, content: window(corpus, smallFileSize(rand), rand) };
    }
  }
  yield { kind: 'file', path: 'app/package.json', mode: FILE, content: Buffer.from(JSON.stringify({ name: 'synthetic-app', version: '1.0.0', dependencies }, null, 2)) };
  const sitePackages = 'usr/local/lib/python3.11/site-packages';
  for (let i = 0; i < plan.pythonPackages; i++) {
    const name = `${word(rand)}_${word(rand)}${i}`;
    const version = `${Math.floor(rand() * 5)}.${Math.floor(rand() * 20)}.${Math.floor(rand() * 10)}`;
    const metadata = `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nSummary: ${word(rand)} ${word(rand)}\nLicense: MIT\n\n`;
    yield { kind: 'file', path: `${sitePackages}/${name}-${version}.dist-info/METADATA`, mode: FILE, content: Buffer.concat([Buffer.from(metadata), window(corpus, 2000, rand)]) };
    yield { kind: 'file', path: `${sitePackages}/${name}-${version}.dist-info/RECORD`, mode: FILE, content: window(corpus, 1500, rand) };
    const files = Math.max(1, Math.round(plan.filesPerPythonPackage * 2 * rand()));
    for (let f = 0; f < files; f++) yield { kind: 'file', path: `${sitePackages}/${name}/${word(rand)}${f}.py`, mode: FILE, content: window(corpus, smallFileSize(rand), rand) };
  }
}

function* dataEntries(plan: SyntheticPlan, rand: Random): Generator<SyntheticEntry> {
  for (const file of plan.largeFiles) {
    yield { kind: 'random', path: file.path, mode: file.executable ? EXECUTABLE : FILE, bytes: file.bytes, block: randomBlock(rand) };
  }
}

/** Emits each parent directory once, before the first entry below it (as tar writers do). */
function* withDirectories(entries: Iterable<SyntheticEntry>): Generator<SyntheticEntry> {
  const seen = new Set<string>();
  for (const entry of entries) {
    const parts = entry.path.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      const directory = parts.slice(0, depth).join('/');
      if (seen.has(directory)) continue;
      seen.add(directory);
      yield { kind: 'directory', path: `${directory}/` };
    }
    yield entry;
  }
}

function packageJson(name: string, version: string, rand: Random): string {
  return JSON.stringify({ name, version, description: `${word(rand)} ${word(rand)} ${word(rand)}`, main: 'lib/index.js', license: 'MIT', repository: { type: 'git', url: `git+https://example.com/${name}.git` } }, null, 2);
}

/** Most files small, a long tail: 65 % 100 B–2 KB, 30 % 2–12 KB, 4.5 % 12–64 KB, 0.5 % 64–256 KB (mean ≈ 5 KB). */
function smallFileSize(rand: Random): number {
  const bucket = rand();
  const between = (low: number, high: number) => Math.floor(low + rand() * (high - low));
  if (bucket < 0.65) return between(100, 2048);
  if (bucket < 0.95) return between(2048, 12 * 1024);
  if (bucket < 0.995) return between(12 * 1024, 64 * 1024);
  return between(64 * 1024, 256 * 1024);
}

function window(corpus: Buffer, size: number, rand: Random): Buffer {
  const start = Math.floor(rand() * (corpus.length - size));
  return corpus.subarray(start, start + size);
}

/** Source-code-like text: words from a fixed vocabulary with punctuation and line breaks. */
function makeCorpus(rand: Random): Buffer {
  const vocabulary = Array.from({ length: 4096 }, () => word(rand));
  const separators = [' ', ' ', ' ', '.', '(', ') ', ', ', ';\n', ' = ', '\n  ', ' {\n', '}\n'];
  const parts: string[] = [];
  let length = 0;
  while (length < CORPUS_BYTES) {
    const part = (vocabulary[Math.floor(rand() * vocabulary.length)] ?? 'x') + (separators[Math.floor(rand() * separators.length)] ?? ' ');
    parts.push(part);
    length += part.length;
  }
  return Buffer.from(parts.join('')).subarray(0, CORPUS_BYTES);
}

function word(rand: Random): string {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'xe', 'zu', 'pre', 'str', 'con', 'fig', 'dat', 'req'];
  const count = 1 + Math.floor(rand() * 3);
  let text = '';
  for (let i = 0; i < count; i++) text += syllables[Math.floor(rand() * syllables.length)] ?? 'a';
  return text;
}

function randomBlock(rand: Random): Buffer {
  const block = Buffer.allocUnsafe(1024 * 1024);
  for (let offset = 0; offset < block.length; offset += 4) block.writeUInt32LE(Math.floor(rand() * 0x1_0000_0000), offset);
  return block;
}

type Random = () => number;

/** mulberry32: small, fast, good enough to make test files. */
function prng(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
