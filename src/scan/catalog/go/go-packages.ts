/**
 * Packages from a binary's build info: the main module, every dependency (a
 * replacement wins, as it is what was compiled), and the toolchain as `stdlib` —
 * Go advisories (OSV ecosystem "Go") name the standard library `stdlib` with
 * `v`-prefixed versions, so `go1.19.8` is reported as `v1.19.8`.
 */
import type { Package } from '../package.js';
import { purlOf } from '../purl.js';
import { DEVEL, resolveMainVersion } from './main-module-version.js';
import type { GoBuildInfo, GoModule } from './modinfo.js';

export function goPackages(info: GoBuildInfo, filePath: string, warnings: string[]): Package[] {
  const arch = info.settings.get('GOARCH');
  const base = { type: 'go' as const, path: filePath, ...(arch ? { arch } : {}) };
  const packages: Package[] = [];

  const stdlib = stdlibVersion(info.goVersion);
  if (stdlib) packages.push({ ...base, name: 'stdlib', version: stdlib, purl: goPurl('stdlib', stdlib), metadata: { goVersion: info.goVersion } });
  else warnings.push(`${filePath}: Go toolchain version ${JSON.stringify(info.goVersion)} is not a release; stdlib not reported`);

  if (info.main) {
    const resolved = resolveMainVersion(info.main, info.settings);
    const metadata: Record<string, string | boolean> = { goVersion: info.goVersion, mainModule: true, versionFrom: resolved.from };
    const revision = info.settings.get('vcs.revision');
    if (revision) metadata.vcsRevision = revision;
    packages.push({ ...base, name: info.main.path, version: resolved.version, purl: goPurl(info.main.path, resolved.version), metadata });
  }

  for (const dep of info.deps) {
    const built = effectiveModule(dep);
    const metadata: Record<string, string> = { goVersion: info.goVersion };
    if (built.sum) metadata.h1Digest = built.sum;
    if (dep.replace) metadata.replaces = `${dep.path}@${dep.version}`;
    if (built.localReplacement) metadata.replacedBy = built.localReplacement;
    packages.push({ ...base, name: built.path, version: built.version, purl: goPurl(built.path, built.version), metadata });
  }
  return packages;
}

/**
 * The module compiled into the binary. A replacement by a local directory
 * (`=> ../fork`) has no module version: the dependency keeps its path (what the
 * code claims to be) with version `(devel)`, so no advisory matches a version
 * that was not built.
 */
function effectiveModule(dep: GoModule): GoModule & { localReplacement?: string } {
  const replace = dep.replace;
  if (!replace) return dep;
  if (isLocalPath(replace.path)) return { path: dep.path, version: DEVEL, localReplacement: replace.path };
  return { ...replace, version: replace.version || DEVEL };
}

function isLocalPath(path: string): boolean {
  return path.startsWith('./') || path.startsWith('../') || path.startsWith('/') || path === '.' || path === '..' || /^[A-Za-z]:[\\/]/.test(path);
}

/**
 * The toolchain as the semantic version Go advisories use for `stdlib`, as
 * golang.org/x/vuln's GoTagToSemver maps it: `go1.19.8` → `v1.19.8`, `go1.20` →
 * `v1.20.0`, `go1.21rc2` → `v1.21.0-rc.2`, experiments (` X:…`) dropped. One
 * extension: a vendor suffix (`go1.22-20231128-RC02`) becomes a pre-release
 * (`v1.22.0-20231128-RC02`) instead of no version. Development toolchains → undefined.
 */
export function stdlibVersion(goVersion: string): string | undefined {
  const tag = goVersion.split(/\s+/)[0] ?? '';
  if (tag === 'go1') return 'v1.0.0';
  const match = /^go(\d+\.\d+)(\.\d+)?(?:(beta|rc|-pre)(\d+)|-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/.exec(tag);
  if (!match || tag === 'go1.0') return undefined;
  const [, majorMinor, patch, preKind, preNumber, suffix] = match;
  const base = `v${majorMinor}${patch ?? '.0'}`;
  if (preKind) return `${base}${preKind.startsWith('-') ? '' : '-'}${preKind}.${preNumber}`;
  return suffix ? `${base}-${suffix}` : base;
}

/** pkg:golang/<module path>@<version>; no version for `(devel)`, which is not one. */
export function goPurl(modulePath: string, version: string): string {
  const slash = modulePath.lastIndexOf('/');
  const namespace = slash < 0 ? undefined : modulePath.slice(0, slash);
  const name = modulePath.slice(slash + 1);
  // packageurl-js refuses golang versions that start with "v" but are not semver; leave such a version out of the purl.
  const usable = version !== '' && version !== DEVEL && (!version.startsWith('v') || SEMVER.test(version.slice(1)));
  return purlOf({ type: 'golang', ...(namespace ? { namespace } : {}), name, ...(usable ? { version } : {}) });
}

/** Semantic Versioning 2.0.0, section 11's grammar (the regular expression semver.org gives). */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
