/**
 * yarn.lock. Classic (v1) lockfiles are Yarn's own indented format, read here
 * line by line; berry (v2+) lockfiles are YAML with a `__metadata` entry and
 * are handed to parse-yarn-berry.ts. Neither records dev-ness.
 */
import { type FoundPackage, type ParseInput, type ParseOutput } from '../generic.js';
import { isRegistryVersion, npmPackage } from './package.js';
import { parseYarnBerry } from './parse-yarn-berry.js';
import { parseDescriptor } from './yarn-descriptor.js';

const BERRY_MARKER = /^__metadata:\s*$/m;
/** `  version "1.2.3"`, `  "version" "1.2.3"` (npm-written), `  version: 1.2.3`. */
const VERSION_LINE = /^ {2}"?version"?:?\s+"?([^"\s]+)"?\s*$/;

interface Block {
  header: string;
  line: number;
  version?: string;
}

export function parseYarnLock(input: ParseInput): ParseOutput {
  if (BERRY_MARKER.test(input.text)) return parseYarnBerry(input);
  const warnings: string[] = [];
  const packages: FoundPackage[] = [];
  for (const block of blocks(input.text)) {
    const found = packageOf(block, warnings);
    if (found) packages.push(found);
  }
  return { packages, warnings };
}

/** Top-level entries: an unindented header line ending in `:` and its indented fields. */
function blocks(text: string): Block[] {
  const result: Block[] = [];
  let current: Block | undefined;
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      current = { header: line, line: index + 1 };
      result.push(current);
      continue;
    }
    const version = current && current.version === undefined ? VERSION_LINE.exec(line)?.[1] : undefined;
    if (current && version !== undefined) current.version = version;
  }
  return result;
}

function packageOf(block: Block, warnings: string[]): FoundPackage | undefined {
  // All descriptors of one entry resolve to the same package; the first names it.
  const first = block.header.replace(/:\s*$/, '').split(',')[0]?.trim().replace(/^"|"$/g, '') ?? '';
  const descriptor = parseDescriptor(first);
  if (!descriptor) {
    warnings.push(`line ${block.line}: not a yarn.lock entry: ${truncate(block.header)}`);
    return undefined;
  }
  if (descriptor.kind === 'ignored') return undefined;
  if (descriptor.kind === 'unknown') {
    warnings.push(`line ${block.line}: unknown protocol ${descriptor.protocol}: in ${truncate(first)}`);
    return undefined;
  }
  if (block.version === undefined || !isRegistryVersion(block.version)) {
    warnings.push(`line ${block.line}: ${descriptor.name} has no usable version`);
    return undefined;
  }
  return npmPackage({ name: descriptor.name, version: block.version });
}

function truncate(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
