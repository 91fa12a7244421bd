/**
 * One OS for an image from every release file found in it. os-release files
 * come first (`/etc/os-release` over `/usr/lib/os-release`, as os-release(5)
 * says), then the distribution-specific files. The winner keeps its family and
 * source; empty fields are filled from other files of the same family, and
 * Debian's `/etc/debian_version` adds the point release os-release leaves out
 * (`12` → `12.15`, as Syft reports it).
 */
import type { OsInfo } from './os-info.js';

const PRIORITY = ['/etc/os-release', '/usr/lib/os-release', '/etc/alpine-release', '/etc/debian_version', '/etc/redhat-release', '/etc/system-release', '/etc/system-release-cpe'];

export function chooseOs(results: readonly OsInfo[]): OsInfo | undefined {
  const rank = (info: OsInfo) => {
    const index = PRIORITY.indexOf(info.source);
    return index === -1 ? PRIORITY.length : index;
  };
  const ordered = results.filter((info) => info.family !== '').sort((a, b) => rank(a) - rank(b));
  const [first, ...others] = ordered;
  if (!first) return undefined;
  const chosen: OsInfo = { ...first };
  for (const other of others.filter((info) => info.family === chosen.family)) {
    if (chosen.version === '' && other.version !== '') chosen.version = other.version;
    if (chosen.codename === undefined && other.codename !== undefined) chosen.codename = other.codename;
    if (chosen.name === undefined && other.name !== undefined) chosen.name = other.name;
  }
  const pointRelease = others.find((info) => info.source === '/etc/debian_version' && info.family === 'debian')?.version;
  if (chosen.family === 'debian' && pointRelease && pointRelease.startsWith(`${chosen.version}.`)) chosen.version = pointRelease;
  return chosen;
}
