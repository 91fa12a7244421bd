/**
 * Yarn descriptors (`name@range`, `alias@npm:real@range`, `name@git+https://…`)
 * and which of them name registry packages. Shared by the classic (v1) and
 * berry (v2+) lockfile parsers.
 */
import { splitNameAt } from './package.js';

export type DescriptorKind = 'registry' | 'ignored' | 'unknown';

export interface Descriptor {
  /** The real package name (an `npm:` alias resolved to its target). */
  name: string;
  kind: DescriptorKind;
  protocol: string;
}

/**
 * Protocols of things that are not registry releases: local code, git
 * checkouts and remote tarballs. Trivy skips them too; advisories name
 * registry versions, and the version such an entry records is whatever its
 * package.json said.
 */
const IGNORED_PROTOCOLS = new Set(['workspace', 'patch', 'file', 'link', 'portal', 'exec', 'github', 'gitlab', 'bitbucket', 'git', 'git+ssh', 'git+http', 'git+https', 'git+file', 'ssh', 'http', 'https']);

const PROTOCOL = /^([a-z][a-z0-9+.-]*):/i;

export function parseDescriptor(spec: string): Descriptor | undefined {
  const split = splitNameAt(spec);
  if (!split) return undefined;
  const protocol = PROTOCOL.exec(split.rest)?.[1]?.toLowerCase() ?? '';
  if (protocol === '') return { name: split.name, kind: 'registry', protocol };
  if (protocol === 'npm') {
    // `alias@npm:real@^1.0.0` installs `real`; `name@npm:^1.0.0` is just explicit.
    const target = splitNameAt(split.rest.slice('npm:'.length));
    return { name: target?.name ?? split.name, kind: 'registry', protocol };
  }
  return { name: split.name, kind: IGNORED_PROTOCOLS.has(protocol) ? 'ignored' : 'unknown', protocol };
}
