/**
 * What changed between two policy documents, as data (for the API and audit
 * log) and as text (for `airlock policy diff` and review comments). Rules are
 * matched by id; a rule whose action, condition or description differs is
 * changed, with its before and after.
 */
import type { RuleAction } from './evaluation.js';
import type { PolicyDocument, PolicyRule } from './policy-document.js';

export interface RuleSnapshot {
  id: string;
  action: RuleAction;
  kind: string;
  condition: Readonly<Record<string, unknown>>;
  description?: string;
}

export interface PolicyDiff {
  identical: boolean;
  metadata?: { before: PolicyDocument['metadata']; after: PolicyDocument['metadata'] };
  gracePeriod?: { before?: string; after?: string; beforeMs?: number; afterMs?: number };
  rulesAdded: RuleSnapshot[];
  rulesRemoved: RuleSnapshot[];
  rulesChanged: Array<{ id: string; before: RuleSnapshot; after: RuleSnapshot }>;
}

function snapshot(rule: PolicyRule): RuleSnapshot {
  return { id: rule.id, action: rule.action, kind: rule.kind, condition: rule.body, ...(rule.description === undefined ? {} : { description: rule.description }) };
}

/** JSON with sorted keys, so key order in the YAML is not a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function diffPolicies(before: PolicyDocument, after: PolicyDocument): PolicyDiff {
  const beforeRules = new Map(before.spec.rules.map((rule) => [rule.id, snapshot(rule)]));
  const afterRules = new Map(after.spec.rules.map((rule) => [rule.id, snapshot(rule)]));
  const rulesAdded = [...afterRules.values()].filter((rule) => !beforeRules.has(rule.id));
  const rulesRemoved = [...beforeRules.values()].filter((rule) => !afterRules.has(rule.id));
  const rulesChanged = [...afterRules.values()].flatMap((rule) => {
    const old = beforeRules.get(rule.id);
    return old && canonical(old) !== canonical(rule) ? [{ id: rule.id, before: old, after: rule }] : [];
  });
  const graceChanged = before.spec.gracePeriodMs !== after.spec.gracePeriodMs;
  const metadataChanged = canonical(before.metadata) !== canonical(after.metadata);
  const grace = (value: string | undefined, ms: number | undefined, key: 'before' | 'after') =>
    value === undefined ? {} : { [key]: value, [`${key}Ms`]: ms };
  return {
    identical: !graceChanged && !metadataChanged && rulesAdded.length === 0 && rulesRemoved.length === 0 && rulesChanged.length === 0,
    ...(metadataChanged ? { metadata: { before: before.metadata, after: after.metadata } } : {}),
    ...(graceChanged
      ? { gracePeriod: { ...grace(before.spec.gracePeriod, before.spec.gracePeriodMs, 'before'), ...grace(after.spec.gracePeriod, after.spec.gracePeriodMs, 'after') } }
      : {}),
    rulesAdded,
    rulesRemoved,
    rulesChanged,
  };
}

/** A compact flow rendering: `{severity: high, fixAvailable: true}`. */
export function renderCondition(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderCondition).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([key, item]) => `${key}: ${renderCondition(item)}`).join(', ')}}`;
  }
  if (typeof value === 'string') return /^[A-Za-z0-9][\w.+/@-]*$/.test(value) ? value : JSON.stringify(value);
  return String(value);
}

function renderRule(rule: RuleSnapshot): string {
  return `${rule.action} ${renderCondition(rule.condition)}${rule.description ? ` — ${rule.description}` : ''}`;
}

/** One line per change: `+` added, `-` removed, `~` changed. */
export function renderPolicyDiff(diff: PolicyDiff): string {
  if (diff.identical) return 'no changes';
  const lines: string[] = [];
  if (diff.metadata) lines.push(`~ metadata: ${renderCondition(diff.metadata.before)} → ${renderCondition(diff.metadata.after)}`);
  if (diff.gracePeriod) lines.push(`~ grace period: ${diff.gracePeriod.before ?? 'none'} → ${diff.gracePeriod.after ?? 'none'}`);
  for (const rule of diff.rulesAdded) lines.push(`+ rule ${rule.id}: ${renderRule(rule)}`);
  for (const rule of diff.rulesRemoved) lines.push(`- rule ${rule.id}: ${renderRule(rule)}`);
  for (const change of diff.rulesChanged) lines.push(`~ rule ${change.id}: ${renderRule(change.before)} → ${renderRule(change.after)}`);
  return lines.join('\n');
}
