/**
 * The key a package name is indexed and looked up under. Most ecosystems compare
 * names exactly; PyPI names are compared in PEP 503 normal form (`Foo_Bar` and
 * `foo-bar` are one project) and NuGet ids case-insensitively, as their
 * registries do, so a cataloger's spelling and an advisory's spelling meet.
 */
import { baseEcosystem } from './ecosystems.js';

export function normalizePackageName(ecosystem: string, name: string): string {
  switch (baseEcosystem(ecosystem)) {
    case 'PyPI':
      return name.toLowerCase().replace(/[-_.]+/g, '-');
    case 'NuGet':
      return name.toLowerCase();
    default:
      return name;
  }
}
