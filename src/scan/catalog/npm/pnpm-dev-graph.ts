/**
 * Dev-ness for pnpm lockfile 9.x, which no longer marks packages `dev: true`:
 * everything reachable from an importer's `dependencies` or
 * `optionalDependencies` is production; what only `devDependencies` reach is
 * dev. Walked breadth-first with a visited set (lockfiles have cycles).
 */
type DependencySpecs = Record<string, string | { version: string }>;

/** The parts of a 9.x lockfile the graph needs (validated by parse-pnpm-lock.ts). */
export interface PnpmGraph {
  importers?: Record<string, { dependencies?: DependencySpecs; devDependencies?: DependencySpecs; optionalDependencies?: DependencySpecs }>;
  snapshots?: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> } | null>;
}

/** `debug@4.3.4(supports-color@8.1.1)` → `debug@4.3.4`: peer variants are one package. */
export function stripPeerSuffix(key: string): string {
  const paren = key.indexOf('(');
  return paren < 0 ? key : key.slice(0, paren);
}

/** Keys of `packages` (without peer suffixes) reachable from production dependencies. */
export function prodPackageKeys(lock: PnpmGraph): Set<string> {
  const roots: string[] = [];
  for (const importer of Object.values(lock.importers ?? {})) {
    for (const deps of [importer.dependencies, importer.optionalDependencies]) {
      for (const [name, spec] of Object.entries(deps ?? {})) roots.push(snapshotKey(name, typeof spec === 'string' ? spec : spec.version));
    }
  }
  const snapshots = lock.snapshots ?? {};
  const seen = new Set<string>();
  const queue = roots;
  for (let index = 0; index < queue.length; index++) {
    const key = queue[index] as string;
    if (seen.has(key)) continue;
    seen.add(key);
    const snapshot = snapshots[key];
    for (const deps of [snapshot?.dependencies, snapshot?.optionalDependencies]) {
      for (const [name, version] of Object.entries(deps ?? {})) queue.push(snapshotKey(name, version));
    }
  }
  return new Set([...seen].map(stripPeerSuffix));
}

/**
 * The snapshot a dependency points at: `name@version`, except for aliases,
 * whose version is already the target's key (`string-width@4.2.3`).
 */
function snapshotKey(name: string, version: string): string {
  const base = stripPeerSuffix(version);
  return base.indexOf('@', 1) > 0 && !base.includes(':') ? version : `${name}@${version}`;
}
