/**
 * Gemfile.lock. Every source section (GEM for rubygems.org and other
 * registries, GIT checkouts, PATH gems) lists its gems under `specs:` at
 * exactly four spaces — `    name (version[-platform])` — with their own
 * requirements at six. Platform variants of one version (`nokogiri
 * (1.13.10-x86_64-linux)` and `-arm64-darwin`) are one package: which of them
 * is installed is decided at install time, not in the lockfile.
 */
import type { FoundPackage, ParseInput, ParseOutput } from '../generic.js';
import { GEM_NAME, GEM_VERSION, gemPackage, withoutPlatform } from './package.js';

const SPEC = /^ {4}(\S+) \(([^)\s]+)\)\s*$/;
const SECTIONS_WITH_SPECS = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE']);

export function parseGemfileLock(input: ParseInput): ParseOutput {
  const packages: FoundPackage[] = [];
  const warnings: string[] = [];
  let section = '';
  for (const [index, line] of input.text.split(/\r?\n/).entries()) {
    if (/^[A-Z]/.test(line)) {
      section = line.trim();
      continue;
    }
    if (!SECTIONS_WITH_SPECS.has(section) || !line.startsWith('    ') || line.startsWith('     ')) continue;
    const spec = SPEC.exec(line);
    const name = spec?.[1];
    const version = spec?.[2] ? withoutPlatform(spec[2]) : undefined;
    if (name && version && GEM_NAME.test(name) && GEM_VERSION.test(version)) packages.push(gemPackage({ name, version }));
    else warnings.push(`line ${index + 1}: not a gem spec: ${line.trim().slice(0, 120)}`);
  }
  return { packages, warnings };
}
