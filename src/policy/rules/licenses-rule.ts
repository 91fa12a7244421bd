/**
 * `licenses: [GPL-3.0-only, AGPL-3.0-or-later]` — packages whose declared
 * licence forces one of these on the image are violations. See
 * license-expression.ts for how `OR`, `AND`, `WITH` and old GNU ids are read.
 * Packages without a declared licence are not judged (nothing is guessed).
 */
import { z } from 'zod';
import type { Violation } from '../evaluation.js';
import { deniedLicensesIn } from '../license-expression.js';
import { nameListSchema } from './condition-schemas.js';
import { defineRuleKind } from './rule-kind.js';

const schema = z.strictObject({ licenses: nameListSchema });

export const licensesRule = defineRuleKind({
  name: 'licenses',
  keys: ['licenses'],
  schema,
  evaluate(spec, subject) {
    const violations: Violation[] = [];
    for (const pkg of subject.input.packages) {
      const denied = new Set((pkg.licenses ?? []).flatMap((declared) => deniedLicensesIn(declared, spec.licenses)));
      if (denied.size === 0) continue;
      violations.push({
        message: `${pkg.name} ${pkg.version} is licensed under ${(pkg.licenses ?? []).join(', ')}, and the policy denies ${[...denied].join(', ')}; replace or remove it`,
        package: pkg.name,
        packageType: pkg.type,
        purl: pkg.purl,
        installedVersion: pkg.version,
      });
    }
    return { status: 'evaluated', violations };
  },
});
