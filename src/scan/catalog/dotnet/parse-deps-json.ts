/**
 * .NET `*.deps.json`, written next to every published application. `libraries`
 * lists what the build resolved: NuGet packages (`package`), the runtime
 * bundled into self-contained apps (`runtimepack`), and the application's own
 * projects (`project`, skipped: own code, no release to match).
 *
 * The runtime target (`targets[runtimeTarget.name]`) says which assets each
 * library contributes. A library listed there without runtime, native or
 * resource assets ships no code (a metapackage, or a package whose assemblies
 * the shared framework provides), so it is skipped — Trivy does the same. A
 * library absent from the target (or a file without one) is kept: no evidence
 * that it was left out.
 */
import { z } from 'zod';
import { parseJson, validate, validEntries, type FoundPackage, type ParseInput, type ParseOutput } from '../generic.js';
import { purlOf } from '../purl.js';

const DepsJson = z.object({
  runtimeTarget: z.object({ name: z.string() }).optional(),
  targets: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  libraries: z.record(z.string(), z.unknown()).optional(),
});
const Library = z.object({ type: z.string() });
const TargetEntry = z.record(z.string(), z.unknown());

const REPORTED_TYPES = new Set(['package', 'runtimepack']);
const DEPLOYED_ASSETS = ['runtime', 'runtimeTargets', 'native', 'resources'];
/** Runtime packs are keyed `runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/8.0.0`; NuGet knows them without the prefix. */
const RUNTIME_PACK_PREFIX = 'runtimepack.';

export function parseDepsJson(input: ParseInput): ParseOutput {
  const deps = validate(DepsJson, parseJson(input.text, input.path), input.path);
  const warnings: string[] = [];
  const target = deps.runtimeTarget ? deps.targets?.[deps.runtimeTarget.name] : undefined;
  const packages: FoundPackage[] = [];
  for (const [key, library] of validEntries(Library, Object.entries(deps.libraries ?? {}), warnings)) {
    if (!REPORTED_TYPES.has(library.type)) continue;
    const slash = key.lastIndexOf('/');
    if (slash <= 0 || slash === key.length - 1) {
      warnings.push(`skipped library ${JSON.stringify(key)}: not name/version`);
      continue;
    }
    if (target && !deploysAssets(target[key])) continue;
    const rawName = key.slice(0, slash);
    const name = rawName.startsWith(RUNTIME_PACK_PREFIX) ? rawName.slice(RUNTIME_PACK_PREFIX.length) : rawName;
    const version = key.slice(slash + 1);
    packages.push({ name, version, type: 'dotnet', purl: purlOf({ type: 'nuget', name, version }) });
  }
  return { packages, warnings };
}

function deploysAssets(entry: unknown): boolean {
  if (entry === undefined) return true;
  const parsed = TargetEntry.safeParse(entry);
  if (!parsed.success) return true;
  return DEPLOYED_ASSETS.some((asset) => {
    const value = parsed.data[asset];
    return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
  });
}
