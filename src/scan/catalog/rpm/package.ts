/**
 * How an rpm header becomes an Airlock package.
 *
 * - version: `[epoch:]version-release`, with the epoch whenever the header has
 *   one (even 0), as Syft reports it; `metadata` keeps epoch and release apart.
 * - source: from SOURCERPM `name-version-release.src.rpm`; a source RPM has no
 *   epoch of its own, so the binary's epoch is carried over, as Trivy does, so
 *   source versions compare like binary versions.
 * - purl: `pkg:rpm/<namespace>/<name>@<version>-<release>?arch=…&epoch=…`
 *   (purl-spec rpm type). The namespace is the distribution; the header only
 *   names a vendor, mapped here for the well-known ones — the scanner's OS step
 *   sets it from `/etc/os-release` where it knows better.
 */
import { withOptional, type FoundPackage } from '../generic.js';
import { purlOf } from '../purl.js';
import type { RpmHeaderFacts } from './parse-rpm-header.js';

/** Vendor strings (as rpm headers spell them) → purl namespace. Checked in order, case-insensitively. */
const VENDOR_NAMESPACES: ReadonlyArray<[RegExp, string]> = [
  [/^red hat/i, 'redhat'],
  [/^centos/i, 'centos'],
  [/^fedora/i, 'fedora'],
  [/^rocky/i, 'rocky'],
  [/^almalinux/i, 'almalinux'],
  [/^oracle/i, 'oracle'],
  [/^amazon/i, 'amazon'],
  [/^opensuse/i, 'opensuse'],
  [/^suse/i, 'suse'],
  [/^microsoft/i, 'mariner'],
  [/^scientific/i, 'scientific'],
];

export function rpmPackage(facts: RpmHeaderFacts): { found: FoundPackage; warning?: string } {
  const epochPrefix = facts.epoch === undefined ? '' : `${facts.epoch}:`;
  const version = `${epochPrefix}${facts.version}-${facts.release}`;
  const qualifiers: Record<string, string> = {};
  if (facts.arch) qualifiers.arch = facts.arch;
  if (facts.epoch !== undefined) qualifiers.epoch = String(facts.epoch);
  const purl = purlOf({ type: 'rpm', namespace: vendorNamespace(facts.vendor), name: facts.name, version: `${facts.version}-${facts.release}`, qualifiers });
  const parsedSource = facts.sourceRpm === undefined ? undefined : parseSourceRpm(facts.sourceRpm);
  const source = parsedSource ? { name: parsedSource.name, version: `${epochPrefix}${parsedSource.version}-${parsedSource.release}` } : { name: facts.name, version };
  const metadata = withOptional<Record<string, string | number | boolean>>({ release: facts.release }, { epoch: facts.epoch, vendor: facts.vendor, modularityLabel: facts.modularityLabel });
  const found = withOptional<FoundPackage>({ name: facts.name, version, type: 'rpm', source, purl, metadata }, { arch: facts.arch, licenses: facts.license ? [facts.license] : undefined });
  const warning = facts.sourceRpm !== undefined && !parsedSource ? `${facts.name}: unparsable SOURCERPM ${JSON.stringify(facts.sourceRpm)}` : undefined;
  return warning ? { found, warning } : { found };
}

export function vendorNamespace(vendor: string | undefined): string | undefined {
  if (!vendor) return undefined;
  return VENDOR_NAMESPACES.find(([pattern]) => pattern.test(vendor.trim()))?.[1];
}

/** `util-linux-2.32.1-42.el8_8.src.rpm` → util-linux, 2.32.1, 42.el8_8 (rpm's own N-V-R split: the last two hyphens). */
export function parseSourceRpm(fileName: string): { name: string; version: string; release: string } | undefined {
  const match = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(fileName.trim());
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { name: match[1], version: match[2], release: match[3] };
}
