/**
 * Paths inside an image: absolute, POSIX, normalised, never above the root.
 * Resolution is chroot-like: `..` stops at `/` and absolute symlink targets are
 * relative to the image root, so nothing ever points outside the image.
 */

/** Normalises a tar entry name (`./usr//lib/`, `usr/lib`) to `/usr/lib`; undefined when it climbs above the root. */
export function normaliseEntryPath(name: string): string | undefined {
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** Joins a link target to the directory of the link, clamping at the root. */
export function resolveLinkTarget(linkPath: string, target: string): string {
  const base = target.startsWith('/') ? '' : linkPath.slice(0, linkPath.lastIndexOf('/'));
  const parts: string[] = [];
  for (const part of `${base}/${target}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** Whether `path` is `directory` itself or lies below it. */
export function isWithin(path: string, directory: string): boolean {
  return directory === '/' || path === directory || path.startsWith(`${directory}/`);
}

export const MAX_LINK_HOPS = 40;

/**
 * Follows symlinks (in any component of the path) through `links`, at most
 * MAX_LINK_HOPS times, as the kernel does. Returns undefined for a loop.
 */
export function resolveInImage(path: string, links: ReadonlyMap<string, string>): string | undefined {
  let current = path;
  for (let hops = 0; hops <= MAX_LINK_HOPS; hops++) {
    const next = resolveFirstLink(current, links);
    if (next === undefined) return current;
    current = next;
  }
  return undefined;
}

/** The path with its first symlink component replaced by the link's target; undefined when no component is a link. */
function resolveFirstLink(path: string, links: ReadonlyMap<string, string>): string | undefined {
  const parts = path.split('/').filter(Boolean);
  let prefix = '';
  for (let i = 0; i < parts.length; i++) {
    prefix += `/${parts[i]}`;
    const target = links.get(prefix);
    if (target !== undefined) {
      const rest = parts.slice(i + 1).join('/');
      const resolved = resolveLinkTarget(prefix, target);
      return rest ? `${resolved === '/' ? '' : resolved}/${rest}` : resolved;
    }
  }
  return undefined;
}
