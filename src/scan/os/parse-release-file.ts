/**
 * The distribution-specific release files older or minimal images have instead
 * of (or beside) os-release:
 *
 * - `/etc/alpine-release`: `3.20.3`
 * - `/etc/debian_version`: `12.15` on stable, `trixie/sid` on testing and unstable
 * - `/etc/redhat-release`, `/etc/system-release`: `Rocky Linux release 8.10 (Green Obsidian)`
 * - `/etc/system-release-cpe`: `cpe:/o:centos:linux:6:GA` (CPE 2.2 or 2.3)
 *
 * Families use the os-release IDs of the same distributions, so results from
 * either kind of file can be compared.
 */
import type { OsInfo } from './os-info.js';

/** Distribution names in `… release …` lines → os-release ID. Checked in order. */
const RELEASE_NAMES: ReadonlyArray<[RegExp, string]> = [
  [/^red hat enterprise linux/i, 'rhel'],
  [/^centos/i, 'centos'],
  [/^rocky linux/i, 'rocky'],
  [/^almalinux/i, 'almalinux'],
  [/^scientific linux/i, 'scientific'],
  [/^fedora/i, 'fedora'],
  [/^amazon linux/i, 'amzn'],
  [/^oracle linux/i, 'ol'],
  [/^cbl-mariner/i, 'mariner'],
];

/** CPE vendors → os-release ID. */
const CPE_VENDORS: Readonly<Record<string, string>> = { redhat: 'rhel', centos: 'centos', fedoraproject: 'fedora', amazon: 'amzn', oracle: 'ol', rocky: 'rocky', almalinux: 'almalinux', scientificlinux: 'scientific' };

const firstLine = (text: string) => (text.split('\n')[0] ?? '').replace(/\r$/, '').trim();
const looksLikeVersion = (value: string) => /^[0-9][0-9A-Za-z.+~_-]*$/.test(value);

export function osFromAlpineRelease(text: string, source: string): OsInfo | undefined {
  const version = firstLine(text);
  return looksLikeVersion(version) ? { family: 'alpine', version, source } : undefined;
}

export function osFromDebianVersion(text: string, source: string): OsInfo | undefined {
  const line = firstLine(text);
  if (looksLikeVersion(line)) return { family: 'debian', version: line, source };
  // Testing and unstable write `<next codename>/sid`: the codename is all there is.
  const codename = /^([a-z]+)\/sid$/.exec(line)?.[1];
  return codename ? { family: 'debian', version: '', codename, source } : undefined;
}

export function osFromRedhatRelease(text: string, source: string): OsInfo | undefined {
  const line = firstLine(text);
  const match = /^(.+?)\s+release\s+([0-9][^\s()]*)/i.exec(line);
  if (!match?.[1] || !match[2]) return undefined;
  const distribution = match[1].trim();
  const family = RELEASE_NAMES.find(([pattern]) => pattern.test(distribution))?.[1] ?? distribution.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return { family, version: match[2], name: line, source };
}

export function osFromSystemReleaseCpe(text: string, source: string): OsInfo | undefined {
  const line = firstLine(text);
  // cpe:/o:vendor:product:version[:update] (CPE 2.2) or cpe:2.3:o:vendor:product:version:… (CPE 2.3)
  const parts = line.startsWith('cpe:2.3:') ? line.split(':').slice(3) : line.startsWith('cpe:/o:') ? line.slice('cpe:/o:'.length).split(':') : [];
  const [vendor, , version] = parts;
  if (!vendor || !version || !looksLikeVersion(version)) return undefined;
  return { family: CPE_VENDORS[vendor.toLowerCase()] ?? vendor.toLowerCase(), version, source };
}
