/**
 * Policy documents: `apiVersion: airlock/v1`, `kind: Policy`, a name (and a
 * team for a team policy), a grace period and rules. Each rule is `deny:` or
 * `warn:` one condition whose keys pick its rule kind (rules/rule-kinds.ts).
 * Reading a document validates all of it and reports every problem with its
 * YAML path, line and column.
 */
import { z } from 'zod';
import { DURATION_HELP, parseDuration } from '../config/index.js';
import { issuesFromZod, prefixIssues, type DocumentIssue } from './document-issue.js';
import type { RuleAction } from './evaluation.js';
import { PolicyError } from './policy-error.js';
import type { Condition } from './rules/rule-kind.js';
import { ruleKindsByKey } from './rules/rule-kinds.js';
import { readLocatedYaml, type LocatedIssue } from './located-yaml.js';

export const POLICY_API_VERSION = 'airlock/v1';

export interface PolicyRule {
  id: string;
  description?: string;
  action: RuleAction;
  /** The rule kind its condition picked. */
  kind: string;
  /** The condition as written (plain data), for diffs and display. */
  body: Readonly<Record<string, unknown>>;
  condition: Condition;
}

export interface PolicyDocument {
  apiVersion: typeof POLICY_API_VERSION;
  kind: 'Policy';
  metadata: { name: string; team?: string; description?: string };
  spec: {
    /** As written (`7d`); absent means no grace period (org) or the org's (team). */
    gracePeriod?: string;
    gracePeriodMs?: number;
    rules: PolicyRule[];
  };
}

const nameSchema = z.string().trim().min(1);
const ruleSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected an id of letters, digits, ".", "_" and "-", such as no-critical'),
  description: z.string().optional(),
  deny: z.record(z.string(), z.unknown()).optional(),
  warn: z.record(z.string(), z.unknown()).optional(),
});
const envelopeSchema = z.strictObject({
  apiVersion: z.literal(POLICY_API_VERSION),
  kind: z.literal('Policy'),
  metadata: z.strictObject({ name: nameSchema, team: nameSchema.optional(), description: z.string().optional() }),
  spec: z.strictObject({
    gracePeriod: z.string().refine((text) => parseDuration(text) !== undefined, { message: `expected ${DURATION_HELP}` }).optional(),
    // Each rule is validated on its own (readPolicy), with its index in the path. `rules:` with
    // every rule commented out is null in YAML: no rules, not an error.
    rules: z
      .array(z.unknown())
      .nullish()
      .transform((rules) => rules ?? []),
  }),
});
type Envelope = z.infer<typeof envelopeSchema>;
type RuleEnvelope = z.infer<typeof ruleSchema>;

const CONDITION_KEYS = [...ruleKindsByKey.keys()].join(', ');

/** Reads policy YAML; throws PolicyError POLICY_INVALID listing every problem with its path, line and column. */
export function parsePolicyDocument(text: string): PolicyDocument {
  const result = readLocatedYaml(text, (value) => {
    const read = readPolicy(value);
    return 'policy' in read ? { value: read.policy } : read;
  });
  if ('issues' in result) throw invalid(result.issues);
  return result.value;
}

/** Validates a policy given as plain data (the YAML's value); issues carry paths but no positions. */
export function readPolicy(value: unknown): { policy: PolicyDocument } | { issues: DocumentIssue[] } {
  const parsed = envelopeSchema.safeParse(value);
  const issues: DocumentIssue[] = parsed.success ? [] : issuesFromZod(parsed.error, value);
  // Rules are checked one by one even when the envelope is wrong, so one reading reports every problem.
  const rawRules = rulesOf(value);
  const rules: PolicyRule[] = [];
  const seen = new Map<string, number>();
  rawRules.forEach((raw, index) => {
    const path = ['spec', 'rules', index];
    const rule = ruleSchema.safeParse(raw);
    if (!rule.success) {
      issues.push(...prefixIssues(path, issuesFromZod(rule.error, raw)));
      return;
    }
    const earlier = seen.get(rule.data.id);
    if (earlier !== undefined) issues.push({ path: [...path, 'id'], message: `duplicate rule id ${rule.data.id} (also spec.rules[${earlier}])` });
    seen.set(rule.data.id, index);
    const compiled = compileRule(rule.data, path);
    if ('issues' in compiled) issues.push(...compiled.issues);
    else rules.push(compiled.rule);
  });
  if (!parsed.success || issues.length > 0) return { issues };
  const envelope: Envelope = parsed.data;
  const { gracePeriod } = envelope.spec;
  return {
    policy: {
      apiVersion: POLICY_API_VERSION,
      kind: 'Policy',
      metadata: envelope.metadata,
      spec: { ...(gracePeriod === undefined ? {} : { gracePeriod, gracePeriodMs: parseDuration(gracePeriod) }), rules },
    },
  };
}

function rulesOf(value: unknown): unknown[] {
  const spec: unknown = value !== null && typeof value === 'object' ? (value as Record<string, unknown>).spec : undefined;
  const rules: unknown = spec !== null && typeof spec === 'object' ? (spec as Record<string, unknown>).rules : undefined;
  return Array.isArray(rules) ? rules : [];
}

function compileRule(rule: RuleEnvelope, path: ReadonlyArray<string | number>): { rule: PolicyRule } | { issues: DocumentIssue[] } {
  if ((rule.deny === undefined) === (rule.warn === undefined)) {
    return { issues: [{ path, message: 'a rule has exactly one of deny: or warn:' }] };
  }
  const action: RuleAction = rule.deny ? 'deny' : 'warn';
  const body = (rule.deny ?? rule.warn) as Record<string, unknown>;
  const bodyPath = [...path, action];
  const keys = Object.keys(body);
  const unknown = keys.filter((key) => !ruleKindsByKey.has(key));
  if (unknown.length > 0) {
    return { issues: unknown.map((key) => ({ path: [...bodyPath, key], message: `unknown condition "${key}"; expected one of ${CONDITION_KEYS}`, atKey: true })) };
  }
  const kinds = [...new Set(keys.map((key) => ruleKindsByKey.get(key)))];
  const kind = kinds[0];
  if (kind === undefined) return { issues: [{ path: bodyPath, message: `expected a condition, one of ${CONDITION_KEYS}` }] };
  if (kinds.length > 1) {
    return { issues: [{ path: bodyPath, message: `a rule holds one condition, but this one mixes ${keys.join(', ')}: split it into one rule each` }] };
  }
  const compiled = kind.compile(body);
  if (!compiled.ok) return { issues: prefixIssues(bodyPath, compiled.issues) };
  return {
    rule: { id: rule.id, ...(rule.description === undefined ? {} : { description: rule.description }), action, kind: kind.name, body, condition: compiled.condition },
  };
}

function invalid(issues: LocatedIssue[]): PolicyError {
  const lines = issues.map((issue) => `${issue.path}${issue.line === undefined ? '' : ` (line ${issue.line}, column ${issue.column})`}: ${issue.message}`);
  return new PolicyError('POLICY_INVALID', lines.join('\n'), { detail: { issues } });
}
