/**
 * Cargo.lock, formats v1 to v4: every format keeps one `[[package]]` table per
 * crate with `name` and `version` (v1 put checksums in `[metadata]`, v3/v4
 * add a top-level `version`; none of that changes what is read here). Crates
 * of the workspace itself (no `source`) are reported too, as Trivy does: a
 * workspace crate may share its name with a published one.
 */
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { validate, validEntries, type FoundPackage, type ParseInput, type ParseOutput } from '../generic.js';
import { purlOf } from '../purl.js';

const CargoLock = z.object({
  version: z.number().optional(),
  package: z.array(z.unknown()).optional(),
});
const CargoPackage = z.object({ name: z.string().min(1), version: z.string().min(1) });

/** Formats Cargo has written so far; a newer one is read the same way but noted. */
const KNOWN_VERSIONS = new Set([1, 2, 3, 4]);

export function parseCargoLock(input: ParseInput): ParseOutput {
  const lock = validate(CargoLock, parseToml(input.text, { maxDepth: 100 }), input.path);
  const warnings: string[] = [];
  if (lock.version !== undefined && !KNOWN_VERSIONS.has(lock.version)) warnings.push(`Cargo.lock format version ${lock.version} is newer than Airlock knows; read as version 4`);
  const entries = (lock.package ?? []).map((entry, index) => [`package[${index}]`, entry] as [string, unknown]);
  const packages: FoundPackage[] = validEntries(CargoPackage, entries, warnings).map(([, crate]) => ({
    name: crate.name,
    version: crate.version,
    type: 'cargo',
    purl: purlOf({ type: 'cargo', name: crate.name, version: crate.version }),
  }));
  return { packages, warnings };
}
