/**
 * Every policy rule kind, in one explicit list (no self-registration). Adding
 * a kind: a file in this folder, a line here, its tests. Two kinds with one
 * name, or two kinds claiming one condition key, throw when this module loads.
 */
import { PolicyError } from '../policy-error.js';
import { baseOsRule } from './base-os-rule.js';
import { imageAgeRule } from './image-age-rule.js';
import { licensesRule } from './licenses-rule.js';
import { maxFindingsRule } from './max-findings-rule.js';
import { packageRule } from './package-rule.js';
import { requiredMetadataRule } from './required-metadata-rule.js';
import type { RegisteredRuleKind } from './rule-kind.js';
import { severityRule } from './severity-rule.js';
import { vulnerabilitiesRule } from './vulnerabilities-rule.js';

export const ruleKinds: readonly RegisteredRuleKind[] = Object.freeze([
  severityRule,
  maxFindingsRule,
  vulnerabilitiesRule,
  packageRule,
  licensesRule,
  imageAgeRule,
  baseOsRule,
  requiredMetadataRule,
]);

/** Indexes kinds by the condition keys they own; a duplicate name or key is a programming error. */
export function indexRuleKinds(kinds: readonly RegisteredRuleKind[]): ReadonlyMap<string, RegisteredRuleKind> {
  const names = new Set<string>();
  const byKey = new Map<string, RegisteredRuleKind>();
  for (const kind of kinds) {
    if (names.has(kind.name)) throw new PolicyError('RULE_KIND_DUPLICATE', `two policy rule kinds are named ${kind.name}`);
    names.add(kind.name);
    for (const key of kind.keys) {
      const owner = byKey.get(key);
      if (owner) throw new PolicyError('RULE_KIND_DUPLICATE', `policy rule kinds ${owner.name} and ${kind.name} both claim the condition key ${key}`);
      byKey.set(key, kind);
    }
  }
  return byKey;
}

export const ruleKindsByKey = indexRuleKinds(ruleKinds);
