/**
 * `package: {ecosystem: npm, name: minimist, versions: "<1.2.6"}` — a package
 * is denied by name, in some or (without `versions`) all versions. The package's
 * ecosystem comes from its type (package-ecosystem.ts); versions are ordered by
 * the caller's comparator, and a comparator that cannot order them makes the
 * rule an `error`, not a silent pass.
 */
import { z } from 'zod';
import type { Violation } from '../evaluation.js';
import { ecosystemOf, samePackageName } from '../package-ecosystem.js';
import { inRange } from '../version-range.js';
import { versionRangeSchema } from './condition-schemas.js';
import { defineRuleKind } from './rule-kind.js';

const schema = z.strictObject({
  package: z.strictObject({ ecosystem: z.string().trim().min(1), name: z.string().trim().min(1), versions: versionRangeSchema.optional() }),
});

export const packageRule = defineRuleKind({
  name: 'package',
  keys: ['package'],
  schema,
  evaluate(spec, subject) {
    const wanted = spec.package;
    const violations: Violation[] = [];
    for (const pkg of subject.input.packages) {
      const ecosystem = ecosystemOf(pkg.type, subject.input.os);
      if (!ecosystem || !ecosystem.names.some((name) => name.toLowerCase() === wanted.ecosystem.toLowerCase())) continue;
      if (!samePackageName(ecosystem.primary, pkg.name, wanted.name)) continue;
      if (wanted.versions) {
        let matches: boolean;
        try {
          matches = inRange(wanted.versions, pkg.version, (a, b) => subject.compareVersions(ecosystem.primary, a, b));
        } catch (error) {
          return { status: 'error', message: `cannot compare ${ecosystem.primary} versions (${pkg.name} ${pkg.version} against "${wanted.versions.text}"): ${(error as Error).message}` };
        }
        if (!matches) continue;
      }
      const which = wanted.versions ? `versions ${wanted.versions.text} of ${pkg.name} are denied` : `${pkg.name} is denied in every version`;
      const action = wanted.versions ? `upgrade to a version outside ${wanted.versions.text} or remove it` : 'remove it or replace it';
      violations.push({
        message: `${pkg.name} ${pkg.version} (${ecosystem.primary}): ${which}; ${action}`,
        package: pkg.name,
        packageType: pkg.type,
        purl: pkg.purl,
        installedVersion: pkg.version,
      });
    }
    return { status: 'evaluated', violations };
  },
});
