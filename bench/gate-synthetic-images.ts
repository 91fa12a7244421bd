/**
 * The synthetic fleet the re-decision benchmark judges: N images of 300
 * packages each, from a seeded PRNG (the same fleet every run).
 *
 * Every image is the real bookworm test image's 88 dpkg packages (as the scanner
 * catalogues them: names, versions, source packages, one shared base layer) plus
 * 212 packages of one language ecosystem — PyPI, Go or crates.io — in an
 * application layer of its own, drawn with Zipf popularity (s = 1) from that
 * ecosystem's pool, so popular packages sit in most images of their ecosystem
 * and rare ones in a few. The pool: first every package the staged advisories
 * name (real names with advisories to evaluate: the expensive case for
 * matching), in a seeded random order, at the highest fixed version any
 * advisory names (so most images pass the policy; one pick in 1,000 is an old,
 * affected version); then a long tail of 4,000 packages no advisory names (an
 * organisation's own libraries), about a fifth of the picks.
 *
 * Also the synthetic database updates: OSV records written to a directory,
 * imported with VulnerabilityDatabase.update like any other source.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/index.js';
import { purlOf } from '../src/scan/catalog/purl.js';
import { comparatorFor, type Inventory, type OsInfo, type Package, type PackageType } from '../src/scan/index.js';

export interface FleetPlan {
  images: number;
  packagesPerImage: number;
  teams: number;
}

export interface SyntheticImage {
  repository: string;
  team: string;
  digest: string;
  tag: string;
  inventory: Inventory;
}

interface Language {
  ecosystem: string;
  type: PackageType;
  /** Share of the fleet whose application is written in it. */
  share: number;
  purl(name: string, version: string): string;
  path(name: string, version: string): string;
  version(osv: string): string;
  /** The name of the n-th package of the pool's long tail. */
  tailName(n: number): string;
}

const LANGUAGES: readonly Language[] = [
  {
    ecosystem: 'PyPI',
    type: 'python',
    share: 0.4,
    purl: (name, version) => purlOf({ type: 'pypi', name, version }),
    path: (name, version) => `/usr/local/lib/python3.11/site-packages/${name}-${version}.dist-info/METADATA`,
    version: (osv) => osv,
    tailName: (n) => `acme-lib-${n}`,
  },
  {
    ecosystem: 'Go',
    type: 'go',
    share: 0.35,
    purl: (name, version) => {
      const at = name.lastIndexOf('/');
      return purlOf({ type: 'golang', namespace: at > 0 ? name.slice(0, at) : undefined, name: name.slice(at + 1), version });
    },
    path: () => '/app/server',
    // The Go cataloger reports module versions as go.mod writes them; OSV leaves off the `v`.
    version: (osv) => `v${osv}`,
    tailName: (n) => `git.acme.example/libs/lib${n}`,
  },
  {
    ecosystem: 'crates.io',
    type: 'cargo',
    share: 0.25,
    purl: (name, version) => purlOf({ type: 'cargo', name, version }),
    path: () => '/app/Cargo.lock',
    version: (osv) => osv,
    tailName: (n) => `acme-lib-${n}`,
  },
];

export interface PoolPackage {
  language: Language;
  name: string;
  current: string;
  old: string;
}

export type Random = () => number;

