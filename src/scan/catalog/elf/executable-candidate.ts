/**
 * The cheap path filter the binary catalogers (Go build info, cargo-auditable)
 * share: a file is worth opening when it is executable, big enough to hold an
 * ELF header, and not in a tree that never holds programs. The real check is the
 * ELF magic in the content; this only keeps the layer walk from reading every
 * file twice.
 */
import type { FileHeader } from '../cataloger.js';

/** The smallest ELF header (32-bit); nothing shorter can be an executable. */
const MIN_ELF_SIZE = 52;

/** Trees that hold documentation, headers, locale data or virtual files, never programs worth scanning. */
const IGNORED_TREES = ['/proc/', '/sys/', '/dev/', '/usr/share/doc/', '/usr/share/man/', '/usr/share/info/', '/usr/share/locale/', '/usr/share/zoneinfo/', '/usr/include/', '/var/lib/dpkg/', '/var/lib/rpm/', '/var/cache/'];

/** Extensions of executable text files: scripts and data with a stray execute bit. */
const SCRIPT_EXTENSIONS = new Set(['.sh', '.bash', '.py', '.pl', '.pm', '.rb', '.js', '.mjs', '.cjs', '.php', '.lua', '.tcl', '.awk', '.sed', '.txt', '.md', '.json', '.xml', '.yaml', '.yml', '.conf', '.cfg', '.ini', '.h', '.c', '.html', '.css', '.jar', '.war']);

export function isExecutableCandidate(file: FileHeader): boolean {
  if ((file.mode & 0o111) === 0 || file.size < MIN_ELF_SIZE) return false;
  if (IGNORED_TREES.some((tree) => file.path.startsWith(tree))) return false;
  const base = file.path.slice(file.path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 || !SCRIPT_EXTENSIONS.has(base.slice(dot).toLowerCase());
}
