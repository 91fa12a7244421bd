/**
 * Matching throughput: `matchPackages` (src/scan/match) against the whole
 * staged advisory index, in this process, timing only the matching (the index
 * is loaded first; its load is timed on its own). Two package lists:
 *
 * - image inventories: the real `bullseye` image's dpkg packages (Debian 11,
 *   the release the staged Debian advisories cover) and the `nodeapp` image's
 *   npm packages, catalogued by the scanner itself, repeated to a list of about
 *   `inventoryTarget` packages;
 * - advisory names: one package for every (ecosystem, name) the advisories name
 *   in the language ecosystems, Debian 11 and Alpine 3.11, at a version taken
 *   from the advisory (an affected one where it lists one, else an `introduced`,
 *   the `fixed` version, or 1.0.0 when every version is affected), so every
 *   package is looked up and its ranges evaluated.
 */
import { openDatabase } from '../src/db/index.js';
import { catalogers, matchPackages, openTarget, scanImage, VulnerabilityDatabase, type OsInfo, type Package, type PackageType, type VulnerabilityIndex } from '../src/scan/index.js';
import { TEST_LAYOUT } from './scan-images.js';
import { median, timed } from './statistics.js';

export interface MatchingPlan {
  rounds: number;
  indexLoads: number;
  /** Size of the repeated image-inventory list. */
  inventoryTarget: number;
}

export interface MatchWorkload {
  label: string;
  packages: number;
  findings: number;
  roundSeconds: number[];
  medianSeconds: number;
  packagesPerSecond: number;
}

export interface MatchingResult {
  advisories: number;
  affectedEntries: number;
  indexLoadSeconds: number[];
  indexLoadMedian: number;
  workloads: MatchWorkload[];
}

/** One matchPackages call: a list of packages on one OS (undefined for language packages only). */
interface MatchGroup {
  os: OsInfo | undefined;
  packages: Package[];
}

const LANGUAGE_TYPES: Readonly<Record<string, PackageType>> = {
  npm: 'npm',
  PyPI: 'python',
  Go: 'go',
  'crates.io': 'cargo',
  Maven: 'java',
  RubyGems: 'gem',
  NuGet: 'dotnet',
  Packagist: 'composer',
};
const DEBIAN_11: OsInfo = { family: 'debian', version: '11', codename: 'bullseye', source: 'bench' };
const ALPINE_3_11: OsInfo = { family: 'alpine', version: '3.11.13', source: 'bench' };

export async function measureMatching(dataDir: string, plan: MatchingPlan): Promise<MatchingResult> {
  const handle = await openDatabase(`${dataDir}/airlock.db`);
  try {
    const database = new VulnerabilityDatabase(handle.db);
    const loads: number[] = [];
    let index: VulnerabilityIndex | undefined;
    for (let n = 0; n < plan.indexLoads; n++) {
      const load = await timed(() => database.loadIndex());
      loads.push(load.seconds);
      index = load.value;
    }
    if (!index) throw new Error('the index was never loaded');
    const workloads = [
      run('image inventories (bullseye dpkg + nodeapp npm, repeated)', await inventoryGroups(plan.inventoryTarget), index, plan.rounds),
      run('every package the advisories name (language ecosystems, Debian 11, Alpine 3.11)', await advisoryGroups(handle.db), index, plan.rounds),
    ];
    return { advisories: index.stats.advisories, affectedEntries: index.stats.affected, indexLoadSeconds: loads, indexLoadMedian: median(loads), workloads };
  } finally {
    await handle.close();
  }
}

/** One untimed warm-up (JIT), then `rounds` timed passes over all groups. */
function run(label: string, groups: MatchGroup[], index: VulnerabilityIndex, rounds: number): MatchWorkload {
  const packages = groups.reduce((sum, group) => sum + group.packages.length, 0);
  const matchAll = () => groups.reduce((sum, group) => sum + matchPackages(group.packages, group.os, index).findings.length, 0);
  const findings = matchAll();
  const roundSeconds: number[] = [];
  for (let n = 0; n < rounds; n++) {
    const started = performance.now();
    matchAll();
    roundSeconds.push((performance.now() - started) / 1000);
  }
  const medianSeconds = median(roundSeconds);
  return { label, packages, findings, roundSeconds, medianSeconds, packagesPerSecond: packages / medianSeconds };
}

async function inventoryGroups(target: number): Promise<MatchGroup[]> {
  const bullseye = await inventory('bullseye');
  const nodeapp = await inventory('nodeapp');
  const once = [...bullseye.packages, ...nodeapp.packages.filter((pkg) => pkg.type === 'npm')];
  const repeats = Math.max(1, Math.round(target / once.length));
  return [{ os: bullseye.os, packages: Array.from({ length: repeats }, () => once).flat() }];
}

async function inventory(tag: string): Promise<{ packages: Package[]; os: OsInfo | undefined }> {
  const source = await openTarget(`oci:${TEST_LAYOUT}:${tag}`);
  try {
    const report = await scanImage(source, { catalogers, scannerVersion: 'bench' });
    return { packages: report.packages, os: report.os };
  } finally {
    await source.close();
  }
}

interface StoredRange {
  type: string;
  events: Array<{ kind: string; version: string }>;
}

async function advisoryGroups(db: Awaited<ReturnType<typeof openDatabase>>['db']): Promise<MatchGroup[]> {
  const rows = await db.selectFrom('affectedPackages').select(['ecosystem', 'packageName', 'ranges', 'versions']).orderBy('advisoryId').orderBy('ordinal').execute();
  const seen = new Set<string>();
  const groups = { language: [] as Package[], debian: [] as Package[], alpine: [] as Package[] };
  for (const row of rows) {
    const key = `${row.ecosystem}\u0000${row.packageName}`;
    const type = LANGUAGE_TYPES[row.ecosystem] ?? (row.ecosystem === 'Debian:11' ? 'dpkg' : row.ecosystem === 'Alpine:v3.11' ? 'apk' : undefined);
    if (!type || seen.has(key)) continue;
    const version = sampleVersion(JSON.parse(row.ranges) as StoredRange[], JSON.parse(row.versions) as string[]);
    if (version === undefined) continue;
    seen.add(key);
    const pkg: Package = { name: row.packageName, version: type === 'go' ? `v${version.replace(/^v/, '')}` : version, type, purl: `pkg:${type}/${row.packageName}@${version}`, path: '/bench' };
    (type === 'dpkg' ? groups.debian : type === 'apk' ? groups.alpine : groups.language).push(pkg);
  }
  return [
    { os: undefined, packages: groups.language },
    { os: DEBIAN_11, packages: groups.debian },
    { os: ALPINE_3_11, packages: groups.alpine },
  ];
}

function sampleVersion(ranges: readonly StoredRange[], versions: readonly string[]): string | undefined {
  if (versions[0] !== undefined) return versions[0];
  const events = ranges.filter((range) => range.type !== 'GIT').flatMap((range) => range.events);
  const introduced = events.find((event) => event.kind === 'introduced' && event.version !== '0')?.version;
  // Only `introduced: 0` (every version affected): any version will do.
  return introduced ?? events.find((event) => event.kind === 'fixed' || event.kind === 'last_affected')?.version ?? (events.length > 0 ? '1.0.0' : undefined);
}