/** mulberry32: small, fast, good enough to spread picks. */
export function prng(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each language's pool: every package its advisories name that has a fixed version, in a seeded random popularity order. */
export async function languagePools(db: Kysely<Database>): Promise<Map<string, PoolPackage[]>> {
  const pools = new Map<string, PoolPackage[]>();
  for (const language of LANGUAGES) {
    const rows = await db.selectFrom('affectedPackages').select(['packageName', 'ranges']).where('ecosystem', '=', language.ecosystem).orderBy('packageName').execute();
    const comparator = comparatorFor(language.ecosystem);
    if (!comparator) throw new Error(`no version ordering for ${language.ecosystem}`);
    const versions = new Map<string, { fixed: string[]; introduced: string[] }>();
    for (const row of rows) {
      const seen = versions.get(row.packageName) ?? { fixed: [], introduced: [] };
      for (const range of JSON.parse(row.ranges) as Array<{ type: string; events: Array<{ kind: string; version: string }> }>) {
        if (range.type === 'GIT') continue;
        for (const event of range.events) {
          if (event.kind === 'fixed') seen.fixed.push(event.version);
          if (event.kind === 'introduced' && !/^0(\.0\.0-0)?$/.test(event.version)) seen.introduced.push(event.version);
        }
      }
      versions.set(row.packageName, seen);
    }
    const pool: PoolPackage[] = [];
    for (const [name, seen] of versions) {
      const fixed = seen.fixed.filter((version) => comparator.isValid(version)).sort((a, b) => comparator.compare(a, b));
      const current = fixed[fixed.length - 1];
      if (current === undefined) continue;
      pool.push({ language, name, current: language.version(current), old: language.version(seen.introduced[0] ?? '0.0.1') });
    }
    shuffle(pool, prng(language.ecosystem.length * 7919));
    for (let n = 0; n < TAIL_PACKAGES; n++) {
      const version = language.version(`1.${n % 10}.${n % 7}`);
      pool.push({ language, name: language.tailName(n), current: version, old: version });
    }
    pools.set(language.ecosystem, pool);
  }
  return pools;
}

/** Packages no advisory names, after the advisory-named ones in each pool. */
const TAIL_PACKAGES = 4_000;

/** The fleet, image by image (an image's inventory is built when it is asked for). */
export function* syntheticFleet(plan: FleetPlan, base: Inventory, pools: Map<string, PoolPackage[]>): Generator<SyntheticImage> {
  const rand = prng(20_261_123);
  const samplers = new Map([...pools].map(([ecosystem, pool]) => [ecosystem, zipfSampler(pool.length, 1)]));
  const baseLayer = base.packages[0]?.layer;
  const languageCount = plan.packagesPerImage - base.packages.length;
  for (let n = 0; n < plan.images; n++) {
    const language = pickLanguage(rand());
    const pool = pools.get(language.ecosystem) ?? [];
    const sample = samplers.get(language.ecosystem) as (rand: Random) => number;
    if (pool.length < languageCount) throw new Error(`the ${language.ecosystem} pool has ${pool.length} packages, fewer than ${languageCount}`);
    const appLayer = digestOf(`bench-app-layer-${n}`);
    const chosen = new Set<number>();
    while (chosen.size < languageCount) chosen.add(sample(rand));
    const packages: Package[] = [...chosen].map((rank) => {
      const entry = pool[rank] as PoolPackage;
      const version = rand() < 0.001 ? entry.old : entry.current;
      return { name: entry.name, version, type: language.type, purl: language.purl(entry.name, version), path: language.path(entry.name, version), layer: appLayer };
    });
    const team = `team-${String(n % plan.teams).padStart(2, '0')}`;
    yield {
      repository: `quarantine/${team}/app-${n}`,
      team,
      digest: digestOf(`bench-image-${n}`),
      tag: '1.0.0',
      inventory: {
        ...(base.os ? { os: base.os } : {}),
        packages: [...base.packages.map((pkg) => (baseLayer ? { ...pkg, layer: baseLayer } : pkg)), ...packages.sort((a, b) => a.name.localeCompare(b.name))],
        errors: [],
        warnings: [],
      },
    };
  }
}

function pickLanguage(value: number): Language {
  let sum = 0;
  for (const language of LANGUAGES) {
    sum += language.share;
    if (value < sum) return language;
  }
  return LANGUAGES[LANGUAGES.length - 1] as Language;
}

/** Rank 0..size-1 with probability ∝ 1 / (rank + 1)^s. */
function zipfSampler(size: number, s: number): (rand: Random) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 0; rank < size; rank++) cumulative.push((total += 1 / (rank + 1) ** s));
  return (rand) => {
    const target = rand() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] as number) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

function shuffle<T>(items: T[], rand: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

export function digestOf(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

// --- synthetic advisories --------------------------------------------------

/** CVSS 3.1 vectors by the severity they score as. */
const VECTORS = {
  critical: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  high: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N',
  medium: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N',
  low: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N',
} as const;

export interface AdvisoryTarget {
  /** OSV ecosystem as advisories write it (`Debian:12`, `PyPI`). */
  ecosystem: string;
  name: string;
  /** Installed versions are affected (a fix above them), or only versions before the first one (`fixed: 0.0.1`). */
  affectsInstalled: boolean;
  severity: keyof typeof VECTORS;
}

/** Writes one OSV record per target into `dir` (created); ids `<prefix>-0001`…, each with a CVE alias. */
export async function writeAdvisories(dir: string, prefix: string, targets: readonly AdvisoryTarget[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const modified = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  let n = 0;
  for (const target of targets) {
    n++;
    const id = `${prefix}-${String(n).padStart(4, '0')}`;
    const fixed = target.affectsInstalled ? aboveEverything(target.ecosystem) : '0.0.1';
    const record = {
      schema_version: '1.6.0',
      id,
      modified,
      published: modified,
      aliases: [`CVE-2099-${String(hashNumber(`${prefix}${n}`) % 90_000 + 10_000)}`],
      summary: `synthetic advisory for ${target.name} (benchmark)`,
      severity: [{ type: 'CVSS_V3', score: VECTORS[target.severity] }],
      affected: [{ package: { ecosystem: target.ecosystem, name: target.name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] }],
    };
    await writeFile(path.join(dir, `${id}.json`), JSON.stringify(record));
  }
}

/** A version above any the fleet installs, in the ecosystem's own order. */
function aboveEverything(ecosystem: string): string {
  return ecosystem.startsWith('Debian') ? '99:0' : '999.0.0';
}

function hashNumber(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** The OSV ecosystem an image's OS packages are matched in (`Debian:12`). */
export function osEcosystem(os: OsInfo | undefined): string {
  if (os?.family !== 'debian') throw new Error('the fleet base is expected to be Debian');
  return `Debian:${os.version.split('.')[0] ?? os.version}`;
}
